/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The control protocol between the host (netsplitd) and the co-processor
 * (netsplit-cpd or firmware), SPEC section 5. Freestanding: no libc, so the
 * firmware builds it too.
 *
 * A message is a 12-byte header and a payload of TLVs, all integers in
 * network byte order:
 *
 *   0      2         3      4       6        8            12
 *   | magic | version | type | flags | length | request id | TLVs ...
 *
 * length counts the payload; a whole message is at most NS_MSG_MAX bytes.
 * A TLV is type (2 bytes), length (2 bytes) and the value. Every TLV has a
 * fixed size or a fixed set of sizes; a value is checked before it is used.
 * A reply carries NS_MSG_F_REPLY and the request's id; a failed request is
 * answered by an NS_MSG_ERROR reply with the same id. Events (status, wake)
 * have request id 0. Unknown TLV types are skipped, so a newer peer can add
 * fields; an unknown message type is an error.
 */
#ifndef NETSPLIT_PROTO_H
#define NETSPLIT_PROTO_H

#include "types.h"
#include "rules.h"
#include "reasons.h"
#include "engine.h"
#include "validate.h"

#define NS_PROTO_MAGIC 0x4e53 /* "NS" */
#define NS_PROTO_VERSION 1
#define NS_MSG_HDR_LEN 12
#define NS_MSG_MAX 4096
#define NS_TLV_HDR_LEN 4

#define NS_MSG_F_REPLY 0x0001

enum ns_msg_type {
	NS_MSG_HELLO = 1,	   /* role, capabilities, heartbeat interval */
	NS_MSG_GET_MAC = 2,	   /* reply: mac */
	NS_MSG_GET_STATUS = 3,	   /* reply: network status */
	NS_MSG_STATUS_EVENT = 4,   /* co-processor -> host, on every change */
	NS_MSG_SET_RULES = 5,	   /* rules; reply: version and digest */
	NS_MSG_GET_RULES = 6,	   /* reply: rules */
	NS_MSG_SET_HOST_STATE = 7, /* host state; reply: host state */
	NS_MSG_HEARTBEAT = 8,	   /* reply: host state */
	NS_MSG_WAKE_EVENT = 9,	   /* co-processor -> host: reason, rule */
	NS_MSG_GET_STATS = 10,	   /* reply: per-reason counters */
	NS_MSG_ERROR = 11,	   /* reply only: error code and text */
	NS_MSG_TYPE_COUNT
};

static const char *const ns_msg_name[NS_MSG_TYPE_COUNT] = {
	[NS_MSG_HELLO] = "hello",
	[NS_MSG_GET_MAC] = "get-mac",
	[NS_MSG_GET_STATUS] = "get-status",
	[NS_MSG_STATUS_EVENT] = "status-event",
	[NS_MSG_SET_RULES] = "set-rules",
	[NS_MSG_GET_RULES] = "get-rules",
	[NS_MSG_SET_HOST_STATE] = "set-host-state",
	[NS_MSG_HEARTBEAT] = "heartbeat",
	[NS_MSG_WAKE_EVENT] = "wake-event",
	[NS_MSG_GET_STATS] = "get-stats",
	[NS_MSG_ERROR] = "error",
};

/* Fields; a message's fields mask has bit (1 << type) for each present. */
enum ns_tlv_type {
	NS_TLV_CAPS = 1,	   /* u32 NS_CAP_* */
	NS_TLV_ROLE = 2,	   /* u8 enum ns_role */
	NS_TLV_HEARTBEAT_MS = 3,   /* u32, 100-60000 */
	NS_TLV_MAC = 4,		   /* 6 bytes */
	NS_TLV_LINK = 5,	   /* u8 0 or 1 */
	NS_TLV_IPV4 = 6,	   /* 4 bytes address, u8 prefix 0-32 */
	NS_TLV_GATEWAY4 = 7,	   /* 4 bytes */
	NS_TLV_DNS = 8,		   /* 4 or 16 bytes; at most NS_DNS_MAX */
	NS_TLV_IPV6 = 9,	   /* 16 bytes, u8 prefix 0-128; NS_IPV6_MAX */
	NS_TLV_LEASE = 10,	   /* u32 valid s, u32 preferred s */
	NS_TLV_MTU = 11,	   /* u32, 68-65535 */
	NS_TLV_RULES = 12,	   /* the table, NS_RULES_WIRE_LEN bytes */
	NS_TLV_RULES_VERSION = 13, /* u32 */
	NS_TLV_RULES_DIGEST = 14,  /* u32 */
	NS_TLV_HOST_STATE = 15,	   /* u8 enum ns_host_state */
	NS_TLV_WAKE = 16,	   /* u8 reason, u8 rule */
	NS_TLV_STATS = 17,	   /* n x (u64 packets, u64 bytes), by reason */
	NS_TLV_ERROR = 18,	   /* u16 enum ns_perr */
	NS_TLV_TEXT = 19,	   /* 1-127 printable bytes */
	NS_TLV_IFNAME = 20,	   /* 1-15 printable bytes */
	NS_TLV_PEER_VERSION = 21,  /* u32: the other side's table version */
	NS_TLV_PEER_DIGEST = 22,   /* u32 */
	NS_TLV_CONNECTED = 23,	   /* u8 0 or 1 */
	NS_TLV_XDP_MODE = 24,	   /* u8 enum ns_xdp_mode */
	NS_TLV_WAKE_COUNT = 25,	   /* u32 wake events so far */
	NS_TLV_SUB_STATE = 26,	   /* u8 enum ns_sub_state */
	NS_TLV_SUB_ERROR = 27,	   /* 1-127 printable bytes: its last error */
	NS_TLV_GATEWAY6 = 28,	   /* 16 bytes: the IPv6 default router */
	NS_TLV_TYPE_COUNT
};

