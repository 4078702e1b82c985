// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's core (common/core/) on a scripted platform: every
 * protocol message, every host-state transition with its timing, waking and
 * the queue, the bus, frames from the uplink, the subscription's messages,
 * versions, and a restart from what the core saved.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core.h"
#include "fmt.h"
#include "frames.h"
#include "table.h"

#define PEERS_SEEN 4
/* Messages kept per peer; one more and the peer is gone, as a full socket. */
#define SENT_SEEN 32
#define FRAMES_SEEN 64
#define QUEUE 4

/* Everything the core asked of the platform. */
struct platform {
	struct ns_msg sent[PEERS_SEEN][SENT_SEEN]; /* decoded, per peer */
	unsigned int nsent[PEERS_SEEN];
	bool closed[PEERS_SEEN];
	__u8 to_host[FRAMES_SEEN][64];
	unsigned int nhost, nstack, nuplink;
	__u8 bus[16][NS_BUS_FRAME_MAX];
	__u32 bus_len[16];
	unsigned int nbus;
	unsigned int tables, policies;
	struct ns_core_saved saved;
	unsigned int saves;
	unsigned int wakes;
	__u8 wake_reason;
	struct ns_wake_sub sub;
	unsigned int connects, disconnects;
	bool listens; /* the own stack's answer for shared ports */
	bool refuse_table;
};

static struct platform pf;
static struct ns_core core;
static struct ns_core_frame queue[QUEUE];
static struct ns_frag_slot frags[64];

static int op_send(void *ctx, int peer, const __u8 *buf, __u32 len)
{
	(void)ctx;
	if (peer >= PEERS_SEEN || pf.nsent[peer] >= SENT_SEEN)
		return -1;
	CHECK(ns_msg_frame(buf, len) == (int)len, "the core sent a whole message");
	CHECK(!ns_msg_decode(buf, len, &pf.sent[peer][pf.nsent[peer]]),
	      "the core's message decodes");
	pf.nsent[peer]++;
	return 0;
}

static void op_close(void *ctx, int peer)
{
	(void)ctx;
	if (peer < PEERS_SEEN)
		pf.closed[peer] = true;
}

static int op_to_host(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	if (pf.nhost < FRAMES_SEEN)
		memcpy(pf.to_host[pf.nhost], frame, len < 64 ? len : 64);
	pf.nhost++;
	return 0;
}

static void op_to_stack(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	(void)frame;
	(void)len;
	pf.nstack++;
}

static int op_to_uplink(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	(void)frame;
	(void)len;
	pf.nuplink++;
	return 0;
}

static int op_bus_write(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	if (pf.nbus < 16) {
		memcpy(pf.bus[pf.nbus], frame, len);
		pf.bus_len[pf.nbus] = len;
	}
	pf.nbus++;
	return 0;
}

static bool op_listens(void *ctx, const __u8 *frame, const struct ns_flow *f)
{
	(void)ctx;
	(void)frame;
	(void)f;
	return pf.listens;
}

static int op_table(void *ctx, const struct ns_rules *rules, unsigned int what)
{
	(void)ctx;
	(void)rules;
	pf.tables++;
	if (what & NS_CORE_POLICY)
		pf.policies++;
	return pf.refuse_table ? -1 : 0;
}

static void op_save(void *ctx, const struct ns_core_saved *saved)
{
	(void)ctx;
	pf.saved = *saved;
	pf.saves++;
}

static void op_wake(void *ctx, __u8 reason, __u8 rule)
{
	(void)ctx;
	(void)rule;
	pf.wakes++;
	pf.wake_reason = reason;
}

static void op_sub_connect(void *ctx, const struct ns_wake_sub *sub)
{
	(void)ctx;
	pf.sub = *sub;
	pf.connects++;
}

/* As libmosquitto does, the client says it lost the connection. */
static void op_sub_disconnect(void *ctx)
{
	(void)ctx;
	pf.disconnects++;
	ns_core_sub_failed(&core, "disconnected", 0);
}

static const struct ns_core_ops ops = {
	.send = op_send,
	.close = op_close,
	.to_host = op_to_host,
	.to_stack = op_to_stack,
	.to_uplink = op_to_uplink,
	.slave_listens = op_listens,
	.table = op_table,
	.save = op_save,
	.wake = op_wake,
	.sub_connect = op_sub_connect,
	.sub_disconnect = op_sub_disconnect,
};

static const struct ns_core_settings settings = { .heartbeat_ms = 1000,
						  .heartbeat_misses = 3 };

/* A new core on the scripted platform (with a bus when bus is set). */
static void start(const struct ns_core_saved *saved, bool bus)
{
	struct ns_core_ops o = ops;
	struct ns_rules rules;

	memset(&pf, 0, sizeof(pf));
	if (bus)
		o.bus_write = op_bus_write;
	ns_rules_default(&rules);
	ns_core_init(&core, &o, &settings, queue, QUEUE, frags,
		     NS_ARRAY_SIZE(frags));
	ns_core_start(&core, saved, &rules, 1000);
}

/* msg from peer, as bytes on its stream. */
static void from(int peer, struct ns_msg *msg, __u64 now)
{
	__u8 buf[NS_MSG_MAX];
	int len = ns_msg_encode(msg, buf, sizeof(buf));

	CHECK(len > 0, "encode %s", ns_msg_name[msg->type]);
	ns_core_peer_input(&core, peer, buf, (__u32)len, false, now);
}

/* The last message of type the core sent to peer. */
static const struct ns_msg *last_of(int peer, __u8 type)
{
	static struct ns_msg none;
	unsigned int i;

	for (i = pf.nsent[peer]; i; i--)
		if (pf.sent[peer][i - 1].type == type)
			return &pf.sent[peer][i - 1];
	return &none;
}

/* The last message the core sent to peer. */
static const struct ns_msg *last(int peer)
{
	static struct ns_msg none;

	return pf.nsent[peer] ? &pf.sent[peer][pf.nsent[peer] - 1] : &none;
}

