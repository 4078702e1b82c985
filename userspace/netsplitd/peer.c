// SPDX-License-Identifier: GPL-2.0-only
/*
 * The connection to the co-processor: connect with backoff, hello, take
 * its network status and events, push the rule table, send heartbeats.
 * Every request is sent without waiting; replies come through the same
 * handler as events, so a stalled co-processor never stalls netsplitd.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "hostd.h"
#include "log.h"
#include "table.h"

static void hostd_send(struct hostd *h, struct ns_msg *req)
{
	if (h->peer && ns_conn_send(h->peer, req))
		ns_conn_close(h->peer);
}

static void hostd_ask(struct hostd *h, __u8 type)
{
	struct ns_msg req;

	if (!h->peer)
		return;
	ns_conn_request(h->peer, &req, type);
	hostd_send(h, &req);
}

void hostd_push_rules(struct hostd *h)
{
	struct ns_msg req;

	if (!h->peer)
		return;
	ns_conn_request(h->peer, &req, NS_MSG_SET_RULES);
	ns_msg_put_rules(&req, NS_MSG_SET_RULES, &h->sync.rules);
	ns_log(LOG_DEBUG, "rule sync: sending version %u, digest %08x",
	       h->sync.rules.table.version, h->sync.digest);
	hostd_send(h, &req);
}

int hostd_report_state(struct hostd *h, __u8 state)
{
	struct ns_msg req;

	if (state != h->host_state)
		ns_log(LOG_NOTICE, "host state %s", ns_host_state_name[state]);
	else
		ns_log(LOG_DEBUG, "host state %s, told again",
		       ns_host_state_name[state]);
	h->host_state = state;
	if (!h->peer)
		return -ENOTCONN;
	ns_conn_request(h->peer, &req, NS_MSG_SET_HOST_STATE);
	req.host_state = state;
	req.fields = NS_FIELD(NS_TLV_HOST_STATE);
	hostd_send(h, &req);
	return h->peer && !h->peer->closed ? 0 : -ENOTCONN;
}

/*
 * What the table decides on the host itself: its ephemeral ports come from
 * the host range, and shared ports are reserved (frames to them may go to
 * the slave).
 */
int hostd_rules_changed(struct hostd *h)
{
	static const enum ns_list_id reserve[] = { NS_LIST_SHARED_TCP,
						   NS_LIST_SHARED_UDP };

	return ns_port_sysctl_apply(&h->ports, &h->sync.rules,
				    NS_RANGE_HOST_TCP, reserve,
				    NS_ARRAY_SIZE(reserve));
}

/* The shared addresses go into our maps too: the guard matches on them. */
static void hostd_learn(struct hostd *h)
{
	struct ns_rules learned = h->sync.rules;
	int ret;

	ns_rules_learn(&learned, &h->status, h->host_state);
	ret = ns_sync_set_learned(&h->sync, &learned);
	if (ret)
		ns_log(LOG_ERR, "cannot write the addresses to the guard's table: %s",
		       strerror(-ret));
}

/* The co-processor's table as it last told us; status shows no other. */
static void hostd_peer_table(struct hostd *h, __u32 version, __u32 digest)
{
	ns_log(LOG_DEBUG,
	       "rule sync: the co-processor has version %u, digest %08x; ours %u, %08x",
	       version, digest, h->sync.rules.table.version, h->sync.digest);
	h->peer_version = version;
	h->peer_digest = digest;
	h->peer_known = true;
}

static void hostd_take_status(struct hostd *h, const struct ns_msg *msg)
{
	__u64 both = NS_FIELD(NS_TLV_RULES_VERSION) |
		     NS_FIELD(NS_TLV_RULES_DIGEST);

	if ((msg->fields & both) == both)
		hostd_peer_table(h, msg->rules_version, msg->rules_digest);
	if (msg->fields & NS_FIELD(NS_TLV_SUB_STATE))
		h->sub_state = msg->sub_state;
	memcpy(h->sub_error, msg->sub_error, sizeof(h->sub_error));
	h->have_wifi = msg->fields & NS_FIELD(NS_TLV_WIFI_STATE);
	h->wifi = msg->wifi;
	if (!memcmp(&h->status, &msg->status, sizeof(h->status)) &&
	    h->have_status)
		return;
	h->status = msg->status;
	h->have_status = true;
	hostd_learn(h);
	hostd_apply(h);
}

static int hostd_set_rules(struct hostd *h, const struct ns_msg *msg,
			   struct ns_msg *reply)
{
	int ret;

