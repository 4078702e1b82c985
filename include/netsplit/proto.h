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
 * have request id 0. An error reply with request id 0 refuses the
 * connection itself (too many connections), and the connection closes.
 * Unknown TLV types are skipped, so a newer peer can add fields; an
 * unknown message type is an error.
 */
#ifndef NETSPLIT_PROTO_H
#define NETSPLIT_PROTO_H

#include "types.h"
#include "rules.h"
#include "reasons.h"
#include "engine.h"

#define NS_PROTO_MAGIC 0x4e53 /* "NS" */
#define NS_PROTO_VERSION 1
#define NS_MSG_HDR_LEN 12
#define NS_MSG_MAX 4096
#define NS_TLV_HDR_LEN 4

#define NS_MSG_F_REPLY 0x0001

/* The table on the wire: every field, in order, big-endian (table.h). */
#define NS_RULES_WIRE_LEN ((__u32)sizeof(struct ns_rules))

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
	NS_MSG_SET_WIFI = 12,	   /* station credentials; reply: its state */
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
	[NS_MSG_SET_WIFI] = "set-wifi",
};

/*
 * The fields, one line each, in the order a message carries them:
 * X(NAME, TYPE, KIND, MEMBER, LEN, MIN, MAX) is NS_TLV_NAME = TYPE on the
 * wire, kept in struct ns_msg's MEMBER the way KIND says (common/proto.c
 * codes and checks it), LEN bytes long (0: its length varies), and
 * accepted from MIN to MAX (a number's value, a text's length, a list's
 * entries; both 0: any). A field is written once in a message, but the
 * lists (ADDRS), once per entry.
 */
#define NS_TLV_LIST(X)                                                         \
	X(CAPS, 1, U32, caps, 4, 0, 0)                                         \
	X(ROLE, 2, U8, role, 1, 1, NS_ROLE_MAX)                                \
	X(HEARTBEAT_MS, 3, U32, heartbeat_ms, 4, 100, 60000)                   \
	X(MAC, 4, BYTES, status.mac, 6, 0, 0)                                  \
	X(LINK, 5, U8, status.link_up, 1, 0, 1)                                \
	X(IPV4, 6, ADDR, status.ipv4, 5, 0, 0)                                 \
	X(GATEWAY4, 7, BYTES, status.gateway4, 4, 0, 0)                        \
	X(GATEWAY6, 28, BYTES, status.gateway6, 16, 0, 0)                      \
	X(DNS, 8, ADDRS, status.dns, 0, 0, NS_DNS_MAX)                         \
	X(IPV6, 9, ADDRS, status.ipv6, 17, 1, NS_IPV6_MAX)                     \
	X(LEASE, 10, LEASE, status.lease_valid, 8, 0, 0)                       \
	X(MTU, 11, U32, status.mtu, 4, 68, 65535)                              \
	X(RULES, 12, RULES, rules, NS_RULES_WIRE_LEN, 0, 0)                    \
	X(RULES_VERSION, 13, U32, rules_version, 4, 0, 0)                      \
	X(RULES_DIGEST, 14, U32, rules_digest, 4, 0, 0)                        \
	X(HOST_STATE, 15, U8, host_state, 1, 0, NS_HOST_STATE_COUNT - 1)       \
	X(WAKE, 16, WAKE, wake_reason, 2, 0, NS_REASON_COUNT - 1)              \
	X(STATS, 17, STATS, stats, 0, 1, NS_STATS_WIRE_MAX)                    \
	X(ERROR, 18, U16, error, 2, 0, 0xffff)                                 \
	X(TEXT, 19, TEXT, text, 0, 1, NS_TEXT_MAX)                             \
	X(IFNAME, 20, TEXT, ifname, 0, 1, NS_IFNAME_MAX)                       \
	X(PEER_VERSION, 21, U32, peer_version, 4, 0, 0)                        \
	X(PEER_DIGEST, 22, U32, peer_digest, 4, 0, 0)                          \
	X(CONNECTED, 23, U8, connected, 1, 0, 1)                               \
	X(XDP_MODE, 24, U8, xdp_mode, 1, 0, NS_XDP_MODE_COUNT - 1)             \
	X(WAKE_COUNT, 25, U32, wake_count, 4, 0, 0)                            \
	X(SUB_STATE, 26, U8, sub_state, 1, 0, NS_SUB_STATE_COUNT - 1)          \
	X(SUB_ERROR, 27, TEXT, sub_error, 0, 1, NS_TEXT_MAX)                   \
	X(PEER_STATE, 29, U8, peer_state, 1, 0, NS_PEER_STATE_COUNT - 1)       \
	X(PEER_SILENT_MS, 30, U32, peer_silent_ms, 4, 0, 0)                    \
	X(WIFI_SSID, 31, TEXT, wifi.ssid, 0, 1, NS_WIFI_SSID_MAX)               \
	X(WIFI_PSK, 32, TEXT, wifi_psk, 0, 8, NS_WIFI_PSK_MAX)                  \
	X(WIFI_STATE, 33, U8, wifi.state, 1, 0, NS_WIFI_STATE_COUNT - 1)       \
	X(WIFI_BSSID, 34, BYTES, wifi.bssid, 6, 0, 0)                          \
	X(WIFI_RSSI, 35, U8, wifi.rssi, 1, 0, 0)                                \
	X(WAKE_LIMITED, 36, U32, wake_limited, 4, 0, 0)                         \
	X(WAKE_DROPPED, 37, U32, wake_dropped, 4, 0, 0)                         \
	X(RING_FULL, 38, U32, ring_full, 4, 0, 0)