NS_STATIC_ASSERT(NS_TLV_TYPE_COUNT <= 32, "fields fit a u32 mask");

#define NS_FIELD(t) (1u << (t))

enum ns_role {
	NS_ROLE_HOST = 1,	 /* netsplitd */
	NS_ROLE_COPROCESSOR = 2, /* netsplit-cpd or firmware */
	NS_ROLE_CLIENT = 3,	 /* netsplitctl: asks, gets no events */
	NS_ROLE_MAX = NS_ROLE_CLIENT
};

/* The co-processor's wake subscription (struct ns_wake_sub), as it goes. */
enum ns_sub_state {
	NS_SUB_NONE = 0,       /* none configured */
	NS_SUB_CONNECTING = 1, /* connecting and subscribing */
	NS_SUB_CONNECTED = 2,  /* subscribed: a message can wake the host */
	NS_SUB_RETRYING = 3,   /* lost or refused; trying again after a pause */
	NS_SUB_STATE_COUNT
};

static const char *const ns_sub_state_name[NS_SUB_STATE_COUNT] = {
	[NS_SUB_NONE] = "none",
	[NS_SUB_CONNECTING] = "connecting",
	[NS_SUB_CONNECTED] = "connected",
	[NS_SUB_RETRYING] = "retrying",
};

enum ns_xdp_mode {
	NS_XDP_NONE = 0,
	NS_XDP_NATIVE = 1,
	NS_XDP_GENERIC = 2,
	NS_XDP_MODE_COUNT
};

static const char *const ns_xdp_mode_name[NS_XDP_MODE_COUNT] = {
	[NS_XDP_NONE] = "none",
	[NS_XDP_NATIVE] = "native",
	[NS_XDP_GENERIC] = "generic",
};

/* Capabilities offered in hello; a side uses what both offer. */
#define NS_CAP_STATUS_EVENTS 0x0001
#define NS_CAP_RULES 0x0002
#define NS_CAP_HOST_STATE 0x0004
#define NS_CAP_WAKE_EVENTS 0x0008
#define NS_CAP_STATS 0x0010
#define NS_CAP_ALL 0x001f

/* Errors; the negative values are what the decoder returns. */
#define NS_PERR_LIST(X)                          \
	X(NONE, "none")                          \
	X(BAD_MAGIC, "bad-magic")                \
	X(BAD_VERSION, "bad-version")            \
	X(TOO_LONG, "too-long")                  \
	X(TRUNCATED, "truncated")                \
	X(UNKNOWN_TYPE, "unknown-type")          \
	X(BAD_LENGTH, "bad-length")              \
	X(BAD_VALUE, "bad-value")                \
	X(MISSING_FIELD, "missing-field")        \
	X(DUPLICATE_FIELD, "duplicate-field")    \
	X(NOT_SUPPORTED, "not-supported")        \
	X(UNAVAILABLE, "unavailable")            \
	X(FAILED, "failed")

enum ns_perr {
#define NS_PERR_ENUM(id, name) NS_PERR_##id,
	NS_PERR_LIST(NS_PERR_ENUM)
#undef NS_PERR_ENUM
	NS_PERR_COUNT
};

static const char *const ns_perr_name[NS_PERR_COUNT] = {
#define NS_PERR_NAME(id, name) [NS_PERR_##id] = name,
	NS_PERR_LIST(NS_PERR_NAME)
#undef NS_PERR_NAME
};

#define NS_DNS_MAX 2
#define NS_TEXT_MAX 127
#define NS_IFNAME_MAX 15
#define NS_STATS_WIRE_MAX 64 /* counters a peer may send */

struct ns_addr {
	__u8 family; /* 4 or 6 */
	__u8 prefix;
	__u8 addr[16];
};

/* What the co-processor knows of the shared network. */
struct ns_net_status {
	__u8 mac[6];
	__u8 link_up;
	__u8 dns_count;
	__u8 ipv6_count;
	struct ns_addr ipv4; /* family 0 when there is no address */
	__u8 gateway4[4];    /* 0.0.0.0 = no default route */
	__u8 gateway6[16];   /* :: = no IPv6 default route */
	struct ns_addr dns[NS_DNS_MAX];
	struct ns_addr ipv6[NS_IPV6_MAX];
	__u32 lease_valid; /* seconds left; 0xffffffff = forever */
	__u32 lease_preferred;
	__u32 mtu;
};

/* A decoded message. fields says which members hold a value. */
struct ns_msg {
	__u8 type;
	__u16 flags;
	__u32 request_id;
	__u32 fields;

	__u32 caps;
	__u8 role;
	__u32 heartbeat_ms;
	struct ns_net_status status;
	struct ns_rules rules;
	__u32 rules_version;
	__u32 rules_digest;
	__u32 peer_version;
	__u32 peer_digest;
	__u8 host_state;
	__u8 wake_reason;
	__u8 wake_rule;
	__u8 connected;
	__u8 xdp_mode;
	__u32 wake_count;
	__u8 sub_state;
	char sub_error[NS_TEXT_MAX + 1];
	__u16 error;
	__u16 stats_count;
	struct ns_counter stats[NS_REASON_COUNT];
	char text[NS_TEXT_MAX + 1];
	char ifname[NS_IFNAME_MAX + 1];
};