	if (msg->rules.table.version > h->sync.rules.table.version) {
		ret = ns_sync_adopt(&h->sync, &msg->rules);
		if (ret) {
			ns_log(LOG_ERR, "cannot write the co-processor's rule table: %s",
			       strerror(-ret));
			return -NS_PERR_FAILED;
		}
		ns_log(LOG_NOTICE, "rule table version %u from the co-processor",
		       h->sync.rules.table.version);
		hostd_rules_changed(h);
	} else if (ns_rules_digest(&msg->rules) != h->sync.digest) {
		/* Not newer than ours: ours wins, and goes back to it. */
		hostd_push_rules(h);
	}
	hostd_peer_table(h, msg->rules.table.version,
			 ns_rules_digest(&msg->rules));
	reply->type = NS_MSG_SET_RULES;
	reply->rules_version = h->sync.rules.table.version;
	reply->rules_digest = h->sync.digest;
	reply->fields = NS_FIELD(NS_TLV_RULES_VERSION) |
			NS_FIELD(NS_TLV_RULES_DIGEST);
	return 0;
}

static void hostd_wake(struct hostd *h, const struct ns_msg *msg)
{
	h->wake_count++;
	h->last_wake_reason = msg->wake_reason;
	h->last_wake_rule = msg->wake_rule;
	ns_log(LOG_NOTICE, "woken by the co-processor: %s, rule %u",
	       ns_reason_name[msg->wake_reason], msg->wake_rule);
	/* A netsplitd that reads this runs, so the host is awake. */
	if (h->host_state != NS_HOST_AWAKE)
		hostd_report_state(h, NS_HOST_AWAKE);
}

static void hostd_reply(struct hostd *h, const struct ns_msg *msg)
{
	if (msg->request_id == h->wifi_request) {
		hostd_wifi_answered(h, msg);
		return;
	}
	switch (msg->type) {
	case NS_MSG_HELLO:
		ns_log(LOG_NOTICE, "connected to the co-processor at %s",
		       h->cfg.host.control);
		break;
	case NS_MSG_GET_STATUS:
		hostd_take_status(h, msg);
		break;
	case NS_MSG_SET_RULES:
		hostd_peer_table(h, msg->rules_version, msg->rules_digest);
		if (ns_sync_agreed(&h->sync, msg->rules_version,
				   msg->rules_digest) > 0)
			ns_log(LOG_NOTICE, "rule table: the co-processor has it as version %u; so do we",
			       msg->rules_version);
		break;
	case NS_MSG_GET_STATS:
		memcpy(h->peer_stats, msg->stats, sizeof(h->peer_stats));
		h->have_peer_stats = true;
		break;
	case NS_MSG_ERROR:
		ns_log(LOG_WARNING, "the co-processor answered: %s", msg->text);
		break;
	}
}

/*
 * Hello, then everything the co-processor must know and everything we
 * want to know: on a new connection, and again when a silent co-processor
 * answers, which may have restarted or dropped what came meanwhile.
 */
static void hostd_greet(struct hostd *h, __u64 now)
{
	struct ns_msg req;

	h->wifi_request = 0;
	ns_conn_request(h->peer, &req, NS_MSG_HELLO);
	req.role = NS_ROLE_HOST;
	req.caps = NS_CAP_ALL;
	req.heartbeat_ms = h->cfg.host.heartbeat_ms;
	req.fields = NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS) |
		     NS_FIELD(NS_TLV_HEARTBEAT_MS);
	hostd_send(h, &req);
	hostd_ask(h, NS_MSG_GET_STATUS);
	hostd_push_rules(h);
	hostd_report_state(h, h->host_state);
	hostd_ask(h, NS_MSG_GET_STATS);
	hostd_wifi_greet(h);
	h->next_heartbeat = now + h->cfg.host.heartbeat_ms;
	h->last_greeted = now;
}

/* The silence limit: heartbeat_misses heartbeats without an answer. */
static __u64 hostd_silence_limit(const struct hostd *h)
{
	return (__u64)h->cfg.host.heartbeat_ms * h->cfg.host.heartbeat_misses;
}

/* Anything from the co-processor ends its silence. */
static void hostd_heard(struct hostd *h, __u64 now)
{
	if (h->peer_state == NS_PEER_SILENT) {
		ns_log(LOG_NOTICE,
		       "the co-processor answers again after %llu ms of silence; saying hello and syncing the rule table again",
		       (unsigned long long)(now - h->last_heard));
		h->peer_state = NS_PEER_UP;
		hostd_greet(h, now);
	}
	h->last_heard = now;
}

static int hostd_peer_handle(struct ns_conn *conn, const struct ns_msg *msg,
			     struct ns_msg *reply, void *ctx)
{
	struct hostd *h = ctx;

	(void)conn;
	hostd_heard(h, ns_now_ms());
	if (msg->flags & NS_MSG_F_REPLY) {
		hostd_reply(h, msg);
		return 0;
	}
	switch (msg->type) {
	case NS_MSG_STATUS_EVENT:
		hostd_take_status(h, msg);
		return 0;
	case NS_MSG_WAKE_EVENT:
		hostd_wake(h, msg);
		return 0;
	case NS_MSG_SET_RULES:
		return hostd_set_rules(h, msg, reply);
	case NS_MSG_GET_RULES:
		ns_msg_put_rules(reply, NS_MSG_GET_RULES, &h->sync.rules);
		return 0;
	}
	return -NS_PERR_NOT_SUPPORTED;
}