static int hello(__u8 role, __u64 now)
{
	struct ns_msg m = { .type = NS_MSG_HELLO, .request_id = 1,
			    .role = role, .caps = NS_CAP_ALL,
			    .heartbeat_ms = 500,
			    .fields = NS_FIELD(NS_TLV_ROLE) |
				      NS_FIELD(NS_TLV_CAPS) |
				      NS_FIELD(NS_TLV_HEARTBEAT_MS) };
	int peer = ns_core_peer_open(&core, true);

	from(peer, &m, now);
	return peer;
}

static void ask(int peer, __u8 type, __u64 now)
{
	struct ns_msg m = { .type = type, .request_id = 7 };

	from(peer, &m, now);
}

static void set_state(int peer, __u8 state, __u64 now)
{
	struct ns_msg m = { .type = NS_MSG_SET_HOST_STATE, .request_id = 8,
			    .host_state = state,
			    .fields = NS_FIELD(NS_TLV_HOST_STATE) };

	from(peer, &m, now);
}

static void network(bool up)
{
	struct ns_net_status st = { .mac = { 2, 0x6e, 0x73, 0, 0, 0x10 },
				    .link_up = up,
				    .ipv4 = { .family = 4, .prefix = 24,
					      .addr = { 192, 168, 50, 10 } },
				    .gateway4 = { 192, 168, 50, 1 },
				    .gateway6 = { 0xfe, 0x80, [15] = 1 },
				    .mtu = 1500 };

	ns_core_set_network(&core, &st, 1000);
}

static void test_protocol(void)
{
	struct ns_msg m = { 0 };
	int host, client;

	start(NULL, false);
	CHECK(pf.policies == 1 && pf.connects == 0 && pf.saves == 1 &&
		      core.sub_state == NS_SUB_NONE,
	      "start: the table into the platform, saved, no subscription: %u %u %u",
	      pf.policies, pf.connects, pf.saves);
	network(true);
	host = hello(NS_ROLE_HOST, 1000);
	CHECK(last(host)->type == NS_MSG_HELLO &&
		      (last(host)->flags & NS_MSG_F_REPLY) &&
		      last(host)->role == NS_ROLE_COPROCESSOR &&
		      last(host)->heartbeat_ms == 500,
	      "hello: the co-processor, at the host's heartbeat interval");
	client = hello(NS_ROLE_CLIENT, 1000);
	ask(client, NS_MSG_GET_MAC, 1000);
	CHECK(last(client)->type == NS_MSG_GET_MAC &&
		      last(client)->status.mac[5] == 0x10,
	      "get-mac");
	ask(client, NS_MSG_GET_STATUS, 1000);
	CHECK(last(client)->type == NS_MSG_GET_STATUS &&
		      last(client)->status.ipv4.addr[3] == 10 &&
		      last(client)->connected == 1 &&
		      last(client)->host_state == NS_HOST_AWAKE &&
		      last(client)->rules_digest == core.digest &&
		      (last(client)->fields & NS_FIELD(NS_TLV_SUB_STATE)),
	      "get-status: network, host connected and awake, the table");
	ask(client, NS_MSG_GET_RULES, 1000);
	CHECK(last(client)->type == NS_MSG_GET_RULES &&
		      ns_rules_digest(&last(client)->rules) == core.digest,
	      "get-rules");
	ask(client, NS_MSG_HEARTBEAT, 1000);
	CHECK(last(client)->type == NS_MSG_HEARTBEAT &&
		      last(client)->host_state == NS_HOST_AWAKE,
	      "heartbeat: the host state");
	ask(client, NS_MSG_GET_STATS, 1000);
	CHECK(last(client)->type == NS_MSG_GET_STATS &&
		      last(client)->stats_count == NS_REASON_COUNT,
	      "get-stats: the core's own counters");

	/* The host's table: taken at the higher version, said back. */
	m.type = NS_MSG_SET_RULES;
	m.request_id = 9;
	ns_rules_default(&m.rules);
	m.rules.range[NS_RANGE_HOST_TCP].lo = 50000;
	m.rules.table.version = 5;
	m.fields = NS_FIELD(NS_TLV_RULES);
	pf.policies = pf.saves = 0;
	from(host, &m, 1000);
	CHECK(last(host)->type == NS_MSG_SET_RULES &&
		      last(host)->rules_version == 5 &&
		      last(host)->rules_digest == ns_rules_digest(&m.rules) &&
		      core.rules.range[NS_RANGE_HOST_TCP].lo == 50000,
	      "set-rules: taken at version 5");
	CHECK(pf.policies == 1 && pf.saves == 1 && pf.saved.rules_known &&
		      pf.saved.rules.table.version == 5,
	      "set-rules: into the platform and saved");
	m.rules.table.version = 2;
	from(host, &m, 1000);
	CHECK(last(host)->rules_version == 5,
	      "the same table at an older version keeps version 5");
	m.rules.range[NS_RANGE_HOST_TCP].lo = 51000;
	from(host, &m, 1000);
	CHECK(last(host)->rules_version == 6,
	      "new content at an older version: version 6, not back");
	pf.refuse_table = true;
	m.rules.range[NS_RANGE_HOST_TCP].lo = 52000;
	from(host, &m, 1000);
	CHECK(last(host)->type == NS_MSG_ERROR &&
		      last(host)->error == NS_PERR_FAILED,
	      "a table the platform cannot take: an error reply");
	pf.refuse_table = false;

	/* Events and errors are never answered; requests we lack are. */
	m = (struct ns_msg){ .type = NS_MSG_STATUS_EVENT,
			     .fields = NS_FIELD(NS_TLV_LINK) };
	pf.nsent[client] = 0;
	from(client, &m, 1000);
	CHECK(pf.nsent[client] == 0, "a status event is not answered");
	m = (struct ns_msg){ .type = NS_MSG_WAKE_EVENT, .request_id = 3,
			     .fields = NS_FIELD(NS_TLV_WAKE) };
	from(client, &m, 1000);
	CHECK(last(client)->type == NS_MSG_WAKE_EVENT || pf.nsent[client] == 0,
	      "a wake event is not answered");
	m = (struct ns_msg){ .type = NS_MSG_ERROR, .flags = NS_MSG_F_REPLY,
			     .error = NS_PERR_FAILED, .request_id = 3,
			     .fields = NS_FIELD(NS_TLV_ERROR) };
	from(client, &m, 1000);
	CHECK(pf.nsent[client] == 0, "an error reply is not answered");
	/* set-host-state without a state, in two pieces. */
	ns_core_peer_input(&core, client, (const __u8 *)"NS\x01\x07\x00\x00",
			   6, false, 1000);
	ns_core_peer_input(&core, client,
			   (const __u8 *)"\x00\x00\x00\x00\x00\x01", 6, false,
			   1000);
	CHECK(last(client)->type == NS_MSG_ERROR &&
		      last(client)->error == NS_PERR_MISSING_FIELD &&
		      last(client)->request_id == 1,
	      "a request without its field: missing-field, to that request");
	ns_core_peer_input(&core, client, (const __u8 *)"GET / HTTP/1.0\r\n",
			   16, false, 1000);
	CHECK(last(client)->type == NS_MSG_ERROR &&
		      last(client)->error == NS_PERR_BAD_MAGIC && pf.closed[client],
	      "garbage: bad-magic, and the stream is closed");
	ask(host, NS_MSG_HEARTBEAT, 1000);
	CHECK(last(host)->type == NS_MSG_HEARTBEAT,
	      "the host is still served");
	/* A message cut short: 2 s later the stream is finished. */
	client = ns_core_peer_open(&core, true);
	pf.closed[client] = false;
	ns_core_peer_input(&core, client, (const __u8 *)"NS\x01", 3, false,
			   1000);
	ns_core_tick(&core, 2999);
	CHECK(!pf.closed[client], "1999 ms of a partial message: waiting");
	ns_core_tick(&core, 3001);
	CHECK(pf.closed[client] && last(client)->error == NS_PERR_TRUNCATED,
	      "2001 ms: truncated, closed");
}