/* Fields; a message's fields mask has bit (1 << type) for each present. */
enum ns_tlv_type {
#define NS_TLV_ENUM(name, type, ...) NS_TLV_##name = type,
	NS_TLV_LIST(NS_TLV_ENUM)
#undef NS_TLV_ENUM
};

/* One past the highest type. */
#define NS_TLV_TYPE_COUNT 39
#define NS_TLV_BELOW_COUNT(name, type, ...)                                    \
	NS_STATIC_ASSERT(type < NS_TLV_TYPE_COUNT, "NS_TLV_" #name);
NS_TLV_LIST(NS_TLV_BELOW_COUNT)
#undef NS_TLV_BELOW_COUNT

/* Fixed lengths of the fields; 0 = their length varies. */
static const __u16 ns_tlv_len[NS_TLV_TYPE_COUNT] = {
#define NS_TLV_LEN(name, type, kind, member, len, ...) [NS_TLV_##name] = len,
	NS_TLV_LIST(NS_TLV_LEN)
#undef NS_TLV_LEN
};

NS_STATIC_ASSERT(NS_TLV_TYPE_COUNT <= 64, "fields fit a u64 mask");

#define NS_FIELD(t) (1ull << (t))

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

/*
 * The co-processor as netsplitd sees it: no connection yet (or again),
 * answering, or connected and silent past heartbeat_misses heartbeats
 * (hung while its link stays up); down while not up.
 */
enum ns_peer_state {
	NS_PEER_CONNECTING = 0,
	NS_PEER_UP = 1,
	NS_PEER_SILENT = 2,
	NS_PEER_STATE_COUNT
};

static const char *const ns_peer_state_name[NS_PEER_STATE_COUNT] = {
	[NS_PEER_CONNECTING] = "connecting",
	[NS_PEER_UP] = "up",
	[NS_PEER_SILENT] = "silent",
};

/*
 * The co-processor's Wi-Fi station, as it reports it: credentials are
 * needed, it is (re)connecting, connected, or its last attempt failed
 * because the passphrase was refused or no access point of that SSID
 * answered (it tries again after a pause).
 */
enum ns_wifi_state {
	NS_WIFI_NO_CREDENTIALS = 0,
	NS_WIFI_CONNECTING = 1,
	NS_WIFI_CONNECTED = 2,
	NS_WIFI_WRONG_PASSWORD = 3,
	NS_WIFI_NO_AP = 4,
	NS_WIFI_STATE_COUNT
};

static const char *const ns_wifi_state_name[NS_WIFI_STATE_COUNT] = {
	[NS_WIFI_NO_CREDENTIALS] = "no credentials",
	[NS_WIFI_CONNECTING] = "connecting",
	[NS_WIFI_CONNECTED] = "connected",
	[NS_WIFI_WRONG_PASSWORD] = "wrong password",
	[NS_WIFI_NO_AP] = "no AP",
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
	X(FAILED, "failed")                      \
	X(PERMISSION, "permission-denied")       \
	X(BUSY, "too-many-connections")

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
#define NS_WIFI_SSID_MAX 32   /* bytes, IEEE 802.11 */
#define NS_WIFI_PSK_MAX	 64   /* 8-63 characters, or 64 hex digits */

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

/*
 * The station as reported: state, and the access point while connected.
 * Its SSID is printable ASCII here (the protocol's text).
 */
struct ns_wifi_status {
	__u8 state; /* enum ns_wifi_state */
	__s8 rssi;  /* dBm */
	__u8 bssid[6];
	char ssid[NS_WIFI_SSID_MAX + 1];
};

/* A decoded message. fields says which members hold a value. */
struct ns_msg {
	__u8 type;
	__u16 flags;
	__u32 request_id;
	__u64 fields;

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
	__u32 wake_limited; /* wakes a pattern's bucket held back */
	__u32 wake_dropped; /* woken frames the full wake queue dropped */
	__u32 ring_full;    /* frames the receive ring had no room for */
	__u8 sub_state;
	char sub_error[NS_TEXT_MAX + 1];
	__u8 peer_state;
	__u32 peer_silent_ms;
	struct ns_wifi_status wifi;
	/* Only in set-wifi: a secret, never shown, scrubbed after use. */
	char wifi_psk[NS_WIFI_PSK_MAX + 1];
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

/* The station's fields of a status. */
#define NS_WIFI_FIELDS                                                   \
	(NS_FIELD(NS_TLV_WIFI_STATE) | NS_FIELD(NS_TLV_WIFI_SSID) |      \
	 NS_FIELD(NS_TLV_WIFI_BSSID) | NS_FIELD(NS_TLV_WIFI_RSSI))

/* The station's fields a status carries for w: the AP only when connected. */
static inline __u64 ns_wifi_fields(const struct ns_wifi_status *w)
{
	__u64 fields = NS_WIFI_FIELDS;

	if (!w->ssid[0])
		fields &= ~NS_FIELD(NS_TLV_WIFI_SSID);
	if (w->state != NS_WIFI_CONNECTED)
		fields &= ~(NS_FIELD(NS_TLV_WIFI_BSSID) |
			    NS_FIELD(NS_TLV_WIFI_RSSI));
	return fields;
}

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

/*
 * The compiler's own (no BPF program includes this header): inline code or
 * the C library's, not a loop a byte a turn, which zeroing a 2.9 KB
 * message at every decode made the protocol fuzzer's main cost. ns_copy()
 * may overlap (a stream moves its buffer down in place): memmove.
 */
static inline void ns_copy(void *dst, const void *src, __u32 len)
{
	__builtin_memmove(dst, src, len);
}

static inline void ns_zero(void *dst, __u32 len)
{
	__builtin_memset(dst, 0, len);
}

/* Whether len bytes at a and b are equal. */
static inline bool ns_same(const void *a, const void *b, __u32 len)
{
	return !__builtin_memcmp(a, b, len);
}

/* The length of s, at most max. */
static inline __u16 ns_strnlen(const char *s, __u16 max)
{
	__u16 n = 0;

	while (n < max && s[n])
		n++;
	return n;
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

/* Whether len bytes at s are printable ASCII: the protocol's texts. */
static inline bool ns_printable(const void *s, __u32 len)
{
	const __u8 *b = (const __u8 *)s;
	__u32 i;

	for (i = 0; i < len; i++)
		if (b[i] < 0x20 || b[i] > 0x7e)
			return false;
	return true;
}

/*
 * Whether a station can use these credentials: an SSID of 1-32 printable
 * bytes, and no passphrase (an open network), WPA2's 8-63 printable
 * characters, or the 64 hex digits of a raw PSK.
 */
static inline bool ns_wifi_usable(const char *ssid, const char *psk)
{
	__u16 ssid_len = ns_strnlen(ssid, NS_WIFI_SSID_MAX + 1);
	__u16 psk_len = ns_strnlen(psk, NS_WIFI_PSK_MAX + 1);
	__u16 i;

	if (!ssid_len || ssid_len > NS_WIFI_SSID_MAX ||
	    !ns_printable(ssid, ssid_len) || psk_len > NS_WIFI_PSK_MAX ||
	    (psk_len && psk_len < 8) || !ns_printable(psk, psk_len))
		return false;
	for (i = 0; psk_len == NS_WIFI_PSK_MAX && i < psk_len; i++)
		if (!((psk[i] >= '0' && psk[i] <= '9') ||
		      (psk[i] >= 'a' && psk[i] <= 'f') ||
		      (psk[i] >= 'A' && psk[i] <= 'F')))
			return false;
	return true;
}

/* Overwrites a secret; the compiler may not drop it as a dead store. */
static inline void ns_scrub(void *p, __u32 len)
{
	volatile __u8 *b = (volatile __u8 *)p;

	while (len--)
		*b++ = 0;
}

/* A reply or request carrying the whole table. */
static inline void ns_msg_put_rules(struct ns_msg *m, __u8 type,
				    const struct ns_rules *rules)
{
	m->type = type;
	m->rules = *rules;
	m->fields = NS_FIELD(NS_TLV_RULES);
}

/*
 * The codec (common/proto.c). ns_msg_encode() writes m into buf (size
 * bytes) and returns the message's length, or -NS_PERR_TOO_LONG when it does
 * not fit, -NS_PERR_UNKNOWN_TYPE or -NS_PERR_MISSING_FIELD when m is not a
 * message we may send.
 */
int ns_msg_encode(const struct ns_msg *m, __u8 *buf, __u32 size);

/*
 * Looks at the start of a byte stream. Returns the length of the first
 * message when all of it is there, 0 when more bytes are needed, or
 * -NS_PERR_BAD_MAGIC / -NS_PERR_TOO_LONG when the stream cannot be followed
 * any further (the connection must be closed after the error reply).
 */
int ns_msg_frame(const __u8 *buf, __u32 len);

/*
 * Decodes one whole message of len bytes (as framed by ns_msg_frame()).
 * Returns 0, or -NS_PERR_*; on error, m->type, m->flags and m->request_id
 * hold what the header said, for the error reply.
 */
int ns_msg_decode(const __u8 *buf, __u32 len, struct ns_msg *m);

/* Fills m as the error reply to a request whose header was req. */
void ns_msg_error(struct ns_msg *m, const struct ns_msg *req, int perr);

/*
 * Whether the two tables of a status reply agree: by their content, which
 * the digests sum up. Versions count changes and may differ for a moment
 * after a side restarts; equal content is agreement.
 */
/*
 * What only root (or CAP_NET_ADMIN) may send: a change of the table, the
 * host state or the credentials, or taking the host's place, which makes
 * the sender's table the one pushed. Everything else only reads.
 */
static inline bool ns_msg_changes_state(const struct ns_msg *m)
{
	if (m->flags & NS_MSG_F_REPLY)
		return false;
	return m->type == NS_MSG_SET_RULES || m->type == NS_MSG_SET_HOST_STATE ||
	       m->type == NS_MSG_SET_WIFI ||
	       (m->type == NS_MSG_HELLO && m->role == NS_ROLE_HOST);
}

static inline bool ns_msg_tables_agree(const struct ns_msg *m)
{
	return m->peer_digest == m->rules_digest;
}

#endif /* NETSPLIT_PROTO_H */