/* Fields of the network status, as a mask. */
#define NS_STATUS_FIELDS                                                 \
	(NS_FIELD(NS_TLV_MAC) | NS_FIELD(NS_TLV_LINK) |                  \
	 NS_FIELD(NS_TLV_IPV4) | NS_FIELD(NS_TLV_GATEWAY4) |             \
	 NS_FIELD(NS_TLV_DNS) | NS_FIELD(NS_TLV_IPV6) |                  \
	 NS_FIELD(NS_TLV_LEASE) | NS_FIELD(NS_TLV_MTU) |                 \
	 NS_FIELD(NS_TLV_GATEWAY6))

/* What each message must carry, as a request and as a reply. */
static const __u32 ns_msg_required[NS_MSG_TYPE_COUNT][2] = {
	[NS_MSG_HELLO] = { NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS),
			   NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS) },
	[NS_MSG_GET_MAC] = { 0, NS_FIELD(NS_TLV_MAC) },
	[NS_MSG_GET_STATUS] = { 0, NS_FIELD(NS_TLV_LINK) },
	[NS_MSG_STATUS_EVENT] = { NS_FIELD(NS_TLV_LINK), 0 },
	[NS_MSG_SET_RULES] = { NS_FIELD(NS_TLV_RULES),
			       NS_FIELD(NS_TLV_RULES_VERSION) |
				       NS_FIELD(NS_TLV_RULES_DIGEST) },
	[NS_MSG_GET_RULES] = { 0, NS_FIELD(NS_TLV_RULES) },
	[NS_MSG_SET_HOST_STATE] = { NS_FIELD(NS_TLV_HOST_STATE),
				    NS_FIELD(NS_TLV_HOST_STATE) },
	[NS_MSG_HEARTBEAT] = { 0, NS_FIELD(NS_TLV_HOST_STATE) },
	[NS_MSG_WAKE_EVENT] = { NS_FIELD(NS_TLV_WAKE), 0 },
	[NS_MSG_GET_STATS] = { 0, NS_FIELD(NS_TLV_STATS) },
	[NS_MSG_ERROR] = { NS_FIELD(NS_TLV_ERROR), NS_FIELD(NS_TLV_ERROR) },
};

/* --- byte order, independent of the CPU's --- */

static inline void ns_put16(__u8 *p, __u16 v)
{
	p[0] = (__u8)(v >> 8);
	p[1] = (__u8)v;
}

static inline void ns_put32(__u8 *p, __u32 v)
{
	ns_put16(p, (__u16)(v >> 16));
	ns_put16(p + 2, (__u16)v);
}

static inline void ns_put64(__u8 *p, __u64 v)
{
	ns_put32(p, (__u32)(v >> 32));
	ns_put32(p + 4, (__u32)v);
}

static inline __u16 ns_get16(const __u8 *p)
{
	return (__u16)((p[0] << 8) | p[1]);
}

static inline __u32 ns_get32(const __u8 *p)
{
	return ((__u32)ns_get16(p) << 16) | ns_get16(p + 2);
}

static inline __u64 ns_get64(const __u8 *p)
{
	return ((__u64)ns_get32(p) << 32) | ns_get32(p + 4);
}

static inline void ns_copy(void *dst, const void *src, __u32 len)
{
	const __u8 *s = (const __u8 *)src;
	__u8 *d = (__u8 *)dst;

	while (len--)
		*d++ = *s++;
}

static inline void ns_zero(void *dst, __u32 len)
{
	__u8 *d = (__u8 *)dst;

	while (len--)
		*d++ = 0;
}

/* Whether len bytes at a and b are equal. */
static inline bool ns_same(const void *a, const void *b, __u32 len)
{
	const __u8 *x = (const __u8 *)a, *y = (const __u8 *)b;

	while (len--)
		if (*x++ != *y++)
			return false;
	return true;
}

/*
 * The status's default router of family 4 or 6 as an address (all zeros
 * when there is none); whether there is one.
 */
static inline bool ns_status_gateway(const struct ns_net_status *s,
				     __u8 family, struct ns_addr *gw)
{
	static const __u8 none[16];
	__u32 len = family == 4 ? 4 : 16;

	ns_zero(gw, sizeof(*gw));
	gw->family = family;
	ns_copy(gw->addr, family == 4 ? s->gateway4 : s->gateway6, len);
	return !ns_same(gw->addr, none, len);
}

/* The reverse: gw (family 4 or 6) as the status's default router. */
static inline void ns_status_set_gateway(struct ns_net_status *s,
					 const struct ns_addr *gw)
{
	if (gw->family == 4)
		ns_copy(s->gateway4, gw->addr, 4);
	else
		ns_copy(s->gateway6, gw->addr, 16);
}

/* --- the rule table on the wire: every field, in order, big-endian --- */

#define NS_RULES_WIRE_LEN ((__u32)sizeof(struct ns_rules))

struct ns_wire {
	__u8 *p;
	const __u8 *end;
};