/* A peer without root or CAP_NET_ADMIN reads, and changes nothing. */
static void test_read_only_peer(void)
{
	struct ns_msg m = { .type = NS_MSG_HELLO, .request_id = 1,
			    .role = NS_ROLE_HOST, .caps = NS_CAP_ALL,
			    .fields = NS_FIELD(NS_TLV_ROLE) |
				      NS_FIELD(NS_TLV_CAPS) };
	int host, reader;

	start(NULL, false);
	host = hello(NS_ROLE_HOST, 1000);
	reader = ns_core_peer_open(&core, false);
	ask(reader, NS_MSG_GET_STATUS, 1000);
	CHECK(last(reader)->type == NS_MSG_GET_STATUS,
	      "a read-only peer gets the status");
	ask(reader, NS_MSG_GET_STATS, 1000);
	CHECK(last(reader)->type == NS_MSG_GET_STATS,
	      "and the counters");
	set_state(reader, NS_HOST_SLEEPING, 1000);
	CHECK(last(reader)->type == NS_MSG_ERROR &&
		      last(reader)->error == NS_PERR_PERMISSION &&
		      core.host_state == NS_HOST_AWAKE,
	      "set-host-state: permission-denied, the host still awake");
	from(reader, &m, 1000);
	CHECK(last(reader)->type == NS_MSG_ERROR &&
		      last(reader)->error == NS_PERR_PERMISSION &&
		      core.host == host,
	      "hello as the host: permission-denied, the host unchanged");
	m = (struct ns_msg){ .type = NS_MSG_SET_WIFI, .request_id = 2,
			     .wifi.ssid = "lab",
			     .fields = NS_FIELD(NS_TLV_WIFI_SSID) };
	from(reader, &m, 1000);
	CHECK(last(reader)->type == NS_MSG_ERROR &&
		      last(reader)->error == NS_PERR_PERMISSION,
	      "set-wifi: permission-denied");
	ns_msg_put_rules(&m, NS_MSG_SET_RULES, &core.rules);
	m.rules.table.version = core.rules.table.version + 1;
	from(reader, &m, 1000);
	CHECK(last(reader)->type == NS_MSG_ERROR &&
		      last(reader)->error == NS_PERR_PERMISSION &&
		      core.rules.table.version == m.rules.table.version - 1,
	      "set-rules: permission-denied, the table unchanged");
	set_state(host, NS_HOST_SLEEPING, 1000);
	CHECK(core.host_state == NS_HOST_SLEEPING,
	      "the host itself still may");
}

static void test_host_states(void)
{
	int host, other;

	start(NULL, false);
	host = hello(NS_ROLE_HOST, 1000);
	ns_core_tick(&core, 1000 + 3 * 500);
	CHECK(core.host_state == NS_HOST_AWAKE,
	      "3 heartbeats of 500 ms missed, not more: awake");
	ns_core_tick(&core, 1000 + 3 * 500 + 1);
	CHECK(core.host_state == NS_HOST_DOWN, "then down");
	CHECK(last(host)->type == NS_MSG_STATUS_EVENT &&
		      last(host)->host_state == NS_HOST_DOWN,
	      "the host is told it is down");
	ask(host, NS_MSG_HEARTBEAT, 3000);
	CHECK(core.host_state == NS_HOST_AWAKE &&
		      last(host)->host_state == NS_HOST_AWAKE,
	      "a heartbeat: awake again");
	set_state(host, NS_HOST_SLEEPING, 3000);
	CHECK(core.host_state == NS_HOST_SLEEPING &&
		      last(host)->type == NS_MSG_SET_HOST_STATE,
	      "the host says it sleeps");
	ns_core_tick(&core, 60000);
	CHECK(core.host_state == NS_HOST_SLEEPING,
	      "a sleeping host's silence is no heartbeat loss");
	set_state(host, NS_HOST_AWAKE, 60000);
	set_state(host, NS_HOST_DOWN, 60000);
	CHECK(core.host_state == NS_HOST_DOWN, "the host says goodbye");
	ns_core_peer_input(&core, host, NULL, 0, true, 60000);
	CHECK(core.host < 0 && core.host_state == NS_HOST_DOWN,
	      "its stream closes after the goodbye: down, as it said");
	host = hello(NS_ROLE_HOST, 61000);
	CHECK(core.host_state == NS_HOST_AWAKE, "hello again: awake");
	ns_core_peer_input(&core, host, NULL, 0, true, 61050);
	CHECK(core.host_state == NS_HOST_DOWN && core.host < 0,
	      "its stream closes with no goodbye: down at once");
	host = hello(NS_ROLE_HOST, 62000);
	other = hello(NS_ROLE_HOST, 62000);
	CHECK(core.host == other && pf.closed[host] &&
		      core.host_state == NS_HOST_AWAKE,
	      "a new host stream replaces the old one, with no down between");
	set_state(other, NS_HOST_STATE_COUNT, 62000);
	CHECK(last(other)->type == NS_MSG_ERROR &&
		      last(other)->error == NS_PERR_BAD_VALUE,
	      "host state 3: bad-value");
}

