// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The control protocol as the co-processor serves it (SPEC 5), to every
 * peer: the host (which says hello as the host) and clients. The host's
 * table wins on connect (it pushes it); a pushed table is taken at the
 * higher of the two versions; status and wake events go to the host.
 */
#include "internal.h"
#include "table.h"

static int ns_core_handle(void *ctx, const struct ns_msg *msg,
			  struct ns_msg *reply);

int ns_core_peer_open(struct ns_core *core, bool may_change)
{
	int i;

	for (i = 0; i < NS_CORE_PEERS; i++) {
		if (core->peers[i].open)
			continue;
		core->peers[i].open = true;
		core->peers[i].role = 0;
		core->peers[i].may_change = may_change;
		ns_stream_init(&core->peers[i].stream);
		return i;
	}
	ns_core_log(core, NS_CORE_WARNING, "too many connections; one refused");
	return -1;
}

void ns_core_peer_gone(struct ns_core *core, int peer, __u64 now)
{
	if (peer < 0 || peer >= NS_CORE_PEERS || !core->peers[peer].open)
		return;
	core->peers[peer].open = false;
	if (peer == core->bus_peer)
		core->bus_peer = -1;
	if (peer != core->host)
		return;
	/* Saying goodbye, a host reports itself down first. */
	core->host = -1;
	ns_core_log(core, NS_CORE_NOTICE, "host disconnected");
	ns_core_set_host_state(core, NS_HOST_DOWN,
			       "its control connection closed without a goodbye",
			       now);
}

/* The core gave up on a stream: the platform closes its end. */
static void ns_core_peer_finish(struct ns_core *core, int peer, __u64 now)
{
	bool on_bus = peer == core->bus_peer;

	ns_core_peer_gone(core, peer, now);
	if (!on_bus && core->ops.close)
		core->ops.close(core->ops.ctx, peer);
}

/*
 * Lets go of the streams that are finished: the one closed by its end
 * (eof) and every one the core gave up on, here or in a failed send.
 */
static void ns_core_peers_reap(struct ns_core *core, int closed_by_peer,
			       __u64 now)
{
	int i;

	for (i = 0; i < NS_CORE_PEERS; i++) {
		if (!core->peers[i].open || !core->peers[i].stream.closed)
			continue;
		if (i == closed_by_peer)
			ns_core_peer_gone(core, i, now);
		else
			ns_core_peer_finish(core, i, now);
	}
}

void ns_core_peer_input(struct ns_core *core, int peer, const __u8 *data,
			__u32 len, bool eof, __u64 now)
{
	struct ns_core_call call = { core, peer, now };
	struct ns_stream_io io;

	if (peer < 0 || peer >= NS_CORE_PEERS || !core->peers[peer].open)
		return;
	ns_core_io(core, &call, ns_core_handle, &io);
	ns_stream_input(&core->peers[peer].stream, data, len, eof, now, &io);
	/* A passphrase stays no longer than its message. */
	ns_scrub(core->msg.wifi_psk, sizeof(core->msg.wifi_psk));
	ns_core_peers_reap(core, eof ? peer : -1, now);
}

void ns_core_peers_tick(struct ns_core *core, __u64 now)
{
	struct ns_core_call call = { core, 0, now };
	struct ns_stream_io io;
	int i;

	ns_core_io(core, &call, ns_core_handle, &io);
	for (i = 0; i < NS_CORE_PEERS; i++) {
		if (!core->peers[i].open)
			continue;
		call.peer = i;
		ns_stream_tick(&core->peers[i].stream, now, &io);
	}
	ns_core_peers_reap(core, -1, now);
}

static int ns_core_hello(struct ns_core *core, int peer, __u64 now,
			 const struct ns_msg *msg, struct ns_msg *reply)
{
	int old = core->host;

	core->peers[peer].role = msg->role;
	if (msg->role == NS_ROLE_HOST) {
		/* The host first: its old stream's going is no goodbye. */
		core->host = peer;
		if (old >= 0 && old != peer) {
			ns_core_log(core, NS_CORE_NOTICE,
				    "a new host connection replaces the old one");
			ns_core_peer_finish(core, old, now);
		}
		if (msg->fields & NS_FIELD(NS_TLV_HEARTBEAT_MS))
			core->heartbeat_ms = msg->heartbeat_ms;
		ns_core_log(core, NS_CORE_NOTICE,
			    "host connected (heartbeat every %u ms)",
			    core->heartbeat_ms);
		ns_core_heartbeat(core, now);
	}
	reply->type = NS_MSG_HELLO;
	reply->role = NS_ROLE_COPROCESSOR;
	reply->caps = NS_CAP_ALL;
	reply->heartbeat_ms = core->heartbeat_ms;
	reply->fields = NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS) |
			NS_FIELD(NS_TLV_HEARTBEAT_MS);
	return 0;
}

/* The host's table wins: it is the one its owner configured. */
static int ns_core_set_rules(struct ns_core *core, const struct ns_msg *msg,
			     struct ns_msg *reply)
{
	struct ns_rules next;