static void hostd_connect(struct hostd *h, __u64 now)
{
	int fd;

	fd = ns_endpoint_connect(h->cfg.host.control);
	if (fd < 0) {
		if (h->backoff_ms == HOSTD_BACKOFF_MIN_MS)
			ns_log(LOG_NOTICE, "waiting for the co-processor at %s (%s)",
			       h->cfg.host.control, strerror(-fd));
		h->next_connect = now + h->backoff_ms;
		h->backoff_ms = h->backoff_ms * 2 > HOSTD_BACKOFF_MAX_MS ?
					HOSTD_BACKOFF_MAX_MS :
					h->backoff_ms * 2;
		return;
	}
	h->peer = calloc(1, sizeof(*h->peer));
	if (!h->peer) {
		close(fd);
		return;
	}
	ns_conn_init(h->peer, fd);
	if (ns_epoll_add(h->epfd, fd, HOSTD_TAG_PEER)) {
		ns_conn_close(h->peer);
		return;
	}
	h->backoff_ms = HOSTD_BACKOFF_MIN_MS;
	/* Silent stays silent until it answers on the new stream. */
	if (h->peer_state != NS_PEER_SILENT) {
		h->peer_state = NS_PEER_UP;
		h->last_heard = now;
	}
	hostd_greet(h, now);
}

static void hostd_peer_gone(struct hostd *h, __u64 now)
{
	ns_log(LOG_WARNING, "lost the co-processor; reconnecting");
	free(h->peer);
	h->peer = NULL;
	if (h->peer_state != NS_PEER_SILENT)
		h->peer_state = NS_PEER_CONNECTING;
	h->peer_known = false;
	h->next_connect = now + h->backoff_ms;
}

/*
 * A co-processor can hang while its link stays up (the bus, a socket):
 * only its answers tell. Silent, it is reported down; the host keeps its
 * address, and heartbeats go on, so its first answer brings it back. One
 * that dropped our stream (it restarted, or gave up on it) ignores it until
 * a new one begins: a new one begins each silence limit without an answer.
 */
static void hostd_check_silence(struct hostd *h, __u64 now)
{
	__u64 limit = hostd_silence_limit(h);

	if (h->peer_state == NS_PEER_UP && now - h->last_heard > limit) {
		h->peer_state = NS_PEER_SILENT;
		ns_log(LOG_WARNING,
		       "the co-processor is down: no answer for %llu ms (limit %llu ms: %u x %u ms); keeping the address, waiting for it to answer",
		       (unsigned long long)(now - h->last_heard),
		       (unsigned long long)limit, h->cfg.host.heartbeat_misses,
		       h->cfg.host.heartbeat_ms);
	} else if (h->peer_state == NS_PEER_SILENT &&
		   now - h->last_greeted > limit) {
		ns_log(LOG_INFO,
		       "no answer to the last hello either: a new control stream");
		ns_conn_close(h->peer);
		free(h->peer);
		h->peer = NULL;
		hostd_connect(h, now);
	}
}

void hostd_peer_receive(struct hostd *h)
{
	if (h->peer)
		ns_conn_receive(h->peer, hostd_peer_handle, h);
	if (h->peer && h->peer->closed)
		hostd_peer_gone(h, ns_now_ms());
}

/*
 * Time we did not run (the host suspended, netsplitd stopped or starved)
 * is no silence of the co-processor's: it got no heartbeat to answer.
 * Late by more than a heartbeat, the count starts again.
 */
static void hostd_check_stall(struct hostd *h, __u64 now)
{
	__u64 stalled = now - h->last_tick;

	if (h->last_tick && stalled > h->cfg.host.heartbeat_ms + HOSTD_TICK_MS) {
		ns_log(LOG_INFO,
		       "netsplitd did not run for %llu ms (the host suspended, or netsplitd was stopped): not the co-processor's silence",
		       (unsigned long long)stalled);
		if (h->peer_state == NS_PEER_SILENT)
			h->last_greeted = now;
		else
			h->last_heard = now;
	}
	h->last_tick = now;
}

void hostd_peer_tick(struct hostd *h, __u64 now)
{
	hostd_check_stall(h, now);
	if (h->peer) {
		ns_conn_tick(h->peer, now);
		if (!h->peer->closed && now >= h->next_heartbeat) {
			h->next_heartbeat = now + h->cfg.host.heartbeat_ms;
			hostd_ask(h, NS_MSG_HEARTBEAT);
			hostd_ask(h, NS_MSG_GET_STATS);
		}
		if (!h->peer->closed)
			hostd_check_silence(h, now);
		if (h->peer && h->peer->closed)
			hostd_peer_gone(h, now);
	} else if (now >= h->next_connect) {
		hostd_connect(h, now);
	}
	if (!h->ready && (h->restored || now - h->started > HOSTD_READY_WAIT_MS)) {
		h->ready = true;
		ns_sd_notify(h->restored ? "READY=1\nSTATUS=network restored" :
					   "READY=1\nSTATUS=waiting for the co-processor");
	}
}