static size_t syn_to(__u8 *f, __u16 dport)
{
	struct fr_spec s = { .family = 4, .proto = IPPROTO_TCP, .sport = 4000,
			     .dport = dport, .tcp_flags = 0x02 };

	return fr_build(f, &s);
}

static void test_wake_queue(void)
{
	struct ns_rules rules;
	__u8 f[FR_MAX];
	size_t n;
	int host, i;

	start(NULL, false);
	host = hello(NS_ROLE_HOST, 1000);
	set_state(host, NS_HOST_SLEEPING, 1000);
	/* A SYN to 22 wakes it; six of them, the queue holds four. */
	rules = core.rules;
	rules.list[NS_LIST_WAKE_SYN] = (struct ns_port_list){ 1, { 22 } };
	ns_core_table_edited(&core, &rules);
	for (i = 0; i < 6; i++) {
		n = syn_to(f, 22);
		f[19] = (__u8)i; /* the IP id tells them apart */
		ns_core_uplink_frame(&core, f, (__u32)n, 1000);
	}
	CHECK(pf.wakes == 1 && pf.wake_reason == NS_REASON_SYN_WAKE &&
		      core.wake_count == 1,
	      "six waking frames wake once: %u", pf.wakes);
	CHECK(core.queue_count == QUEUE && core.queue_dropped == 2 &&
		      pf.nhost == 0,
	      "four held, two dropped, none delivered yet");
	CHECK(core.stats[NS_REASON_SYN_WAKE].packets == 6, "counted");
	set_state(host, NS_HOST_AWAKE, 1500);
	CHECK(pf.nhost == QUEUE && pf.to_host[0][19] == 0 &&
		      pf.to_host[3][19] == 3 && core.queue_count == 0,
	      "awake: the four delivered in arrival order");
	n = syn_to(f, 22);
	ns_core_uplink_frame(&core, f, (__u32)n, 2000);
	CHECK(pf.wakes == 1 && pf.nhost == QUEUE + 1,
	      "an awake host's SYN is just delivered");
	set_state(host, NS_HOST_SLEEPING, 2000);
	ns_core_sub_message(&core, "a", "wakeup-host", 11, false);
	CHECK(pf.wakes == 1, "no subscription in the table: no wake");
}

/*
 * A wake storm: a pattern wakes NS_CORE_WAKE_BURST times in a row, then
 * once each NS_CORE_WAKE_INTERVAL_MS; a wake beyond that is deferred, its
 * frame held, and goes when the token is back; another pattern has its own
 * bucket; an awake host's frames are delivered and limit nothing.
 */
#define INTERVAL 100

static void test_wake_limit(void)
{
	struct ns_rules rules;
	__u8 f[FR_MAX];
	__u64 now = 1000;
	size_t n;
	int host, i;

	start(NULL, false);
	/* Shorter than the default: the host stays connected meanwhile. */
	core.set.wake_interval_ms = INTERVAL;
	host = hello(NS_ROLE_HOST, now);
	rules = core.rules;
	rules.list[NS_LIST_WAKE_SYN] = (struct ns_port_list){ 1, { 22 } };
	ns_core_table_edited(&core, &rules);
	n = syn_to(f, 22);
	for (i = 0; i < NS_CORE_WAKE_BURST; i++) {
		set_state(host, NS_HOST_SLEEPING, now);
		ns_core_uplink_frame(&core, f, (__u32)n, now);
		set_state(host, NS_HOST_AWAKE, now);
		/* Room for what the core says to the host next. */
		pf.nsent[host] = 0;
	}
	CHECK(pf.wakes == NS_CORE_WAKE_BURST && !core.wake_limited,
	      "a burst of %u wakes goes: %u", NS_CORE_WAKE_BURST, pf.wakes);
	set_state(host, NS_HOST_SLEEPING, now);
	pf.nhost = 0;
	ns_core_uplink_frame(&core, f, (__u32)n, now);
	ns_core_uplink_frame(&core, f, (__u32)n, now + 1);
	CHECK(pf.wakes == NS_CORE_WAKE_BURST && core.wake_limited == 2 &&
		      core.queue_count == 2 && !pf.nhost,
	      "the next two are limited: no wake, counted, their frames held");
	ns_core_tick(&core, now + INTERVAL - 1);
	CHECK(pf.wakes == NS_CORE_WAKE_BURST, "no token yet: still deferred");
	ns_core_sub_message(&core, "a", "wakeup-host", 11, false);
	ns_core_tick(&core, now + INTERVAL);
	CHECK(pf.wakes == NS_CORE_WAKE_BURST + 1 &&
		      pf.wake_reason == NS_REASON_SYN_WAKE,
	      "a token back: the deferred wake goes, once");
	now += 3 * INTERVAL;
	ns_core_tick(&core, now);
	CHECK(pf.wakes == NS_CORE_WAKE_BURST + 1, "and only once");
	set_state(host, NS_HOST_AWAKE, now);
	CHECK(pf.nhost == 2 && !core.queue_count,
	      "awake: the held frames delivered, none lost");
	for (i = 0; i < 10; i++)
		ns_core_uplink_frame(&core, f, (__u32)n, now);
	CHECK(pf.nhost == 12 && core.wake_limited == 2,
	      "an awake host's matches are delivered, nothing limited");
}