static inline void ns_rules_to_wire(const struct ns_rules *r, __u8 *out)
{
	const struct ns_table *t = &r->table;
	__u8 *p = out;
	int i, j;

	ns_put32(p, t->version);
	p[4] = t->host_state;
	p[5] = t->default_dest;
	p[6] = t->dhcp_owner;
	p[7] = t->broadcast;
	p[8] = t->wake_count;
	p[9] = t->ipv4_prefix;
	p[10] = t->ipv6_count;
	p[11] = t->flags;
	ns_copy(p + 12, t->mac, 6);
	p[18] = 0;
	p[19] = 0;
	ns_copy(p + 20, t->ipv4, 4);
	ns_copy(p + 24, t->ipv6, sizeof(t->ipv6));
	p += sizeof(*t);
	for (i = 0; i < NS_RANGE_COUNT; i++, p += 4) {
		ns_put16(p, r->range[i].lo);
		ns_put16(p + 2, r->range[i].hi);
	}
	for (i = 0; i < NS_LIST_COUNT; i++) {
		ns_put16(p, r->list[i].count);
		p += 2;
		for (j = 0; j < NS_PORT_LIST_MAX; j++, p += 2)
			ns_put16(p, r->list[i].port[j]);
	}
	for (i = 0; i < NS_WAKE_MAX; i++) {
		const struct ns_wake_pattern *w = &r->wake[i];

		ns_copy(p, w->topic, NS_WAKE_STR_MAX);
		ns_copy(p + NS_WAKE_STR_MAX, w->prefix, NS_WAKE_STR_MAX);
		p += 2 * NS_WAKE_STR_MAX;
		ns_put16(p, w->broker_port);
		p[2] = w->topic_len;
		p[3] = w->prefix_len;
		ns_put32(p + 4, 0);
		p += 8;
	}
	ns_copy(p, r->sub.broker, 16);
	ns_put16(p + 16, r->sub.broker_port);
	ns_put16(p + 18, r->sub.keepalive);
	p[20] = r->sub.family;
	p[21] = r->sub.topic_len;
	p[22] = r->sub.prefix_len;
	p[23] = r->sub.client_id_len;
	p[24] = r->sub.username_len;
	p[25] = r->sub.password_file_len;
	ns_zero(p + 26, sizeof(r->sub.reserved));
	ns_copy(p + 32, r->sub.topic, sizeof(r->sub) - 32);
}

static inline void ns_rules_from_wire(const __u8 *in, struct ns_rules *r)
{
	struct ns_table *t = &r->table;
	const __u8 *p = in;
	int i, j;

	ns_zero(r, sizeof(*r));
	t->version = ns_get32(p);
	t->host_state = p[4];
	t->default_dest = p[5];
	t->dhcp_owner = p[6];
	t->broadcast = p[7];
	t->wake_count = p[8];
	t->ipv4_prefix = p[9];
	t->ipv6_count = p[10];
	t->flags = p[11];
	ns_copy(t->mac, p + 12, 6);
	ns_copy(t->ipv4, p + 20, 4);
	ns_copy(t->ipv6, p + 24, sizeof(t->ipv6));
	p += sizeof(*t);
	for (i = 0; i < NS_RANGE_COUNT; i++, p += 4) {
		r->range[i].lo = ns_get16(p);
		r->range[i].hi = ns_get16(p + 2);
	}
	for (i = 0; i < NS_LIST_COUNT; i++) {
		r->list[i].count = ns_get16(p);
		p += 2;
		for (j = 0; j < NS_PORT_LIST_MAX; j++, p += 2)
			r->list[i].port[j] = ns_get16(p);
	}
	for (i = 0; i < NS_WAKE_MAX; i++) {
		struct ns_wake_pattern *w = &r->wake[i];

		ns_copy(w->topic, p, NS_WAKE_STR_MAX);
		ns_copy(w->prefix, p + NS_WAKE_STR_MAX, NS_WAKE_STR_MAX);
		p += 2 * NS_WAKE_STR_MAX;
		w->broker_port = ns_get16(p);
		w->topic_len = p[2];
		w->prefix_len = p[3];
		p += 8;
	}
	ns_copy(r->sub.broker, p, 16);
	r->sub.broker_port = ns_get16(p + 16);
	r->sub.keepalive = ns_get16(p + 18);
	r->sub.family = p[20];
	r->sub.topic_len = p[21];
	r->sub.prefix_len = p[22];
	r->sub.client_id_len = p[23];
	r->sub.username_len = p[24];
	r->sub.password_file_len = p[25];
	ns_copy(r->sub.topic, p + 32, sizeof(r->sub) - 32);
}

/*
 * The learned part of the table belongs to the co-processor: its host
 * state, MAC and addresses. The rest is policy, which both sides share.
 */
static inline void ns_rules_take_learned(struct ns_rules *dst,
					 const struct ns_rules *src)
{
	dst->table.host_state = src->table.host_state;
	dst->table.ipv4_prefix = src->table.ipv4_prefix;
	dst->table.ipv6_count = src->table.ipv6_count;
	ns_copy(dst->table.mac, src->table.mac, sizeof(dst->table.mac));
	ns_copy(dst->table.ipv4, src->table.ipv4, sizeof(dst->table.ipv4));
	ns_copy(dst->table.ipv6, src->table.ipv6, sizeof(dst->table.ipv6));
}

/*
 * FNV-1a over the policy part of the wire form: two sides agree when
 * versions and digests are equal.
 */
static inline __u32 ns_rules_digest(const struct ns_rules *r)
{
	__u8 wire[NS_RULES_WIRE_LEN];
	struct ns_rules policy;
	__u32 hash = 2166136261u;
	__u32 i;

	ns_copy(&policy, r, sizeof(policy));
	ns_zero(&policy.table, sizeof(policy.table));
	policy.table.default_dest = r->table.default_dest;
	policy.table.dhcp_owner = r->table.dhcp_owner;
	policy.table.broadcast = r->table.broadcast;
	policy.table.wake_count = r->table.wake_count;
	policy.table.flags = r->table.flags;
	ns_rules_to_wire(&policy, wire);
	for (i = 0; i < NS_RULES_WIRE_LEN; i++) {
		hash ^= wire[i];
		hash *= 16777619u;
	}
	return hash;
}