	ns_table_merge(&next, &msg->rules, &core->rules);
	ns_core_log(core, NS_CORE_DEBUG,
		    "rule sync: the host sends version %u, ours %u; taking %u",
		    msg->rules.table.version, core->rules.table.version,
		    next.table.version);
	if (ns_core_table_set(core, &next, NS_CORE_POLICY))
		return -NS_PERR_FAILED;
	ns_core_log(core, NS_CORE_NOTICE, "rule table version %u from the host",
		    core->rules.table.version);
	reply->type = NS_MSG_SET_RULES;
	reply->rules_version = core->rules.table.version;
	reply->rules_digest = core->digest;
	reply->fields = NS_FIELD(NS_TLV_RULES_VERSION) |
			NS_FIELD(NS_TLV_RULES_DIGEST);
	return 0;
}

static int ns_core_stats(struct ns_core *core, struct ns_msg *reply)
{
	if (core->ops.stats) {
		if (core->ops.stats(core->ops.ctx, reply->stats))
			return -NS_PERR_UNAVAILABLE;
	} else {
		ns_copy(reply->stats, core->stats, sizeof(core->stats));
	}
	reply->type = NS_MSG_GET_STATS;
	reply->stats_count = NS_REASON_COUNT;
	reply->fields = NS_FIELD(NS_TLV_STATS);
	return 0;
}

/* The station's state after new credentials: connecting, as a rule. */
static int ns_core_set_wifi_creds(struct ns_core *core,
				  const struct ns_msg *msg,
				  struct ns_msg *reply)
{
	int err = ns_core_wifi_creds(core, msg->wifi.ssid,
				     msg->fields & NS_FIELD(NS_TLV_WIFI_PSK)
					     ? msg->wifi_psk
					     : "");

	if (err)
		return err;
	reply->type = NS_MSG_SET_WIFI;
	reply->wifi.state = NS_WIFI_CONNECTING;
	reply->fields = NS_FIELD(NS_TLV_WIFI_STATE);
	ns_core_wifi_fill(core, reply);
	return 0;
}

/* The peer answered us: an error, or the version it took our table at. */
static void ns_core_reply(struct ns_core *core, const struct ns_msg *msg)
{
	struct ns_rules next = core->rules;

	if (msg->type == NS_MSG_ERROR)
		ns_core_log(core, NS_CORE_WARNING, "peer answered: %s",
			    msg->text);
	if (msg->type != NS_MSG_SET_RULES ||
	    msg->rules_digest != core->digest ||
	    msg->rules_version <= core->rules.table.version)
		return;
	next.table.version = msg->rules_version;
	ns_core_table_set(core, &next, NS_CORE_POLICY);
}

static int ns_core_handle(void *ctx, const struct ns_msg *msg,
			  struct ns_msg *reply)
{
	const struct ns_core_call *call = ctx;
	struct ns_core *core = call->core;
	bool from_host = call->peer == core->host;

	if (msg->flags & NS_MSG_F_REPLY) {
		ns_core_reply(core, msg);
		return 0;
	}
	if (!core->peers[call->peer].may_change && ns_msg_changes_state(msg))
		return -NS_PERR_PERMISSION;
	switch (msg->type) {
	case NS_MSG_HELLO:
		return ns_core_hello(core, call->peer, call->now, msg, reply);
	case NS_MSG_GET_MAC:
		reply->type = NS_MSG_GET_MAC;
		ns_copy(reply->status.mac, core->status.mac, 6);
		reply->fields = NS_FIELD(NS_TLV_MAC);
		return 0;
	case NS_MSG_GET_STATUS:
		reply->type = NS_MSG_GET_STATUS;
		ns_core_status_fill(core, reply);
		reply->wake_count = core->wake_count;
		reply->wake_limited = core->wake_limited;
		reply->wake_dropped = core->queue_dropped;
		reply->ring_full = core->ring_full;
		reply->connected = core->host >= 0;
		reply->fields |= NS_FIELD(NS_TLV_WAKE_COUNT) |
				 NS_FIELD(NS_TLV_WAKE_LIMITED) |
				 NS_FIELD(NS_TLV_WAKE_DROPPED) |
				 NS_FIELD(NS_TLV_RING_FULL) |
				 NS_FIELD(NS_TLV_CONNECTED);
		return 0;
	case NS_MSG_SET_RULES:
		return ns_core_set_rules(core, msg, reply);
	case NS_MSG_GET_RULES:
		ns_msg_put_rules(reply, NS_MSG_GET_RULES, &core->rules);
		return 0;
	case NS_MSG_SET_HOST_STATE:
		if (from_host)
			core->last_heartbeat = call->now;
		if (ns_core_set_host_state(core, msg->host_state,
					   "the host said so", call->now))
			return -NS_PERR_FAILED;
		reply->type = NS_MSG_SET_HOST_STATE;
		reply->host_state = core->host_state;
		reply->fields = NS_FIELD(NS_TLV_HOST_STATE);
		return 0;
	case NS_MSG_HEARTBEAT:
		if (from_host)
			ns_core_heartbeat(core, call->now);
		reply->type = NS_MSG_HEARTBEAT;
		reply->host_state = core->host_state;
		reply->fields = NS_FIELD(NS_TLV_HOST_STATE);
		return 0;
	case NS_MSG_GET_STATS:
		return ns_core_stats(core, reply);
	case NS_MSG_SET_WIFI:
		return ns_core_set_wifi_creds(core, msg, reply);
	}
	return -NS_PERR_NOT_SUPPORTED;
}