static void test_frames(void)
{
	__u8 f[FR_MAX];
	struct fr_spec s = { .family = 4, .proto = IPPROTO_UDP, .sport = 9,
			     .dport = 5001 };
	size_t n;

	start(NULL, false);
	n = fr_build(f, &s);
	ns_core_uplink_frame(&core, f, (__u32)n, 1000);
	CHECK(pf.nhost == 1 && pf.nstack == 0,
	      "shared port, nobody listening: the host's");
	pf.listens = true;
	ns_core_uplink_frame(&core, f, (__u32)n, 1000);
	CHECK(pf.nstack == 1, "the own stack listens, asked right then: the slave's");
	n = fr_arp(f, 2);
	ns_core_uplink_frame(&core, f, (__u32)n, 1000);
	CHECK(pf.nstack == 2 && pf.nhost == 2, "an ARP reply to both");
	CHECK(core.stats[NS_REASON_SHARED_HOST].packets == 1 &&
		      core.stats[NS_REASON_SHARED_SLAVE].packets == 1 &&
		      core.stats[NS_REASON_ARP_REPLY].packets == 1,
	      "counted per reason");
}

static void test_subscription(void)
{
	struct ns_msg m = { .type = NS_MSG_SET_RULES, .request_id = 4,
			    .fields = NS_FIELD(NS_TLV_RULES) };
	struct ns_wake_sub sub;
	int host;

	start(NULL, false);
	host = hello(NS_ROLE_HOST, 1000);
	/* Asleep, so that no heartbeat is missed while time goes by. */
	set_state(host, NS_HOST_SLEEPING, 1000);
	ns_rules_default(&m.rules);
	m.rules.sub = (struct ns_wake_sub){ .broker = { 192, 168, 50, 1 },
					    .broker_port = 1883,
					    .keepalive = 60, .family = 4,
					    .topic_len = 1, .topic = "#",
					    .prefix_len = 6,
					    .prefix = "wakeup" };
	from(host, &m, 1000);
	CHECK(pf.connects == 1 && pf.sub.broker_port == 1883 &&
		      core.sub_state == NS_SUB_CONNECTING,
	      "a table with a subscription: the platform connects");
	from(host, &m, 1000);
	CHECK(pf.connects == 1, "the same one again: nothing to do");
	ns_core_tick(&core, 1000);
	ns_core_sub_failed(&core, "The connection was refused", 1000);
	CHECK(last(host)->type == NS_MSG_STATUS_EVENT &&
		      last(host)->sub_state == NS_SUB_RETRYING &&
		      !strcmp(last(host)->sub_error,
			      "The connection was refused"),
	      "its state and error go to the host");
	ns_core_tick(&core, 1999);
	CHECK(pf.connects == 1, "not again before 1 s");
	ns_core_tick(&core, 2000);
	CHECK(pf.connects == 2 && core.sub_state == NS_SUB_CONNECTING,
	      "again after 1 s");
	ns_core_sub_failed(&core, "refused", 2000);
	ns_core_tick(&core, 3999);
	ns_core_tick(&core, 4000);
	CHECK(pf.connects == 3, "then after 2 s");
	ns_core_sub_connected(&core);
	CHECK(core.sub_state == NS_SUB_CONNECTED &&
		      last(host)->sub_state == NS_SUB_CONNECTED &&
		      !(last(host)->fields & NS_FIELD(NS_TLV_SUB_ERROR)),
	      "subscribed: connected, no error shown");
	ns_core_sub_failed(&core, "lost", 5000);
	ns_core_tick(&core, 6000);
	ns_core_tick(&core, 16001);
	CHECK(pf.connects == 4 && pf.disconnects == 1 &&
		      core.sub_state == NS_SUB_RETRYING &&
		      !strcmp(core.sub_error, "no answer from the broker"),
	      "lost: again after 1 s (connected resets the pause); 10 s without an answer is a failure, and the drop's own report no news");
	sub = m.rules.sub;
	memset(&m.rules.sub, 0, sizeof(m.rules.sub));
	m.rules.table.version = core.rules.table.version + 1;
	from(host, &m, 17000);
	CHECK(core.sub_state == NS_SUB_NONE && pf.disconnects == 2 &&
		      !(last(host)->fields & NS_FIELD(NS_TLV_SUB_ERROR)),
	      "a table without one: dropped, none, no error");
	ns_core_tick(&core, 40000);
	CHECK(pf.connects == 4, "and no more attempts");
	m.rules.sub = sub;
	m.rules.table.version = core.rules.table.version + 1;
	from(host, &m, 61000);
	CHECK(pf.connects == 5, "back: connects at once");
	set_state(host, NS_HOST_SLEEPING, 1000);
	ns_core_sub_message(&core, "a", "wakeup-host", 11, true);
	ns_core_sub_message(&core, "a", "wake up", 7, false);
	CHECK(pf.wakes == 0, "retained, or no prefix: no wake");
	ns_core_sub_message(&core, "a/b", "wakeup-host", 11, false);
	CHECK(pf.wakes == 1 && pf.wake_reason == NS_REASON_MQTT_SUBSCRIPTION &&
		      last(host)->type == NS_MSG_WAKE_EVENT &&
		      last(host)->wake_rule == NS_WAKE_RULE_SUBSCRIPTION,
	      "a wake message: mqtt-subscription");
}

