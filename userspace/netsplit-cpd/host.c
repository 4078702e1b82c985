// SPDX-License-Identifier: GPL-2.0-only
/*
 * The protocol as the co-processor serves it, and the host state machine:
 * awake or sleeping as the host says; down when heartbeats stop (after
 * heartbeat_misses intervals), awake again on the next one. A sleeping host
 * sends no heartbeats, so silence does not make it down.
 */
#include <errno.h>
#include <string.h>

#include "cpd.h"
#include "log.h"

void cpd_broadcast(struct cpd *cpd, const struct ns_msg *msg)
{
	if (cpd->host && ns_conn_send(cpd->host, msg))
		ns_conn_close(cpd->host);
}

void cpd_status_changed(struct cpd *cpd)
{
	struct ns_msg event;

	memset(&event, 0, sizeof(event));
	event.type = NS_MSG_STATUS_EVENT;
	cpd_status_fill(cpd, &event);
	cpd_broadcast(cpd, &event);
}

int cpd_set_host_state(struct cpd *cpd, __u8 state, const char *why)
{
	struct ns_rules learned = cpd->sync.rules;
	int ret;

	if (state == cpd->host_state)
		return 0;
	learned.table.host_state = state;
	ret = ns_sync_set_learned(&cpd->sync, &learned);
	if (ret) {
		ns_log(LOG_ERR, "cannot write the host state: %s",
		       strerror(-ret));
		return ret;
	}
	ns_log(LOG_NOTICE, "host %s -> %s (%s)",
	       ns_host_state_name[cpd->host_state], ns_host_state_name[state],
	       why);
	cpd->host_state = state;
	/* Awake, or asleep again: the next wake is a new one. */
	if (state != NS_HOST_DOWN)
		cpd->waking = false;
	if (state == NS_HOST_AWAKE)
		cpd_wake_deliver(cpd);
	cpd_status_changed(cpd);
	return 0;
}

static void cpd_heartbeat(struct cpd *cpd)
{
	cpd->last_heartbeat = ns_now_ms();
	if (cpd->host_state == NS_HOST_DOWN)
		cpd_set_host_state(cpd, NS_HOST_AWAKE, "heartbeat");
}

void cpd_host_tick(struct cpd *cpd, __u64 now)
{
	__u64 limit = (__u64)cpd->heartbeat_ms * cpd->cfg.cp.heartbeat_misses;

	if (cpd->host_state == NS_HOST_AWAKE &&
	    now - cpd->last_heartbeat > limit)
		cpd_set_host_state(cpd, NS_HOST_DOWN,
				   "no heartbeat for too long");
}

/*
 * What the table decides on the co-processor itself: its own connections
 * take their local ports from the slave range, never a static host port,
 * so that their replies are classified as the slave's; and its wake
 * subscription. The table is kept in the state file.
 */
int cpd_rules_changed(struct cpd *cpd)
{
	static const enum ns_list_id reserve[] = { NS_LIST_STATIC_TCP_DST,
						   NS_LIST_STATIC_UDP_DST };
	int ret;

	ret = ns_port_sysctl_apply(&cpd->ports, &cpd->sync.rules,
				   NS_RANGE_SLAVE_TCP, reserve,
				   NS_ARRAY_SIZE(reserve));
	cpd_sub_update(cpd);
	cpd_state_save(cpd);
	return ret;
}

static void cpd_push_rules(struct cpd *cpd)
{
	struct ns_msg req;

	if (!cpd->host)
		return;
	ns_conn_request(cpd->host, &req, NS_MSG_SET_RULES);
	ns_msg_put_rules(&req, NS_MSG_SET_RULES, &cpd->sync.rules);
	if (ns_conn_send(cpd->host, &req))
		ns_conn_close(cpd->host);
}

void cpd_rules_tick(struct cpd *cpd)
{
	int ret = ns_sync_poll(&cpd->sync);

	if (ret < 0) {
		ns_log(LOG_ERR, "the rule table in %s was edited into one that breaks a rule (%s); not pushed",
		       cpd->cfg.cp.pin_root, strerror(-ret));
		return;
	}
	if (!ret)
		return;
	ns_log(LOG_NOTICE, "rule table edited here: now version %u",
	       cpd->sync.rules.table.version);
	cpd_rules_changed(cpd);
	cpd_push_rules(cpd);
	cpd_status_changed(cpd);
}