/* What the co-processor reports, as the learned fields of a table. */
static inline void ns_rules_learn(struct ns_rules *r,
				  const struct ns_net_status *st,
				  __u8 host_state)
{
	int i;

	ns_copy(r->table.mac, st->mac, 6);
	ns_zero(r->table.ipv4, 4);
	r->table.ipv4_prefix = 0;
	if (st->ipv4.family == 4) {
		ns_copy(r->table.ipv4, st->ipv4.addr, 4);
		r->table.ipv4_prefix = st->ipv4.prefix;
	}
	ns_zero(r->table.ipv6, sizeof(r->table.ipv6));
	r->table.ipv6_count = st->ipv6_count;
	for (i = 0; i < st->ipv6_count && i < NS_IPV6_MAX; i++)
		ns_copy(r->table.ipv6[i], st->ipv6[i].addr, 16);
	r->table.host_state = host_state;
}

/* A reply or request carrying the whole table. */
static inline void ns_msg_put_rules(struct ns_msg *m, __u8 type,
				    const struct ns_rules *rules)
{
	m->type = type;
	m->rules = *rules;
	m->fields = NS_FIELD(NS_TLV_RULES);
}

/* --- encoding --- */

static inline int ns_tlv_put(struct ns_wire *w, __u16 type, const void *val,
			     __u16 len)
{
	if (w->end - w->p < NS_TLV_HDR_LEN + len)
		return -NS_PERR_TOO_LONG;
	ns_put16(w->p, type);
	ns_put16(w->p + 2, len);
	ns_copy(w->p + NS_TLV_HDR_LEN, val, len);
	w->p += NS_TLV_HDR_LEN + len;
	return 0;
}

static inline int ns_tlv_put8(struct ns_wire *w, __u16 type, __u8 v)
{
	return ns_tlv_put(w, type, &v, 1);
}

static inline int ns_tlv_put32(struct ns_wire *w, __u16 type, __u32 v)
{
	__u8 b[4];

	ns_put32(b, v);
	return ns_tlv_put(w, type, b, 4);
}