static void test_versions(void)
{
	struct ns_rules edited;
	struct ns_msg m = { 0 };
	int host;

	start(NULL, false);
	host = hello(NS_ROLE_HOST, 1000);
	edited = core.rules;
	edited.range[NS_RANGE_SLAVE_TCP].lo = 62000;
	ns_core_table_edited(&core, &edited);
	CHECK(core.rules.table.version == 2 &&
		      last_of(host, NS_MSG_SET_RULES)->rules.table.version == 2,
	      "an edit here (bpftool): version 2, pushed to the host");
	m.type = NS_MSG_SET_RULES;
	m.flags = NS_MSG_F_REPLY;
	m.rules_version = 9;
	m.rules_digest = core.digest;
	m.fields = NS_FIELD(NS_TLV_RULES_VERSION) |
		   NS_FIELD(NS_TLV_RULES_DIGEST);
	from(host, &m, 1000);
	CHECK(core.rules.table.version == 9,
	      "the host has our content at version 9: so do we");
	m.rules_version = 12;
	m.rules_digest = core.digest + 1;
	from(host, &m, 1000);
	CHECK(core.rules.table.version == 9,
	      "a higher version of other content is no agreement");
}

/* A co-processor restart mid-conversation, from what it saved. */
static void test_restart(void)
{
	struct ns_core_saved saved;
	struct ns_msg m = { .type = NS_MSG_SET_RULES, .request_id = 4,
			    .fields = NS_FIELD(NS_TLV_RULES) };
	int host;

	start(NULL, false);
	network(true);
	host = hello(NS_ROLE_HOST, 1000);
	ns_rules_default(&m.rules);
	m.rules.table.version = 14;
	m.rules.wake[0].prefix[0] = 'W';
	m.rules.sub = (struct ns_wake_sub){ .broker = { 10, 0, 0, 1 },
					    .broker_port = 1883,
					    .keepalive = 60, .family = 4,
					    .topic_len = 1, .topic = "#" };
	from(host, &m, 1000);
	set_state(host, NS_HOST_SLEEPING, 1000);
	/* Half a message in flight when the co-processor goes. */
	ns_core_peer_input(&core, host, (const __u8 *)"NS\x01\x08", 4, false,
			   1000);
	saved = pf.saved;
	CHECK(saved.rules_known && saved.network_known &&
		      saved.rules.table.host_state == NS_HOST_SLEEPING,
	      "saved: the table, the host asleep, the network");

	start(&saved, false);
	CHECK(core.rules.table.version == 14 && core.rules.wake[0].prefix[0] == 'W' &&
		      core.host_state == NS_HOST_SLEEPING,
	      "back from what it saved: version 14, the patterns, the host asleep");
	CHECK(pf.connects == 1 && pf.sub.broker_port == 1883,
	      "and the subscription, held again");
	CHECK(ns_core_saved_network(&core) &&
		      ns_core_saved_network(&core)->ipv4.addr[3] == 10,
	      "the last good network, to put back without DHCP");
	ns_core_tick(&core, 60000);
	CHECK(core.host_state == NS_HOST_SLEEPING,
	      "no host yet, asleep: no heartbeat loss");
	host = hello(NS_ROLE_HOST, 60000);
	m.rules.table.version = 3; /* a host that restarted too */
	from(host, &m, 60000);
	CHECK(last(host)->rules_version == 14,
	      "the host's same table at version 3: still 14");
}