static int cpd_hello(struct cpd *cpd, struct ns_conn *conn,
		     const struct ns_msg *msg, struct ns_msg *reply)
{
	if (msg->role == NS_ROLE_HOST) {
		if (cpd->host && cpd->host != conn) {
			ns_log(LOG_NOTICE, "a new host connection replaces the old one");
			ns_conn_close(cpd->host);
		}
		cpd->host = conn;
		if (msg->fields & NS_FIELD(NS_TLV_HEARTBEAT_MS))
			cpd->heartbeat_ms = msg->heartbeat_ms;
		ns_log(LOG_NOTICE, "host connected (heartbeat every %u ms)",
		       cpd->heartbeat_ms);
		cpd_heartbeat(cpd);
	}
	reply->type = NS_MSG_HELLO;
	reply->role = NS_ROLE_COPROCESSOR;
	reply->caps = NS_CAP_ALL;
	reply->heartbeat_ms = cpd->heartbeat_ms;
	reply->fields = NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS) |
			NS_FIELD(NS_TLV_HEARTBEAT_MS);
	return 0;
}

static int cpd_set_rules(struct cpd *cpd, const struct ns_msg *msg,
			 struct ns_msg *reply)
{
	int ret;

	/* The host's table wins: it is the one its owner configured. */
	ret = ns_sync_adopt(&cpd->sync, &msg->rules);
	if (ret) {
		ns_log(LOG_ERR, "cannot write the host's rule table: %s",
		       strerror(-ret));
		return -NS_PERR_FAILED;
	}
	ns_log(LOG_NOTICE, "rule table version %u from the host",
	       cpd->sync.rules.table.version);
	cpd_rules_changed(cpd);
	reply->type = NS_MSG_SET_RULES;
	reply->rules_version = cpd->sync.rules.table.version;
	reply->rules_digest = cpd->sync.digest;
	reply->fields = NS_FIELD(NS_TLV_RULES_VERSION) |
			NS_FIELD(NS_TLV_RULES_DIGEST);
	return 0;
}

static int cpd_stats(struct cpd *cpd, struct ns_msg *reply)
{
	int ret = ns_maps_read_stats(&cpd->dp.maps, reply->stats);

	if (ret)
		return -NS_PERR_UNAVAILABLE;
	reply->type = NS_MSG_GET_STATS;
	reply->stats_count = NS_REASON_COUNT;
	reply->fields = NS_FIELD(NS_TLV_STATS);
	return 0;
}

int cpd_handle(struct ns_conn *conn, const struct ns_msg *msg,
	       struct ns_msg *reply, void *ctx)
{
	struct cpd *cpd = ctx;

	if (msg->flags & NS_MSG_F_REPLY) {
		if (msg->type == NS_MSG_ERROR)
			ns_log(LOG_WARNING, "peer answered: %s", msg->text);
		if (msg->type == NS_MSG_SET_RULES &&
		    ns_sync_agreed(&cpd->sync, msg->rules_version,
				   msg->rules_digest) > 0)
			cpd_rules_changed(cpd);
		return 0;
	}
	switch (msg->type) {
	case NS_MSG_HELLO:
		return cpd_hello(cpd, conn, msg, reply);
	case NS_MSG_GET_MAC:
		reply->type = NS_MSG_GET_MAC;
		memcpy(reply->status.mac, cpd->status.mac, 6);
		reply->fields = NS_FIELD(NS_TLV_MAC);
		return 0;
	case NS_MSG_GET_STATUS:
		reply->type = NS_MSG_GET_STATUS;
		cpd_status_fill(cpd, reply);
		reply->wake_count = cpd->wake_count;
		reply->connected = cpd->host != NULL;
		reply->fields |= NS_FIELD(NS_TLV_WAKE_COUNT) |
				 NS_FIELD(NS_TLV_CONNECTED);
		return 0;
	case NS_MSG_SET_RULES:
		return cpd_set_rules(cpd, msg, reply);
	case NS_MSG_GET_RULES:
		ns_msg_put_rules(reply, NS_MSG_GET_RULES, &cpd->sync.rules);
		return 0;
	case NS_MSG_SET_HOST_STATE:
		if (conn == cpd->host)
			cpd->last_heartbeat = ns_now_ms();
		if (cpd_set_host_state(cpd, msg->host_state, "the host said so"))
			return -NS_PERR_FAILED;
		reply->type = NS_MSG_SET_HOST_STATE;
		reply->host_state = cpd->host_state;
		reply->fields = NS_FIELD(NS_TLV_HOST_STATE);
		return 0;
	case NS_MSG_HEARTBEAT:
		if (conn == cpd->host)
			cpd_heartbeat(cpd);
		reply->type = NS_MSG_HEARTBEAT;
		reply->host_state = cpd->host_state;
		reply->fields = NS_FIELD(NS_TLV_HOST_STATE);
		return 0;
	case NS_MSG_GET_STATS:
		return cpd_stats(cpd, reply);
	}
	return -NS_PERR_NOT_SUPPORTED;
}