static inline __u16 ns_strnlen(const char *s, __u16 max)
{
	__u16 n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static inline int ns_tlv_put_addr(struct ns_wire *w, __u16 type,
				  const struct ns_addr *a, int with_prefix)
{
	__u8 b[17];
	__u16 len = a->family == 6 ? 16 : 4;

	ns_copy(b, a->addr, len);
	if (with_prefix)
		b[len++] = a->prefix;
	return ns_tlv_put(w, type, b, len);
}

static inline int ns_msg_put_status(struct ns_wire *w, const struct ns_msg *m)
{
	const struct ns_net_status *s = &m->status;
	__u8 b[8];
	int err = 0, i;

	if (m->fields & NS_FIELD(NS_TLV_MAC))
		err |= ns_tlv_put(w, NS_TLV_MAC, s->mac, 6);
	if (m->fields & NS_FIELD(NS_TLV_LINK))
		err |= ns_tlv_put8(w, NS_TLV_LINK, s->link_up);
	if (m->fields & NS_FIELD(NS_TLV_IPV4))
		err |= ns_tlv_put_addr(w, NS_TLV_IPV4, &s->ipv4, 1);
	if (m->fields & NS_FIELD(NS_TLV_GATEWAY4))
		err |= ns_tlv_put(w, NS_TLV_GATEWAY4, s->gateway4, 4);
	if (m->fields & NS_FIELD(NS_TLV_GATEWAY6))
		err |= ns_tlv_put(w, NS_TLV_GATEWAY6, s->gateway6, 16);
	if (m->fields & NS_FIELD(NS_TLV_DNS))
		for (i = 0; i < s->dns_count && i < NS_DNS_MAX; i++)
			err |= ns_tlv_put_addr(w, NS_TLV_DNS, &s->dns[i], 0);
	if (m->fields & NS_FIELD(NS_TLV_IPV6))
		for (i = 0; i < s->ipv6_count && i < NS_IPV6_MAX; i++)
			err |= ns_tlv_put_addr(w, NS_TLV_IPV6, &s->ipv6[i], 1);
	if (m->fields & NS_FIELD(NS_TLV_LEASE)) {
		ns_put32(b, s->lease_valid);
		ns_put32(b + 4, s->lease_preferred);
		err |= ns_tlv_put(w, NS_TLV_LEASE, b, 8);
	}
	if (m->fields & NS_FIELD(NS_TLV_MTU))
		err |= ns_tlv_put32(w, NS_TLV_MTU, s->mtu);
	return err ? -NS_PERR_TOO_LONG : 0;
}

/*
 * Writes m into buf (size bytes). Returns the message's length, or
 * -NS_PERR_TOO_LONG when it does not fit, -NS_PERR_UNKNOWN_TYPE or
 * -NS_PERR_MISSING_FIELD when m is not a message we may send.
 */
static inline int ns_msg_encode(const struct ns_msg *m, __u8 *buf, __u32 size)
{
	struct ns_wire w = { buf + NS_MSG_HDR_LEN, buf + size };
	__u8 rules[NS_RULES_WIRE_LEN];
	__u8 b[NS_STATS_WIRE_MAX * 16];
	int err = 0, i, reply;
	__u32 len;

	if (size > NS_MSG_MAX)
		w.end = buf + NS_MSG_MAX;
	if (size < NS_MSG_HDR_LEN)
		return -NS_PERR_TOO_LONG;
	if (m->type == 0 || m->type >= NS_MSG_TYPE_COUNT)
		return -NS_PERR_UNKNOWN_TYPE;
	reply = !!(m->flags & NS_MSG_F_REPLY);
	if ((m->fields & ns_msg_required[m->type][reply]) !=
	    ns_msg_required[m->type][reply])
		return -NS_PERR_MISSING_FIELD;

	if (m->fields & NS_FIELD(NS_TLV_CAPS))
		err |= ns_tlv_put32(&w, NS_TLV_CAPS, m->caps);
	if (m->fields & NS_FIELD(NS_TLV_ROLE))
		err |= ns_tlv_put8(&w, NS_TLV_ROLE, m->role);
	if (m->fields & NS_FIELD(NS_TLV_HEARTBEAT_MS))
		err |= ns_tlv_put32(&w, NS_TLV_HEARTBEAT_MS, m->heartbeat_ms);
	err |= ns_msg_put_status(&w, m);
	if (m->fields & NS_FIELD(NS_TLV_RULES)) {
		ns_rules_to_wire(&m->rules, rules);
		err |= ns_tlv_put(&w, NS_TLV_RULES, rules, NS_RULES_WIRE_LEN);
	}
	if (m->fields & NS_FIELD(NS_TLV_RULES_VERSION))
		err |= ns_tlv_put32(&w, NS_TLV_RULES_VERSION, m->rules_version);
	if (m->fields & NS_FIELD(NS_TLV_RULES_DIGEST))
		err |= ns_tlv_put32(&w, NS_TLV_RULES_DIGEST, m->rules_digest);
	if (m->fields & NS_FIELD(NS_TLV_HOST_STATE))
		err |= ns_tlv_put8(&w, NS_TLV_HOST_STATE, m->host_state);
	if (m->fields & NS_FIELD(NS_TLV_WAKE)) {
		b[0] = m->wake_reason;
		b[1] = m->wake_rule;
		err |= ns_tlv_put(&w, NS_TLV_WAKE, b, 2);
	}
	if (m->fields & NS_FIELD(NS_TLV_STATS)) {
		for (i = 0; i < m->stats_count && i < NS_REASON_COUNT; i++) {
			ns_put64(b + i * 16, m->stats[i].packets);
			ns_put64(b + i * 16 + 8, m->stats[i].bytes);
		}
		err |= ns_tlv_put(&w, NS_TLV_STATS, b, (__u16)(i * 16));
	}
	if (m->fields & NS_FIELD(NS_TLV_ERROR)) {
		ns_put16(b, m->error);
		err |= ns_tlv_put(&w, NS_TLV_ERROR, b, 2);
	}
	if (m->fields & NS_FIELD(NS_TLV_TEXT))
		err |= ns_tlv_put(&w, NS_TLV_TEXT, m->text,
				  ns_strnlen(m->text, NS_TEXT_MAX));
	if (m->fields & NS_FIELD(NS_TLV_IFNAME))
		err |= ns_tlv_put(&w, NS_TLV_IFNAME, m->ifname,
				  ns_strnlen(m->ifname, NS_IFNAME_MAX));
	if (m->fields & NS_FIELD(NS_TLV_PEER_VERSION))
		err |= ns_tlv_put32(&w, NS_TLV_PEER_VERSION, m->peer_version);
	if (m->fields & NS_FIELD(NS_TLV_PEER_DIGEST))
		err |= ns_tlv_put32(&w, NS_TLV_PEER_DIGEST, m->peer_digest);
	if (m->fields & NS_FIELD(NS_TLV_CONNECTED))
		err |= ns_tlv_put8(&w, NS_TLV_CONNECTED, m->connected);
	if (m->fields & NS_FIELD(NS_TLV_XDP_MODE))
		err |= ns_tlv_put8(&w, NS_TLV_XDP_MODE, m->xdp_mode);
	if (m->fields & NS_FIELD(NS_TLV_WAKE_COUNT))
		err |= ns_tlv_put32(&w, NS_TLV_WAKE_COUNT, m->wake_count);
	if (m->fields & NS_FIELD(NS_TLV_SUB_STATE))
		err |= ns_tlv_put8(&w, NS_TLV_SUB_STATE, m->sub_state);
	if (m->fields & NS_FIELD(NS_TLV_SUB_ERROR))
		err |= ns_tlv_put(&w, NS_TLV_SUB_ERROR, m->sub_error,
				  ns_strnlen(m->sub_error, NS_TEXT_MAX));
	if (err)
		return -NS_PERR_TOO_LONG;

	len = (__u32)(w.p - buf);
	ns_put16(buf, NS_PROTO_MAGIC);
	buf[2] = NS_PROTO_VERSION;
	buf[3] = m->type;
	ns_put16(buf + 4, m->flags);
	ns_put16(buf + 6, (__u16)(len - NS_MSG_HDR_LEN));
	ns_put32(buf + 8, m->request_id);
	return (int)len;
}

/* --- decoding --- */

/*
 * Looks at the start of a byte stream. Returns the length of the first
 * message when all of it is there, 0 when more bytes are needed, or
 * -NS_PERR_BAD_MAGIC / -NS_PERR_TOO_LONG when the stream cannot be followed
 * any further (the connection must be closed after the error reply).
 */
static inline int ns_msg_frame(const __u8 *buf, __u32 len)
{
	__u32 total;

	if ((len >= 1 && buf[0] != NS_PROTO_MAGIC >> 8) ||
	    (len >= 2 && ns_get16(buf) != NS_PROTO_MAGIC))
		return -NS_PERR_BAD_MAGIC;
	if (len < NS_MSG_HDR_LEN)
		return 0;
	total = NS_MSG_HDR_LEN + ns_get16(buf + 6);
	if (total > NS_MSG_MAX)
		return -NS_PERR_TOO_LONG;
	return len < total ? 0 : (int)total;
}

static inline int ns_tlv_printable(const __u8 *v, __u16 len, __u16 max,
				   char *out)
{
	__u16 i;

	if (len == 0 || len > max)
		return -NS_PERR_BAD_LENGTH;
	for (i = 0; i < len; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			return -NS_PERR_BAD_VALUE;
	ns_copy(out, v, len);
	out[len] = '\0';
	return 0;
}

/* Fixed sizes of the TLVs; 0 = checked by ns_msg_take(). */
static const __u16 ns_tlv_len[NS_TLV_TYPE_COUNT] = {
	[NS_TLV_CAPS] = 4,	    [NS_TLV_ROLE] = 1,
	[NS_TLV_HEARTBEAT_MS] = 4,  [NS_TLV_MAC] = 6,
	[NS_TLV_LINK] = 1,	    [NS_TLV_IPV4] = 5,
	[NS_TLV_GATEWAY4] = 4,	    [NS_TLV_IPV6] = 17,
	[NS_TLV_LEASE] = 8,	    [NS_TLV_MTU] = 4,
	[NS_TLV_RULES] = NS_RULES_WIRE_LEN,
	[NS_TLV_RULES_VERSION] = 4, [NS_TLV_RULES_DIGEST] = 4,
	[NS_TLV_HOST_STATE] = 1,    [NS_TLV_WAKE] = 2,
	[NS_TLV_ERROR] = 2,	    [NS_TLV_PEER_VERSION] = 4,
	[NS_TLV_PEER_DIGEST] = 4,   [NS_TLV_CONNECTED] = 1,
	[NS_TLV_XDP_MODE] = 1,	    [NS_TLV_WAKE_COUNT] = 4,
	[NS_TLV_SUB_STATE] = 1,	    [NS_TLV_GATEWAY6] = 16,
};

static inline int ns_msg_take_addr(struct ns_addr *a, const __u8 *v,
				   __u16 len, int with_prefix)
{
	__u16 alen = (__u16)(len - (with_prefix ? 1 : 0));

	if (alen != 4 && alen != 16)
		return -NS_PERR_BAD_LENGTH;
	ns_zero(a, sizeof(*a));
	a->family = alen == 4 ? 4 : 6;
	ns_copy(a->addr, v, alen);
	if (with_prefix) {
		a->prefix = v[alen];
		if (a->prefix > alen * 8)
			return -NS_PERR_BAD_VALUE;
	}
	return 0;
}

/* Stores one TLV whose length ns_tlv_len[] (if set) already matched. */
static inline int ns_msg_take(struct ns_msg *m, __u16 type, const __u8 *v,
			      __u16 len)
{
	struct ns_net_status *s = &m->status;
	struct ns_problem problem;
	__u16 i;

	switch (type) {
	case NS_TLV_CAPS:
		m->caps = ns_get32(v);
		return 0;
	case NS_TLV_ROLE:
		m->role = v[0];
		return m->role && m->role <= NS_ROLE_MAX ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_HEARTBEAT_MS:
		m->heartbeat_ms = ns_get32(v);
		return m->heartbeat_ms >= 100 && m->heartbeat_ms <= 60000 ?
			       0 :
			       -NS_PERR_BAD_VALUE;
	case NS_TLV_MAC:
		ns_copy(s->mac, v, 6);
		return 0;
	case NS_TLV_LINK:
		s->link_up = v[0];
		return v[0] <= 1 ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_IPV4:
		return ns_msg_take_addr(&s->ipv4, v, len, 1);
	case NS_TLV_GATEWAY4:
		ns_copy(s->gateway4, v, 4);
		return 0;
	case NS_TLV_GATEWAY6:
		ns_copy(s->gateway6, v, 16);
		return 0;
	case NS_TLV_DNS:
		if (s->dns_count == NS_DNS_MAX)
			return -NS_PERR_DUPLICATE_FIELD;
		return ns_msg_take_addr(&s->dns[s->dns_count++], v, len, 0);
	case NS_TLV_IPV6:
		if (s->ipv6_count == NS_IPV6_MAX)
			return -NS_PERR_DUPLICATE_FIELD;
		return ns_msg_take_addr(&s->ipv6[s->ipv6_count++], v, len, 1);
	case NS_TLV_LEASE:
		s->lease_valid = ns_get32(v);
		s->lease_preferred = ns_get32(v + 4);
		return s->lease_preferred <= s->lease_valid ?
			       0 :
			       -NS_PERR_BAD_VALUE;
	case NS_TLV_MTU:
		s->mtu = ns_get32(v);
		return s->mtu >= 68 && s->mtu <= 65535 ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_RULES:
		ns_rules_from_wire(v, &m->rules);
		return ns_rules_check(&m->rules, &problem) ? -NS_PERR_BAD_VALUE :
							     0;
	case NS_TLV_RULES_VERSION:
		m->rules_version = ns_get32(v);
		return 0;
	case NS_TLV_RULES_DIGEST:
		m->rules_digest = ns_get32(v);
		return 0;
	case NS_TLV_HOST_STATE:
		m->host_state = v[0];
		return v[0] < NS_HOST_STATE_COUNT ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_WAKE:
		m->wake_reason = v[0];
		m->wake_rule = v[1];
		return v[0] < NS_REASON_COUNT ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_STATS:
		if (len == 0 || len % 16 || len > NS_STATS_WIRE_MAX * 16)
			return -NS_PERR_BAD_LENGTH;
		for (i = 0; i < len / 16 && i < NS_REASON_COUNT; i++) {
			m->stats[i].packets = ns_get64(v + i * 16);
			m->stats[i].bytes = ns_get64(v + i * 16 + 8);
		}
		m->stats_count = i;
		return 0;
	case NS_TLV_ERROR:
		m->error = ns_get16(v);
		return 0;
	case NS_TLV_TEXT:
		return ns_tlv_printable(v, len, NS_TEXT_MAX, m->text);
	case NS_TLV_IFNAME:
		return ns_tlv_printable(v, len, NS_IFNAME_MAX, m->ifname);
	case NS_TLV_PEER_VERSION:
		m->peer_version = ns_get32(v);
		return 0;
	case NS_TLV_PEER_DIGEST:
		m->peer_digest = ns_get32(v);
		return 0;
	case NS_TLV_CONNECTED:
		m->connected = v[0];
		return v[0] <= 1 ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_XDP_MODE:
		m->xdp_mode = v[0];
		return v[0] < NS_XDP_MODE_COUNT ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_WAKE_COUNT:
		m->wake_count = ns_get32(v);
		return 0;
	case NS_TLV_SUB_STATE:
		m->sub_state = v[0];
		return v[0] < NS_SUB_STATE_COUNT ? 0 : -NS_PERR_BAD_VALUE;
	case NS_TLV_SUB_ERROR:
		return ns_tlv_printable(v, len, NS_TEXT_MAX, m->sub_error);
	}
	return 0;
}

/*
 * Decodes one whole message of len bytes (as framed by ns_msg_frame()).
 * Returns 0, or -NS_PERR_*; on error, m->type, m->flags and m->request_id
 * hold what the header said, for the error reply.
 */
static inline int ns_msg_decode(const __u8 *buf, __u32 len, struct ns_msg *m)
{
	const __u8 *p, *end;
	__u16 type, tlen;
	int err, reply;

	ns_zero(m, sizeof(*m));
	if (len < NS_MSG_HDR_LEN)
		return -NS_PERR_TRUNCATED;
	if (ns_get16(buf) != NS_PROTO_MAGIC)
		return -NS_PERR_BAD_MAGIC;
	m->type = buf[3];
	m->flags = ns_get16(buf + 4);
	m->request_id = ns_get32(buf + 8);
	if (buf[2] != NS_PROTO_VERSION)
		return -NS_PERR_BAD_VERSION;
	if (len > NS_MSG_MAX)
		return -NS_PERR_TOO_LONG;
	if (NS_MSG_HDR_LEN + (__u32)ns_get16(buf + 6) != len)
		return -NS_PERR_BAD_LENGTH;
	if (m->type == 0 || m->type >= NS_MSG_TYPE_COUNT)
		return -NS_PERR_UNKNOWN_TYPE;

	p = buf + NS_MSG_HDR_LEN;
	end = buf + len;
	while (p < end) {
		if (end - p < NS_TLV_HDR_LEN)
			return -NS_PERR_TRUNCATED;
		type = ns_get16(p);
		tlen = ns_get16(p + 2);
		p += NS_TLV_HDR_LEN;
		if (end - p < tlen)
			return -NS_PERR_TRUNCATED;
		if (type > 0 && type < NS_TLV_TYPE_COUNT) {
			if (ns_tlv_len[type] && tlen != ns_tlv_len[type])
				return -NS_PERR_BAD_LENGTH;
			if ((m->fields & NS_FIELD(type)) &&
			    type != NS_TLV_DNS && type != NS_TLV_IPV6)
				return -NS_PERR_DUPLICATE_FIELD;
			err = ns_msg_take(m, type, p, tlen);
			if (err)
				return err;
			m->fields |= NS_FIELD(type);
		}
		p += tlen;
	}
	reply = !!(m->flags & NS_MSG_F_REPLY);
	if ((m->fields & ns_msg_required[m->type][reply]) !=
	    ns_msg_required[m->type][reply])
		return -NS_PERR_MISSING_FIELD;
	return 0;
}

/*
 * Whether the two tables of a status reply agree: by their content, which
 * the digests sum up. Versions count changes and may differ for a moment
 * after a side restarts; equal content is agreement.
 */
static inline bool ns_msg_tables_agree(const struct ns_msg *m)
{
	return m->peer_digest == m->rules_digest;
}

/* Fills m as the error reply to a request whose header was req. */
static inline void ns_msg_error(struct ns_msg *m, const struct ns_msg *req,
				int perr)
{
	__u8 type = req->type;
	__u32 id = req->request_id;

	ns_zero(m, sizeof(*m));
	m->type = NS_MSG_ERROR;
	m->flags = NS_MSG_F_REPLY;
	m->request_id = id;
	m->error = (__u16)(perr < 0 ? -perr : perr);
	if (m->error >= NS_PERR_COUNT)
		m->error = NS_PERR_FAILED;
	m->fields = NS_FIELD(NS_TLV_ERROR) | NS_FIELD(NS_TLV_TEXT);
	ns_copy(m->text, ns_perr_name[m->error],
		ns_strnlen(ns_perr_name[m->error], NS_TEXT_MAX));
	if (type && type < NS_MSG_TYPE_COUNT) {
		__u16 n = ns_strnlen(m->text, NS_TEXT_MAX);
		const char *name = ns_msg_name[type];
		__u16 k = ns_strnlen(name, NS_TEXT_MAX);

		if (n + 4 + k <= NS_TEXT_MAX) {
			ns_copy(m->text + n, " in ", 4);
			ns_copy(m->text + n + 4, name, k);
		}
	}
}

#endif /* NETSPLIT_PROTO_H */