static void test_bus(void)
{
	struct ns_msg m = { .type = NS_MSG_GET_RULES, .request_id = 5 };
	struct ns_bus_frame f;
	__u8 frame[NS_BUS_FRAME_MAX], msg[NS_MSG_MAX];
	struct ns_rules rules;
	__u32 len, got = 0;
	unsigned int i;
	int n, peer;

	start(NULL, true);
	network(true);
	CHECK(pf.nbus == 2 && !ns_bus_parse(pf.bus[0], pf.bus_len[0], &f) &&
		      f.if_type == NS_BUS_IF_PRIV &&
		      f.pkt_type == NS_BUS_EV_INIT &&
		      pf.bus[0][f.offset + 5] == 0x10 &&
		      !ns_bus_parse(pf.bus[1], pf.bus_len[1], &f) &&
		      f.pkt_type == NS_BUS_EV_LINK_UP,
	      "the MAC, then the link, announced on the bus");
	network(false);
	CHECK(pf.nbus == 3 && !ns_bus_parse(pf.bus[2], pf.bus_len[2], &f) &&
		      f.pkt_type == NS_BUS_EV_LINK_DOWN,
	      "link down");

	/* The host's control stream in control frames. */
	pf.nbus = 0;
	n = ns_msg_encode(&m, msg, sizeof(msg));
	f = (struct ns_bus_frame){ .if_type = NS_BUS_IF_CONTROL,
				   .len = (__u16)n };
	memcpy(frame + NS_BUS_HDR_LEN, msg, (size_t)n);
	len = ns_bus_seal(frame, &f);
	ns_core_bus_input(&core, frame, len, 1000);
	CHECK(pf.nbus == 2, "get-rules answered in %u control frames",
	      pf.nbus);
	for (i = 0; i < pf.nbus && i < 2; i++) {
		CHECK(!ns_bus_parse(pf.bus[i], pf.bus_len[i], &f) &&
			      f.if_type == NS_BUS_IF_CONTROL &&
			      !!(f.flags & NS_BUS_F_MORE_FRAGMENTS) == (i == 0),
		      "frame %u: MORE_FRAGMENTS on the first only", i);
		memcpy(msg + got, pf.bus[i] + f.offset, f.len);
		got += f.len;
	}
	CHECK(ns_msg_frame(msg, got) == (int)got &&
		      !ns_msg_decode(msg, got, &m) &&
		      m.type == NS_MSG_GET_RULES,
	      "the two frames are one reply");

	/* Signals: power-save start and stop, a new stream. */
	f = (struct ns_bus_frame){ .if_type = NS_BUS_IF_CONTROL,
				   .flags = NS_BUS_F_PS_START };
	ns_core_bus_input(&core, frame, ns_bus_seal(frame, &f), 1000);
	CHECK(core.host_state == NS_HOST_SLEEPING, "power-save start: sleeping");
	f.flags = NS_BUS_F_PS_STOP;
	ns_core_bus_input(&core, frame, ns_bus_seal(frame, &f), 1000);
	CHECK(core.host_state == NS_HOST_AWAKE, "power-save stop: awake");
	/* The host on the bus; its control device's last user goes. */
	m = (struct ns_msg){ .type = NS_MSG_HELLO, .request_id = 6,
			     .role = NS_ROLE_HOST, .caps = NS_CAP_ALL,
			     .heartbeat_ms = 500,
			     .fields = NS_FIELD(NS_TLV_ROLE) |
				       NS_FIELD(NS_TLV_CAPS) |
				       NS_FIELD(NS_TLV_HEARTBEAT_MS) };
	n = ns_msg_encode(&m, msg, sizeof(msg));
	f = (struct ns_bus_frame){ .if_type = NS_BUS_IF_CONTROL,
				   .len = (__u16)n };
	memcpy(frame + NS_BUS_HDR_LEN, msg, (size_t)n);
	ns_core_bus_input(&core, frame, ns_bus_seal(frame, &f), 1000);
	CHECK(core.host == core.bus_peer && core.host >= 0,
	      "the host said hello on the bus");
	f = (struct ns_bus_frame){ .if_type = NS_BUS_IF_CONTROL,
				   .flags = NS_BUS_F_CLOSE };
	ns_core_bus_input(&core, frame, ns_bus_seal(frame, &f), 1000);
	CHECK(core.host_state == NS_HOST_DOWN && core.host < 0 &&
		      core.bus_peer < 0,
	      "its stream ends (CLOSE): down at once, no stream");
	f.flags = 0;
	ns_core_bus_input(&core, frame, ns_bus_seal(frame, &f), 1000);
	CHECK(core.bus_peer >= 0, "opened again: a new stream");
	/* A network frame from the host goes to the uplink. */
	f = (struct ns_bus_frame){ .if_type = NS_BUS_IF_NETWORK, .len = 60 };
	ns_core_bus_input(&core, frame, ns_bus_seal(frame, &f), 1000);
	CHECK(pf.nuplink == 1, "a network frame to the uplink");
	/* A frame that lies is refused, and counted. */
	len = ns_bus_seal(frame, &f);
	frame[len - 1] ^= 0xff;
	ns_core_bus_input(&core, frame, len, 1000);
	CHECK(pf.nuplink == 1 && core.bus_refused[NS_BUS_E_CHECKSUM] == 1,
	      "a bad checksum is refused and counted");
	/* Started again with a new table, the core keeps the host's stream. */
	peer = core.bus_peer;
	rules = core.rules;
	ns_core_start(&core, NULL, &rules, 1000);
	CHECK(core.bus_peer == peer, "started again: the same stream");
	/* A host's driver binds anew (USB's reset request). */
	pf.nbus = 0;
	ns_core_bus_attach(&core, 1000);
	CHECK(core.bus_peer < 0 && pf.nbus == 2 &&
		      !ns_bus_parse(pf.bus[0], pf.bus_len[0], &f) &&
		      f.pkt_type == NS_BUS_EV_INIT &&
		      !ns_bus_parse(pf.bus[1], pf.bus_len[1], &f) &&
		      f.pkt_type == NS_BUS_EV_LINK_DOWN,
	      "a new driver: the old stream over, the MAC and the link again");
	ns_core_bus_attach(&core, 1000);
	CHECK(pf.nbus == 4, "and again at each bind, never once for all");
}

/*
 * A stream's buffer (3 KiB on an MCU) holds every message of protocol
 * version 1: one with every field, each at its longest, fits. A longer
 * message ends the stream as too long, also where that is less than the
 * protocol's maximum.
 */
static void test_stream_max(void)
{
	static struct ns_msg m;
	__u8 buf[NS_MSG_MAX];
	int len, i, peer;

	memset(&m, 0, sizeof(m));
	m.type = NS_MSG_SET_RULES;
	m.fields = ~0ull & ~NS_FIELD(0) &
		   (NS_FIELD(NS_TLV_TYPE_COUNT) - 1);
	ns_rules_default(&m.rules);
	m.status.dns_count = NS_DNS_MAX;
	m.status.ipv6_count = NS_IPV6_MAX;
	for (i = 0; i < NS_DNS_MAX; i++)
		m.status.dns[i].family = 6;
	for (i = 0; i < NS_IPV6_MAX; i++)
		m.status.ipv6[i] = (struct ns_addr){ .family = 6, .prefix = 64 };
	m.status.ipv4.family = 4;
	m.stats_count = NS_REASON_COUNT;
	memset(m.text, 'x', NS_TEXT_MAX);
	memset(m.sub_error, 'x', NS_TEXT_MAX);
	memset(m.ifname, 'x', NS_IFNAME_MAX);
	memset(m.wifi.ssid, 'x', NS_WIFI_SSID_MAX);
	memset(m.wifi_psk, 'x', NS_WIFI_PSK_MAX);
	len = ns_msg_encode(&m, buf, sizeof(buf));
	CHECK(len > 0 && len <= NS_STREAM_MAX,
	      "a message with every field is %d bytes, the buffer %d", len,
	      NS_STREAM_MAX);

	start(NULL, false);
	peer = hello(NS_ROLE_CLIENT, 1000);
	/* The header of a message one byte longer than the buffer. */
	len = NS_STREAM_MAX + 1 - NS_MSG_HDR_LEN;
	memset(buf, 0, NS_MSG_HDR_LEN);
	buf[0] = NS_PROTO_MAGIC >> 8;
	buf[1] = NS_PROTO_MAGIC & 0xff;
	buf[2] = NS_PROTO_VERSION;
	buf[3] = NS_MSG_GET_STATUS;
	buf[6] = (__u8)(len >> 8);
	buf[7] = (__u8)len;
	ns_core_peer_input(&core, peer, buf, NS_MSG_HDR_LEN, false, 1000);
	CHECK(pf.closed[peer] && last(peer)->type == NS_MSG_ERROR &&
		      last(peer)->error == NS_PERR_TOO_LONG,
	      "a message past the buffer ends the stream: too long");
}

/* The platform's station: it takes what it is given, and says so. */
static struct ns_wifi_creds station;
static unsigned int station_sets;

static int op_wifi_set(void *ctx, const char *ssid, const char *psk)
{
	struct ns_wifi_status st = { .state = NS_WIFI_CONNECTING };

	(void)ctx;
	station_sets++;
	snprintf(station.ssid, sizeof(station.ssid), "%s", ssid);
	snprintf(station.psk, sizeof(station.psk), "%s", psk);
	snprintf(st.ssid, sizeof(st.ssid), "%s", ssid);
	ns_core_set_wifi(&core, &st);
	return 0;
}

static void set_wifi(int peer, const char *ssid, const char *psk)
{
	struct ns_msg m = { .type = NS_MSG_SET_WIFI, .request_id = 9 };

	snprintf(m.wifi.ssid, sizeof(m.wifi.ssid), "%s", ssid);
	snprintf(m.wifi_psk, sizeof(m.wifi_psk), "%s", psk);
	m.fields = NS_FIELD(NS_TLV_WIFI_SSID) |
		   (*psk ? NS_FIELD(NS_TLV_WIFI_PSK) : 0);
	from(peer, &m, 2000);
}

/*
 * Credentials from a peer: refused where the platform has no station;
 * else given to it, kept (saved once, not again for the same ones), and
 * the station's state goes to the host; no message carries the
 * passphrase back, and none stays in the core's scratch message.
 */
static void test_wifi(void)
{
	struct ns_core_ops o = ops;
	struct ns_rules rules;
	struct ns_wifi_status up = { .state = NS_WIFI_CONNECTED, .rssi = -51,
				     .bssid = { 2, 0, 0, 0, 0, 1 },
				     .ssid = "lab" };
	static struct ns_core_saved saved;
	int host, client, i, p;
	unsigned int saves;

	start(NULL, false);
	client = hello(NS_ROLE_CLIENT, 1000);
	set_wifi(client, "lab", "correct horse");
	CHECK(last(client)->type == NS_MSG_ERROR &&
		      last(client)->error == NS_PERR_NOT_SUPPORTED,
	      "no station on this platform: not supported");

	memset(&pf, 0, sizeof(pf));
	o.wifi_set = op_wifi_set;
	ns_rules_default(&rules);
	ns_core_init(&core, &o, &settings, queue, QUEUE, frags,
		     NS_ARRAY_SIZE(frags));
	ns_core_start(&core, NULL, &rules, 1000);
	host = hello(NS_ROLE_HOST, 1000);
	client = hello(NS_ROLE_CLIENT, 1000);
	set_wifi(client, "lab", "short");
	CHECK(last(client)->type == NS_MSG_ERROR && !station_sets,
	      "a passphrase of 5: refused before the station sees it");
	set_wifi(client, "lab", "correct horse");
	CHECK(station_sets == 1 && !strcmp(station.psk, "correct horse") &&
		      last(client)->type == NS_MSG_SET_WIFI &&
		      last(client)->wifi.state == NS_WIFI_CONNECTING,
	      "the station has them; the reply: connecting");
	CHECK(pf.saved.wifi_known && !strcmp(pf.saved.wifi.ssid, "lab") &&
		      !strcmp(pf.saved.wifi.psk, "correct horse"),
	      "kept for a restart");
	CHECK(!core.msg.wifi_psk[0], "no passphrase left in the scratch message");
	saves = pf.saves;
	set_wifi(client, "lab", "correct horse");
	CHECK(pf.saves == saves && station_sets == 2,
	      "the same ones again: to the station, not saved again");
	ns_core_set_wifi(&core, &up);
	CHECK(last_of(host, NS_MSG_STATUS_EVENT)->wifi.state ==
			      NS_WIFI_CONNECTED &&
		      last_of(host, NS_MSG_STATUS_EVENT)->wifi.rssi == -51,
	      "connected goes to the host, with the RSSI");
	ask(client, NS_MSG_GET_STATUS, 2000);
	CHECK((last(client)->fields & NS_WIFI_FIELDS) == NS_WIFI_FIELDS &&
		      !strcmp(last(client)->wifi.ssid, "lab"),
	      "status: state, SSID, BSSID and RSSI");
	for (p = 0; p < PEERS_SEEN; p++)
		for (i = 0; i < (int)pf.nsent[p]; i++)
			CHECK(!(pf.sent[p][i].fields &
				NS_FIELD(NS_TLV_WIFI_PSK)),
			      "message %d to peer %d carries no passphrase", i,
			      p);
	saved = pf.saved;
	start(&saved, false);
	CHECK(ns_core_saved_wifi(&core) &&
		      !strcmp(ns_core_saved_wifi(&core)->psk, "correct horse"),
	      "after a restart, the credentials are there for the station");
}

/* The log lines' formatter (fmt.c), which has no libc to lean on. */
static void test_fmt(void)
{
	char line[32];

	ns_fmt(line, sizeof(line), "%s=%u %d %02x %x%%", "a", 42u, -7, 5u,
	       0xbeefu);
	CHECK(!strcmp(line, "a=42 -7 05 beef%"), "formats: %s", line);
	ns_fmt(line, sizeof(line), "[%.*s][%.*s]", 3, "topic/x", 0, "y");
	CHECK(!strcmp(line, "[top][]"), "a precision cuts a string: %s", line);
	ns_fmt(line, 8, "%s", "longer than the buffer");
	CHECK(!strcmp(line, "longer "), "cut to the buffer: %s", line);
}

int main(void)
{
	test_protocol();
	test_read_only_peer();
	test_host_states();
	test_wake_queue();
	test_wake_limit();
	test_frames();
	test_subscription();
	test_versions();
	test_restart();
	test_bus();
	test_stream_max();
	test_wifi();
	test_fmt();
	return check_report();
}
