/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The netsplit classifier (SPEC section 3): one Ethernet frame in, a
 * destination, a wake flag and a reason out.
 *
 * The same source runs in the XDP splitter, the XDP guard, the native
 * user-space engine and the firmware. It is written for the BPF verifier:
 * every read is preceded by a bounds check against the end of the frame
 * (or of the IP packet), every loop has a constant bound, and nothing
 * allocates. Packet fields are read by offset, so no kernel or libc header
 * is needed.
 *
 * Where the rule table lives is the engine's business. Before using
 * ns_classify() the engine defines struct ns_env and the ns_env_*()
 * functions declared below.
 */
#ifndef NETSPLIT_CLASSIFY_H
#define NETSPLIT_CLASSIFY_H

#include "types.h"
#include "rules.h"
#include "reasons.h"
#include "result.h"
#include "engine.h"
#include "flow.h"

#define NS_ETH_HLEN 14
#define NS_ETH_P_IPV4 0x0800
#define NS_ETH_P_ARP 0x0806
#define NS_ETH_P_IPV6 0x86DD

#define NS_IPPROTO_ICMP 1
#define NS_IPPROTO_TCP 6
#define NS_IPPROTO_UDP 17
#define NS_IPPROTO_ICMPV6 58

#define NS_IPV6_EXT_MAX 8

#define NS_TCP_SYN 0x02
#define NS_TCP_ACK 0x10

struct ns_env;

/* The engine's side of the contract; each may return NULL / false. */
static NS_TINY const struct ns_table *ns_env_table(struct ns_env *env);
static NS_TINY const struct ns_port_range *ns_env_range(struct ns_env *env,
							__u32 id);
/* The NS_LIST_COUNT port lists, indexed by enum ns_list. */
static NS_TINY const struct ns_port_list *ns_env_lists(struct ns_env *env);
static NS_TINY const struct ns_wake_pattern *ns_env_wake(struct ns_env *env,
							 __u32 index);
/*
 * Whether the slave's own stack has a socket for flow: one listening on its
 * port, or a connection it belongs to. Asked for shared ports only, at
 * classification time, so a port bound a moment before the first frame is
 * the slave's.
 */
static __always_inline bool ns_env_slave_listens(struct ns_env *env,
						 const struct ns_flow *flow);
static __always_inline bool ns_env_frag_lookup(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 *dest);
static __always_inline void ns_env_frag_record(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 dest);
/*
 * Copies len bytes at offset off from the frame start into buf, which has
 * room for size (a constant) bytes; fails unless 1 <= len <= size and the
 * bytes are in the frame. The rest of buf may change (an engine may copy
 * more of the frame).
 */
static __always_inline bool ns_env_load(struct ns_env *env, __u32 off,
					void *buf, __u32 len, __u32 size);
/* Room for the MQTT windows, which do not fit on the BPF stack. */
struct ns_mqtt_scratch;
static __always_inline struct ns_mqtt_scratch *
ns_env_scratch(struct ns_env *env);

/*
 * The bounded loops of the classifier, the IPv6 extension header walk and
 * the MQTT wake match (a loop over the packets of a segment, each matched
 * against the patterns), take and return plain scalars so that an engine
 * can run them apart: the BPF engine makes them global functions, which the
 * verifier checks once instead of once per path of the caller. Other
 * engines just call ns_ipv6_walk(), ns_mqtt_wake() and ns_mqtt_packet().
 */
struct ns_ipv6_walk {
	__u32 off;     /* in: first extension header; out: upper-layer header */
	__u32 end_off; /* in: end of the IP packet */
	__u32 frag_id; /* out */
	__u8 next;     /* in: first next header; out: upper-layer protocol */
	__u8 frag;     /* out: enum ns_frag */
	__u8 reserved[2];
};

struct ns_wake_query {
	__u32 payload;   /* in: offset of the TCP payload; the packet looked at */
	__u32 end_off;   /* in: end of the IP packet */
	__u16 sport;     /* in: the remote (broker) port */
	__u8 wake_count; /* in: patterns in use */
	__u8 rule;       /* out: the pattern that matched */
	__u8 topics;     /* in: nonzero when a pattern for sport has a topic */
	__u8 reserved[3];
};

/* What the wake check reads of a TCP segment for the host. */
struct ns_tcp_seg {
	__u32 payload; /* offset of the payload */
	__u32 end_off; /* end of the IP packet */
	__u8 flags;
};

static __always_inline bool ns_env_ipv6_walk(struct ns_env *env,
					     struct ns_ipv6_walk *walk);
static __always_inline bool ns_env_mqtt_wake(struct ns_env *env,
					     struct ns_wake_query *query);
static __always_inline int ns_env_mqtt_packet(struct ns_env *env,
					      struct ns_wake_query *query);

enum ns_frag {
	NS_FRAG_NONE = 0,
	NS_FRAG_FIRST = 1,
	NS_FRAG_LATER = 2,
};

/*
 * What the L2/L3 parse found. Every read is checked against both ends: the
 * IP packet's end decides what is truncated, and the frame's end is what
 * the BPF verifier accepts as a bound (it cannot learn that one is <= the
 * other).
 */
struct ns_pkt {
	const __u8 *l2;
	const __u8 *l3;
	const __u8 *l4;
	const __u8 *end;       /* end of the IP packet: padding excluded */
	const __u8 *frame_end; /* end of the frame */
	const __u8 *saddr;
	const __u8 *daddr;
	__u32 frag_id;
	__u8 family;
	__u8 proto;
	__u8 frag;
	__u8 group; /* L2 group, IPv4 broadcast/multicast or IPv6 multicast */
	/*
	 * L4 fields are read where their bounds are checked: the verifier
	 * may not connect a later read through a recomputed pointer to it.
	 */
	__u16 sport;
	__u16 dport;
	__u32 l4_off;   /* offsets from the frame start */
	__u32 end_off;
	__u8 l4_hlen;   /* TCP header length; 8 for UDP and ICMP */
	__u8 tcp_flags;
	__u8 icmp_type;
};

/*
 * Big-endian reads at any alignment. In BPF, memcpy would become byte loads
 * and shifts (the backend assumes nothing about alignment); the verifier
 * accepts unaligned packet and map loads where the CPU handles them (x86,
 * arm64), so read the word directly.
 */
static NS_TINY __u16 ns_rd16(const __u8 *p)
{
#ifdef __bpf__
	__u64 v = ns_ntohs(*(const __u16 *)p);

	/*
	 * Verifiers before 6.3 or so know nothing of a byte swap's result;
	 * the mask (which clang would drop as redundant, hence asm) bounds
	 * it, so it may be added to a packet pointer.
	 */
	asm volatile("%0 &= 0xffff" : "+r"(v));
	return (__u16)v;
#else
	/* Bytes, not a memcpy: one load where the CPU allows, no call. */
	return (__u16)(p[0] << 8 | p[1]);
#endif
}

static NS_TINY __u32 ns_rd32(const __u8 *p)
{
#ifdef __bpf__
	return ns_ntohl(*(const __u32 *)p);
#else
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
#endif
}

/* Whether n bytes at p lie inside the IP packet. */
static NS_TINY bool ns_has(const struct ns_pkt *pkt, const __u8 *p,
				   __u32 n)
{
	return p + n <= pkt->frame_end && p + n <= pkt->end;
}

static NS_TINY void ns_set(struct ns_result *res, __u8 dest,
				   __u8 reason)
{
	res->dest = dest;
	res->reason = reason;
}

/* Copies n bytes at off (from the frame start) if they end by end_off. */
static NS_TINY bool ns_load_within(struct ns_env *env, __u32 end_off,
					   __u32 off, void *buf, __u32 n)
{
	if (off > end_off || n > end_off - off)
		return false;
	return ns_env_load(env, off, buf, n, n);
}

static NS_TINY bool ns_ipv6_is_ext(__u8 nh)
{
	switch (nh) {
	case 0:  /* hop-by-hop options */
	case 43: /* routing */
	case 44: /* fragment */
	case 51: /* authentication header */
	case 60: /* destination options */
		return true;
	}
	return false;
}

static NS_TINY bool ns_awake(const struct ns_table *t)
{
	return t->host_state == NS_HOST_AWAKE;
}

static NS_TINY bool ns_in_range(struct ns_env *env, __u32 id,
					__u16 port)
{
	const struct ns_port_range *r = ns_env_range(env, id);

	return r && port >= r->lo && port <= r->hi;
}

/* Whether port is in list id of lists (no list when lists is NULL). */
static __always_inline bool ns_in_list(const struct ns_port_list *lists,
				       __u32 id, __u16 port)
{
	const struct ns_port_list *l;
	__u32 i;

	if (!lists)
		return false;
	l = &lists[id];
	for (i = 0; i < NS_PORT_LIST_MAX; i++) {
		if (i >= l->count)
			break;
		if (l->port[i] == port)
			return true;
	}
	return false;
}

/* ARP replies, echo replies and neighbour advertisements. */
static NS_TINY __u8 ns_reply_dest(const struct ns_table *t)
{
	return ns_awake(t) ? NS_DEST_BOTH : NS_DEST_SLAVE;
}

static NS_TINY __u8 ns_broadcast_dest(const struct ns_table *t)
{
	if (t->broadcast == NS_DEST_BOTH && ns_awake(t))
		return NS_DEST_BOTH;
	return NS_DEST_SLAVE;
}

/*
 * MQTT fields are copied out of the frame (ns_env_load) into windows of
 * NS_WAKE_STR_MAX bytes, once per segment, and compared with each pattern a
 * word at a time under a length mask: the verifier then sees no per-byte
 * loop and no branch per pattern byte.
 */
struct ns_wake_buf {
	__u64 w[NS_WAKE_STR_MAX / 8];
	__u32 len; /* bytes loaded */
};

/*
 * Loads min(len, NS_WAKE_STR_MAX) bytes at off. Bytes past b->len hold
 * anything: comparisons never reach them, since a pattern longer than
 * b->len cannot match (ns_wake_buf_starts).
 */
static __always_inline void ns_wake_buf_load(struct ns_env *env,
					     struct ns_wake_buf *b, __u32 off,
					     __u32 len)
{
	if (len > NS_WAKE_STR_MAX)
		len = NS_WAKE_STR_MAX;
	b->len = len && ns_env_load(env, off, b->w, len, sizeof(b->w)) ? len
									: 0;
}

/* Mask of the first n (0-8) bytes of a word loaded from memory. */
static __always_inline __u64 ns_first_bytes(__u32 n)
{
	__u64 low = (((__u64)1 << (4 * n)) << (4 * n)) - 1;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return low;
#else
	return ~(~(__u64)0 >> (8 * n)) | (n == 8 ? ~(__u64)0 : 0);
#endif
}

/*
 * Whether the first len bytes of b equal want, one of the 8-byte aligned
 * strings of struct ns_wake_pattern. One branch per word, none per byte:
 * whole words, then the last one's first len % 8 bytes.
 */
static __always_inline bool ns_wake_buf_starts(const struct ns_wake_buf *b,
					       const __u8 *want, __u32 len)
{
	const __u64 *w = (const __u64 *)want;
	__u32 i, words = len / 8;
	__u64 diff = 0;

	if (len > b->len)
		return false;
	NS_NO_UNROLL
	for (i = 0; i < NS_WAKE_STR_MAX / 8; i++) {
		if (i >= words)
			break;
		diff |= b->w[i] ^ w[i];
	}
	/*
	 * No branch: with len % 8 == 0 the mask is empty. Then words may be
	 * past the end, and the index wraps to a word the mask ignores.
	 */
	i = words & (NS_WAKE_STR_MAX / 8 - 1);
	diff |= (b->w[i] ^ w[i]) & ns_first_bytes(len % 8);
	return !diff;
}

/*
 * Reads an MQTT variable byte integer (1-4 bytes) from the start of b, which
 * holds at least 4 bytes. The caller checks *used against what was loaded.
 */
static __always_inline bool ns_mqtt_varint(const __u8 *b, __u32 *used,
					   __u32 *value)
{
	__u32 v = 0;
	__u32 i;

	for (i = 0; i < 4; i++) {
		v |= (__u32)(b[i] & 0x7f) << (7 * i);
		if (!(b[i] & 0x80)) {
			*used = i + 1;
			*value = v;
			return true;
		}
	}
	return false;
}

struct ns_mqtt_scratch {
	struct ns_wake_buf head;
	struct ns_wake_buf topic;
	struct ns_wake_buf v311;
	struct ns_wake_buf v5;
};

/* One parsed PUBLISH, as offsets from the frame start. */
struct ns_mqtt_publish {
	__u32 topic;
	__u32 topic_len;
	__u32 payload_v311; /* MQTT 3.1.1: right after the packet id */
	__u32 payload_v5;   /* MQTT 5: after the properties; 0 when absent */
	__u32 end;          /* end of the packet, or of the IP packet */
};

/*
 * Byte k (0-7) of the 8 bytes loaded into w. Shifting, not indexing: the
 * verifier rejects a stack read at a variable offset.
 */
static NS_TINY __u32 ns_head_byte(__u64 w, __u32 k)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (w >> (8 * (k & 7))) & 0xff;
#else
	return (w >> (56 - 8 * (k & 7))) & 0xff;
#endif
}

/*
 * Parses the MQTT control packet at *off into s->head, and for a PUBLISH
 * loads the MQTT 3.1.1 payload into s->v311: MQTT 5's properties start
 * there. The protocol version is set at CONNECT time, which we never see,
 * so a PUBLISH is read both ways and a pattern may match either reading.
 * On return *off is the next packet. Returns 1 for a PUBLISH, 0 for another
 * packet, -1 when nothing more can be parsed in this segment.
 *
 * A varint may run past the bytes loaded, into whatever the buffer holds
 * there; one that ends past them is refused, so those bytes never matter.
 */
static __always_inline int ns_mqtt_parse(struct ns_env *env, __u32 end,
					 struct ns_mqtt_scratch *s, __u32 *off,
					 struct ns_mqtt_publish *pub)
{
	struct ns_wake_buf *head = &s->head;
	const __u8 *h = (const __u8 *)head->w;
	__u32 pos = *off;
	__u32 used, remaining, props, body, body_end, after;
	__u8 qos;

	if (pos >= end)
		return -1;
	ns_wake_buf_load(env, head, pos, end - pos);
	if (!head->len || !ns_mqtt_varint(h + 1, &used, &remaining) ||
	    1 + used > head->len)
		return -1;
	body = pos + 1 + used;
	body_end = remaining < end - body ? body + remaining : end;
	*off = body_end;
	qos = (h[0] >> 1) & 3;
	if ((h[0] >> 4) != 3 || qos == 3)
		return 0;

	/* used <= 4, so the topic length is inside head when available. */
	if (body + 2 > body_end || 1 + used + 2 > head->len)
		return 0;
	pub->topic_len = ns_head_byte(head->w[0], 1 + used) << 8 |
			 ns_head_byte(head->w[0], 2 + used);
	pub->topic = body + 2;
	after = pub->topic + pub->topic_len + (qos ? 2 : 0);
	if (after > body_end)
		return 0;
	pub->end = body_end;
	pub->payload_v311 = after;
	pub->payload_v5 = 0;
	ns_wake_buf_load(env, &s->v311, after, body_end - after);
	if (s->v311.len &&
	    ns_mqtt_varint((const __u8 *)s->v311.w, &used, &props) &&
	    used <= s->v311.len && props <= body_end - after - used)
		pub->payload_v5 = after + used + props;
	return 1;
}

/*
 * Whether one of the first count wake patterns, for the query's broker
 * port, matches the topic in s->topic and the payload read one way;
 * query->rule is the first that does.
 */
static __always_inline bool ns_wake_match(struct ns_env *env,
					  const struct ns_mqtt_scratch *s,
					  struct ns_wake_query *query,
					  __u32 topic_len,
					  const struct ns_wake_buf *payload,
					  __u32 count)
{
	const struct ns_wake_pattern *w;
	__u32 i;

	NS_NO_UNROLL
	for (i = 0; i < NS_WAKE_MAX; i++) {
		if (i >= count)
			break;
		w = ns_env_wake(env, i);
		if (!w || w->broker_port != query->sport)
			continue;
		if (w->topic_len &&
		    (w->topic_len != topic_len ||
		     !ns_wake_buf_starts(&s->topic, w->topic, w->topic_len)))
			continue;
		if (ns_wake_buf_starts(payload, w->prefix, w->prefix_len)) {
			query->rule = i;
			return true;
		}
	}
	return false;
}

/*
 * The MQTT packet at query->payload, which moves on to the next one: 1 when
 * it is a PUBLISH matching a wake pattern for the query's broker port
 * (query->rule is the first pattern that does), 0 when it is another packet
 * or a PUBLISH that matches none, -1 when nothing more can be parsed in this
 * segment. The MQTT 5 reading is loaded only for the patterns before the
 * first that matches the MQTT 3.1.1 one (none, usually): each load is a
 * call.
 */
static __always_inline int ns_mqtt_packet(struct ns_env *env,
					  struct ns_wake_query *query)
{
	struct ns_mqtt_scratch *s = ns_env_scratch(env);
	struct ns_mqtt_publish pub;
	__u32 before;
	bool found;
	int kind;

	if (!s)
		return -1;
	kind = ns_mqtt_parse(env, query->end_off, s, &query->payload, &pub);
	if (kind <= 0)
		return kind;
	if (query->topics)
		ns_wake_buf_load(env, &s->topic, pub.topic,
				 pub.topic_len <= NS_WAKE_STR_MAX ? pub.topic_len :
								   0);
	found = ns_wake_match(env, s, query, pub.topic_len, &s->v311,
			      query->wake_count);
	before = found ? query->rule : query->wake_count;
	if (!before || !pub.payload_v5)
		return found;
	ns_wake_buf_load(env, &s->v5, pub.payload_v5,
			 pub.end - pub.payload_v5);
	return ns_wake_match(env, s, query, pub.topic_len, &s->v5, before) ||
	       found;
}

/*
 * Whether a PUBLISH in the segment matches a wake pattern for the query's
 * broker port; query->rule is the first pattern that the first such PUBLISH
 * matches. Brokers put several packets in one segment (PUBLISHes to other
 * topics, a PINGRESP), so up to NS_MQTT_PACKETS_MAX packets are looked at;
 * a packet cut by the segment's end is the last.
 */
static __always_inline bool ns_mqtt_wake(struct ns_env *env,
					 struct ns_wake_query *query)
{
	__u32 n;
	int kind;

	NS_NO_UNROLL
	for (n = 0; n < NS_MQTT_PACKETS_MAX; n++) {
		if (query->payload >= query->end_off)
			break;
		kind = ns_env_mqtt_packet(env, query);
		if (kind)
			return kind > 0;
	}
	return false;
}

/*
 * Whether any wake pattern listens to this remote port; *topics is nonzero
 * when one of them asks for a topic, the only case the matcher loads it.
 */
static __always_inline bool ns_is_broker_port(struct ns_env *env,
					      const struct ns_table *t,
					      __u16 sport, __u8 *topics)
{
	const struct ns_wake_pattern *w;
	bool found = false;
	__u32 i;

	*topics = 0;
	for (i = 0; i < NS_WAKE_MAX; i++) {
		if (i >= t->wake_count)
			break;
		w = ns_env_wake(env, i);
		if (w && w->broker_port == sport) {
			found = true;
			*topics |= w->topic_len;
		}
	}
	return found;
}

/*
 * TCP for a host that is not awake: wake it (SYN to a wake port, or a
 * matching MQTT PUBLISH from a broker) or drop the segment.
 */
static __always_inline void ns_wake_check(struct ns_env *env,
					  const struct ns_table *t,
					  const struct ns_tcp_seg *seg,
					  struct ns_result *res, __u16 dport,
					  __u16 sport)
{
	struct ns_wake_query query = {};

	if ((seg->flags & (NS_TCP_SYN | NS_TCP_ACK)) == NS_TCP_SYN &&
	    ns_in_list(ns_env_lists(env), NS_LIST_WAKE_SYN, dport)) {
		ns_set(res, NS_DEST_HOST, NS_REASON_SYN_WAKE);
		res->wake = 1;
		res->wake_rule = NS_WAKE_RULE_SYN;
		return;
	}
	if (ns_is_broker_port(env, t, sport, &query.topics)) {
		query.payload = seg->payload;
		query.end_off = seg->end_off;
		query.sport = sport;
		query.wake_count = t->wake_count;
		if (ns_env_mqtt_wake(env, &query)) {
			ns_set(res, NS_DEST_HOST, NS_REASON_MQTT_WAKE);
			res->wake = 1;
			res->wake_rule = query.rule;
			return;
		}
	}
	ns_set(res, NS_DEST_DROP, NS_REASON_HOST_ASLEEP);
}

/* Traffic owned by the host: deliver it, or wake, or drop while asleep. */
static __always_inline void ns_to_host(struct ns_env *env,
				       const struct ns_table *t,
				       const struct ns_tcp_seg *seg,
				       struct ns_result *res, __u8 reason,
				       __u16 dport, __u16 sport)
{
	if (ns_awake(t))
		ns_set(res, NS_DEST_HOST, reason);
	else if (seg)
		ns_wake_check(env, t, seg, res, dport, sport);
	else
		ns_set(res, NS_DEST_DROP, NS_REASON_HOST_ASLEEP);
}

/*
 * Where an IP header holds the source and destination addresses, from its
 * start.
 */
static NS_TINY __u32 ns_saddr_at(__u8 family)
{
	return family == 4 ? 12 : 8;
}

static NS_TINY __u32 ns_daddr_at(__u8 family)
{
	return family == 4 ? 16 : 24;
}

/*
 * The port rules of SPEC 3.3.5 and 3.3.6. seg is the TCP segment, which may
 * wake the host; NULL for UDP and for the ports quoted in an ICMP error,
 * which never do.
 */
static __always_inline void ns_port_rules(struct ns_env *env,
					  const struct ns_table *t,
					  const struct ns_tcp_seg *seg,
					  struct ns_flow flow,
					  struct ns_result *res)
{
	const struct ns_port_list *lists = ns_env_lists(env);
	bool udp = flow.proto == NS_IPPROTO_UDP;
	__u16 dport = flow.dport, sport = flow.sport;
	struct ns_flow asked;

	if (ns_in_list(lists, NS_LIST_STATIC_TCP_DST + udp, dport) ||
	    ns_in_list(lists, NS_LIST_STATIC_TCP_SRC + udp, sport)) {
		ns_to_host(env, t, seg, res, NS_REASON_STATIC_PORT, dport,
			   sport);
		return;
	}
	if (ns_in_list(lists, NS_LIST_SHARED_TCP + udp, dport)) {
		/* A copy made here: the frames of other ports need none. */
		asked = flow;
		if (ns_env_slave_listens(env, &asked))
			ns_set(res, NS_DEST_SLAVE, NS_REASON_SHARED_SLAVE);
		else if (ns_awake(t))
			ns_set(res, NS_DEST_HOST, NS_REASON_SHARED_HOST);
		else
			ns_set(res, t->default_dest, NS_REASON_DEFAULT);
		return;
	}
	if (ns_in_range(env, NS_RANGE_HOST_TCP + udp, dport)) {
		ns_to_host(env, t, seg, res, NS_REASON_HOST_RANGE, dport,
			   sport);
		return;
	}
	if (ns_in_range(env, NS_RANGE_SLAVE_TCP + udp, dport)) {
		ns_set(res, NS_DEST_SLAVE, NS_REASON_SLAVE_RANGE);
		return;
	}
	ns_set(res, t->default_dest, NS_REASON_DEFAULT);
}

/*
 * Walks IPv6 extension headers (bounded). Returns false when one is
 * truncated or there are too many; stops after the fragment header of a
 * non-first fragment, whose upper-layer header is not in this packet.
 */
static __always_inline bool ns_ipv6_walk(struct ns_env *env,
					 struct ns_ipv6_walk *walk)
{
	__u32 pos = walk->off, end = walk->end_off;
	__u8 nh = walk->next, frag = NS_FRAG_NONE;
	__u32 i, len;
	__u8 h[8];

	walk->frag_id = 0;
	for (i = 0; i < NS_IPV6_EXT_MAX; i++) {
		if (!ns_ipv6_is_ext(nh))
			break;
		/* Every extension header is at least 8 bytes long. */
		if (!ns_load_within(env, end, pos, h, sizeof(h)))
			return false;
		if (nh == 44) {
			len = 8;
			walk->frag_id = ns_rd32(h + 4);
			if (ns_rd16(h + 2) & 0xfff8)
				frag = NS_FRAG_LATER;
			else if (h[3] & 1)
				frag = NS_FRAG_FIRST;
		} else if (nh == 51) {
			len = ((__u32)h[1] + 2) * 4;
		} else {
			len = ((__u32)h[1] + 1) * 8;
		}
		if (len > end - pos)
			return false;
		nh = h[0];
		pos += len;
		if (frag == NS_FRAG_LATER)
			break;
	}
	/* Up to NS_IPV6_EXT_MAX headers, and then an upper-layer one. */
	if (frag != NS_FRAG_LATER && ns_ipv6_is_ext(nh))
		return false;
	walk->off = pos;
	walk->next = nh;
	walk->frag = frag;
	return true;
}

static NS_TINY const __u8 *ns_l4_header(struct ns_env *env,
						const struct ns_pkt *pkt,
						__u8 *copy, __u32 len)
{
	if (pkt->l4)
		return ns_has(pkt, pkt->l4, len) ? pkt->l4 : NULL;
	return ns_load_within(env, pkt->end_off, pkt->l4_off, copy, len) ? copy
									 : NULL;
}

static __always_inline bool ns_parse_l4(struct ns_env *env,
					struct ns_pkt *pkt)
{
	const __u8 *l4;
	__u8 copy[20];
	__u32 doff;

	if (pkt->frag == NS_FRAG_LATER)
		return true;
	switch (pkt->proto) {
	case NS_IPPROTO_TCP:
		l4 = ns_l4_header(env, pkt, copy, 20);
		if (!l4)
			return false;
		pkt->sport = ns_rd16(l4);
		pkt->dport = ns_rd16(l4 + 2);
		pkt->tcp_flags = l4[13];
		doff = (l4[12] >> 4) * 4;
		pkt->l4_hlen = doff;
		return doff >= 20 && pkt->l4_off + doff <= pkt->end_off;
	case NS_IPPROTO_UDP:
		l4 = ns_l4_header(env, pkt, copy, 8);
		if (!l4)
			return false;
		pkt->sport = ns_rd16(l4);
		pkt->dport = ns_rd16(l4 + 2);
		pkt->l4_hlen = 8;
		return true;
	case NS_IPPROTO_ICMP:
	case NS_IPPROTO_ICMPV6:
		l4 = ns_l4_header(env, pkt, copy, 8);
		if (!l4)
			return false;
		pkt->icmp_type = l4[0];
		pkt->l4_hlen = 8;
		return true;
	}
	return true;
}

static __always_inline bool ns_ipv4_group(const struct ns_table *t,
					  const __u8 *daddr)
{
	__u32 dst = ns_rd32(daddr);
	__u32 ours = ns_rd32(t->ipv4);
	__u32 mask;

	/* Most frames are to the shared address, which is no group's. */
	if (dst == ours)
		return false;
	if (dst == 0xffffffff || (dst & 0xf0000000) == 0xe0000000)
		return true;
	if (t->ipv4_prefix < 1 || t->ipv4_prefix > 30)
		return false;
	mask = 0xffffffffu << (32 - t->ipv4_prefix);
	return (dst & mask) == (ours & mask) && (dst | mask) == 0xffffffff;
}

/* Parses IPv4 at pkt->l3; false when malformed. */
static __always_inline bool ns_parse_ipv4(const struct ns_table *t,
					  struct ns_pkt *pkt, const __u8 *end)
{
	const __u8 *ip = pkt->l3;
	__u32 hlen, tot_len;
	__u16 frag_off;

	if (ip + 20 > end)
		return false;
	if ((ip[0] >> 4) != 4)
		return false;
	hlen = (ip[0] & 0x0f) * 4;
	tot_len = ns_rd16(ip + 2);
	if (hlen < 20 || tot_len < hlen)
		return false;
	if (ip + tot_len > end)
		return false;
	pkt->family = 4;
	pkt->end = ip + tot_len;
	pkt->end_off = NS_ETH_HLEN + tot_len;
	pkt->l4 = ip + hlen;
	pkt->l4_off = NS_ETH_HLEN + hlen;
	pkt->proto = ip[9];
	pkt->saddr = ip + 12;
	pkt->daddr = ip + 16;
	pkt->frag_id = ns_rd16(ip + 4);
	frag_off = ns_rd16(ip + 6);
	if (frag_off & 0x1fff)
		pkt->frag = NS_FRAG_LATER;
	else if (frag_off & 0x2000)
		pkt->frag = NS_FRAG_FIRST;
	if (ns_ipv4_group(t, pkt->daddr))
		pkt->group = 1;
	return true;
}

/* Parses IPv6 and its extension headers at pkt->l3; false when malformed. */
static __always_inline bool ns_parse_ipv6(struct ns_env *env,
					  struct ns_pkt *pkt, const __u8 *end)
{
	struct ns_ipv6_walk walk = {};
	const __u8 *ip = pkt->l3;
	__u32 payload_len;
	__u8 next;

	if (ip + 40 > end)
		return false;
	if ((ip[0] >> 4) != 6)
		return false;
	payload_len = ns_rd16(ip + 4);
	/* Zero means a jumbogram, which cannot occur below 64 KiB links. */
	if (!payload_len || ip + 40 + payload_len > end)
		return false;
	pkt->family = 6;
	pkt->end = ip + 40 + payload_len;
	pkt->end_off = NS_ETH_HLEN + 40 + payload_len;
	pkt->saddr = ip + 8;
	pkt->daddr = ip + 24;
	if (ip[24] == 0xff)
		pkt->group = 1;
	next = ip[6];
	pkt->proto = next;
	pkt->l4_off = NS_ETH_HLEN + 40;
	if (!ns_ipv6_is_ext(next)) {
		pkt->l4 = ip + 40;
		return true;
	}
	walk.off = NS_ETH_HLEN + 40;
	walk.end_off = pkt->end_off;
	walk.next = next;
	if (!ns_env_ipv6_walk(env, &walk))
		return false;
	/* The L4 header is copied out after extension headers (ns_l4_header). */
	pkt->l4 = NULL;
	pkt->l4_off = walk.off;
	pkt->proto = walk.next;
	pkt->frag = walk.frag;
	pkt->frag_id = walk.frag_id;
	return true;
}

/*
 * Whether addr (of the packet's family) is a shared address, if known.
 * IPv6 link-local (fe80::/10) always is: it is the station's own on this
 * link, derived from the shared MAC, and the daemons learn global
 * addresses only.
 */
static __always_inline bool ns_addr_is_ours(const struct ns_table *t,
					    const struct ns_pkt *pkt,
					    const __u8 *addr)
{
	__u32 i;

	if (pkt->family == 4) {
		if (!ns_rd32(t->ipv4))
			return true;
		return ns_rd32(addr) == ns_rd32(t->ipv4);
	}
	if (!t->ipv6_count || (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80))
		return true;
	for (i = 0; i < NS_IPV6_MAX; i++) {
		if (i >= t->ipv6_count)
			break;
		if (ns_rd32(addr) == ns_rd32(t->ipv6[i]) &&
		    ns_rd32(addr + 4) == ns_rd32(t->ipv6[i] + 4) &&
		    ns_rd32(addr + 8) == ns_rd32(t->ipv6[i] + 8) &&
		    ns_rd32(addr + 12) == ns_rd32(t->ipv6[i] + 12))
			return true;
	}
	return false;
}

static __always_inline void ns_frag_key_fill(struct ns_frag_key *key,
					     const struct ns_pkt *pkt)
{
	__builtin_memset(key, 0, sizeof(*key));
	key->family = pkt->family;
	key->proto = pkt->proto;
	key->id = pkt->frag_id;
	if (pkt->family == 4) {
		__builtin_memcpy(key->src, pkt->saddr, 4);
		__builtin_memcpy(key->dst, pkt->daddr, 4);
	} else {
		__builtin_memcpy(key->src, pkt->saddr, 16);
		__builtin_memcpy(key->dst, pkt->daddr, 16);
	}
}

/*
 * ICMP errors go to the stack that sent the packet they quote: the quoted
 * source port is judged as if it were a destination port (and the quoted
 * destination port as the remote port).
 */
static __always_inline void ns_icmp_error(struct ns_env *env,
					  const struct ns_table *t,
					  const struct ns_pkt *pkt,
					  struct ns_result *res)
{
	__u32 inner = pkt->l4_off + pkt->l4_hlen;
	struct ns_ipv6_walk walk = {};
	struct ns_flow flow = {};
	__u8 hdr[10], ports[4];
	__u32 ports_off;
	__u8 proto;

	/* The quoted header must be whole: 20 bytes for IPv4, 40 for IPv6. */
	if (!ns_load_within(env, pkt->end_off, inner, hdr, sizeof(hdr)) ||
	    (hdr[0] >> 4) != pkt->family ||
	    inner + (pkt->family == 4 ? 20 : 40) > pkt->end_off)
		goto malformed;
	if (pkt->family == 4) {
		if ((hdr[0] & 0x0f) < 5)
			goto malformed;
		proto = hdr[9];
		ports_off = inner + (hdr[0] & 0x0f) * 4;
		if (ns_rd16(hdr + 6) & 0x1fff)
			goto not_ports;
	} else {
		walk.off = inner + 40;
		walk.end_off = pkt->end_off;
		walk.next = hdr[6];
		if (!ns_env_ipv6_walk(env, &walk))
			goto malformed;
		proto = walk.next;
		ports_off = walk.off;
		if (walk.frag == NS_FRAG_LATER)
			goto not_ports;
	}
	if (proto != NS_IPPROTO_TCP && proto != NS_IPPROTO_UDP)
		goto not_ports;
	if (!ns_load_within(env, pkt->end_off, ports_off, ports, sizeof(ports)))
		goto malformed;
	/* The quoted packet went out: its source is our end. */
	flow.remote_off = inner + ns_daddr_at(pkt->family);
	flow.local_off = inner + ns_saddr_at(pkt->family);
	flow.sport = ns_rd16(ports + 2);
	flow.dport = ns_rd16(ports);
	flow.family = pkt->family;
	flow.proto = proto;
	ns_port_rules(env, t, NULL, flow, res);
	res->reason = NS_REASON_ICMP_ERROR;
	return;
not_ports:
	ns_set(res, t->default_dest, NS_REASON_ICMP_ERROR);
	return;
malformed:
	ns_set(res, NS_DEST_DROP, NS_REASON_MALFORMED);
}

/* ICMP echo requests and replies; false for every other type. */
static __always_inline bool ns_icmp_echo(const struct ns_table *t, __u8 type,
					 struct ns_result *res)
{
	switch (type) {
	case 8:
		ns_set(res, NS_DEST_SLAVE, NS_REASON_ECHO_REQUEST);
		return true;
	case 0:
		ns_set(res, ns_reply_dest(t), NS_REASON_ECHO_REPLY);
		return true;
	}
	return false;
}

static __always_inline void ns_icmp(struct ns_env *env,
				    const struct ns_table *t,
				    const struct ns_pkt *pkt,
				    struct ns_result *res)
{
	if (ns_icmp_echo(t, pkt->icmp_type, res))
		return;
	switch (pkt->icmp_type) {
	case 3:  /* destination unreachable, incl. fragmentation needed */
	case 11: /* time exceeded */
	case 12: /* parameter problem */
		ns_icmp_error(env, t, pkt, res);
		return;
	}
	ns_set(res, t->default_dest, NS_REASON_DEFAULT);
}

/* Neighbour discovery; false when the message is not one of these. */
static __always_inline bool ns_icmp6_nd(const struct ns_table *t,
					const struct ns_pkt *pkt,
					struct ns_result *res)
{
	switch (pkt->icmp_type) {
	case 135:
		ns_set(res, NS_DEST_SLAVE, NS_REASON_NEIGH_SOLICIT);
		return true;
	case 136:
		ns_set(res, ns_reply_dest(t), NS_REASON_NEIGH_ADVERT);
		return true;
	case 134:
		ns_set(res, ns_broadcast_dest(t), NS_REASON_ROUTER_ADVERT);
		return true;
	}
	return false;
}

static __always_inline void ns_icmp6(struct ns_env *env,
				     const struct ns_table *t,
				     const struct ns_pkt *pkt,
				     struct ns_result *res)
{
	if (ns_icmp6_nd(t, pkt, res))
		return;
	switch (pkt->icmp_type) {
	case 128:
		ns_set(res, NS_DEST_SLAVE, NS_REASON_ECHO_REQUEST);
		return;
	case 129:
		ns_set(res, ns_reply_dest(t), NS_REASON_ECHO_REPLY);
		return;
	case 1: /* destination unreachable */
	case 2: /* packet too big */
	case 3: /* time exceeded */
	case 4: /* parameter problem */
		ns_icmp_error(env, t, pkt, res);
		return;
	}
	ns_set(res, t->default_dest, NS_REASON_DEFAULT);
}

static __always_inline void ns_classify_ip(struct ns_env *env,
					   const struct ns_table *t,
					   struct ns_pkt *pkt,
					   struct ns_frag_key *key,
					   struct ns_result *res)
{
	bool first_l4 = pkt->frag != NS_FRAG_LATER;
	__u16 dhcp_port = pkt->family == 4 ? 68 : 546;
	struct ns_flow flow = {
		.remote_off = NS_ETH_HLEN + ns_saddr_at(pkt->family),
		.local_off = NS_ETH_HLEN + ns_daddr_at(pkt->family),
		.sport = pkt->sport,
		.dport = pkt->dport,
		.family = pkt->family,
		.proto = pkt->proto,
	};
	struct ns_tcp_seg seg;
	__u8 dest;

	if (first_l4 && pkt->proto == NS_IPPROTO_UDP &&
	    pkt->dport == dhcp_port) {
		ns_set(res, t->dhcp_owner, NS_REASON_DHCP);
		return;
	}
	if (pkt->group) {
		if (first_l4 && pkt->proto == NS_IPPROTO_ICMPV6 &&
		    pkt->family == 6 && ns_icmp6_nd(t, pkt, res))
			return;
		ns_set(res, ns_broadcast_dest(t), NS_REASON_BROADCAST);
		return;
	}
	if (!ns_addr_is_ours(t, pkt, pkt->daddr)) {
		ns_set(res, NS_DEST_DROP, NS_REASON_NOT_OURS);
		return;
	}
	if (!first_l4) {
		ns_frag_key_fill(key, pkt);
		if (ns_env_frag_lookup(env, key, &dest))
			ns_set(res, dest, NS_REASON_FRAGMENT);
		else
			ns_set(res, t->default_dest, NS_REASON_FRAGMENT_UNKNOWN);
		return;
	}

	switch (pkt->proto) {
	case NS_IPPROTO_TCP:
		flow.tcp_off = pkt->l4_off;
		seg.payload = pkt->l4_off + pkt->l4_hlen;
		seg.end_off = pkt->end_off;
		seg.flags = pkt->tcp_flags;
		ns_port_rules(env, t, &seg, flow, res);
		return;
	case NS_IPPROTO_UDP:
		ns_port_rules(env, t, NULL, flow, res);
		return;
	case NS_IPPROTO_ICMP:
		if (pkt->family == 4) {
			ns_icmp(env, t, pkt, res);
			return;
		}
		break;
	case NS_IPPROTO_ICMPV6:
		if (pkt->family == 6) {
			ns_icmp6(env, t, pkt, res);
			return;
		}
		break;
	}
	ns_set(res, t->default_dest, NS_REASON_DEFAULT);
}

static __always_inline void ns_classify_arp(const struct ns_table *t,
					    const __u8 *arp, const __u8 *end,
					    struct ns_result *res)
{
	__u32 len;

	if (arp + 8 > end) {
		ns_set(res, NS_DEST_DROP, NS_REASON_MALFORMED);
		return;
	}
	len = 8 + 2 * ((__u32)arp[4] + arp[5]);
	if (arp + len > end) {
		ns_set(res, NS_DEST_DROP, NS_REASON_MALFORMED);
		return;
	}
	if (ns_rd16(arp + 6) == 1)
		ns_set(res, NS_DEST_SLAVE, NS_REASON_ARP_REQUEST);
	else
		ns_set(res, ns_reply_dest(t), NS_REASON_ARP_REPLY);
}

/* A host that is down gets nothing but the frames that wake it. */
static __always_inline void ns_apply_host_down(const struct ns_table *t,
					       struct ns_result *res)
{
	if (t->host_state != NS_HOST_DOWN || res->wake)
		return;
	if (res->dest == NS_DEST_HOST)
		ns_set(res, NS_DEST_DROP, NS_REASON_HOST_DOWN);
	else if (res->dest == NS_DEST_BOTH)
		res->dest = NS_DEST_SLAVE;
}

enum ns_l3 {
	NS_L3_IP,
	NS_L3_ARP,
	NS_L3_OTHER,
	NS_L3_MALFORMED,
};

/* Parses Ethernet, IP and the L4 header's length into pkt. */
static __always_inline enum ns_l3 ns_parse(struct ns_env *env,
					   const struct ns_table *t,
					   const __u8 *l2, const __u8 *end,
					   struct ns_pkt *pkt)
{
	bool parsed;

	if (l2 + NS_ETH_HLEN > end)
		return NS_L3_MALFORMED;
	pkt->l2 = l2;
	pkt->l3 = l2 + NS_ETH_HLEN;
	pkt->frame_end = end;
	pkt->end = end;
	pkt->group = l2[0] & 1;
	switch (ns_rd16(l2 + 12)) {
	case NS_ETH_P_ARP:
		return NS_L3_ARP;
	case NS_ETH_P_IPV4:
		parsed = ns_parse_ipv4(t, pkt, end);
		break;
	case NS_ETH_P_IPV6:
		parsed = ns_parse_ipv6(env, pkt, end);
		break;
	default:
		return NS_L3_OTHER;
	}
	if (!parsed || !ns_parse_l4(env, pkt))
		return NS_L3_MALFORMED;
	return NS_L3_IP;
}

/*
 * The frames seen most, decided in one pass: IPv4 without options or
 * fragmentation, in a unicast frame to the shared address, carrying TCP,
 * UDP or an ICMP echo. For any other frame it decides nothing and returns
 * false, and ns_classify takes the long way, which decides every frame this
 * one does the same way (every test that classifies checks it: see
 * tests/lib/engines.c).
 */
static __always_inline bool ns_classify_fast(struct ns_env *env,
					     const struct ns_table *t,
					     const __u8 *l2, const __u8 *end,
					     struct ns_result *res)
{
	const __u8 *ip = l2 + NS_ETH_HLEN;
	const __u8 *l4 = ip + 20;
	struct ns_flow flow = { .remote_off = NS_ETH_HLEN + ns_saddr_at(4),
				.local_off = NS_ETH_HLEN + ns_daddr_at(4),
				.family = 4 };
	struct ns_tcp_seg seg;
	__u32 tot_len, doff;

	if (l4 + 8 > end || (l2[0] & 1) || ns_rd16(l2 + 12) != NS_ETH_P_IPV4 ||
	    ip[0] != 0x45)
		return false;
	tot_len = ns_rd16(ip + 2);
	if (tot_len < 20 + 8 || ip + tot_len > end ||
	    (ns_rd16(ip + 6) & 0x3fff))
		return false;
	if (!ns_rd32(t->ipv4) || ns_rd32(ip + 16) != ns_rd32(t->ipv4))
		return false;
	flow.proto = ip[9];
	flow.sport = ns_rd16(l4);
	flow.dport = ns_rd16(l4 + 2);
	switch (flow.proto) {
	case NS_IPPROTO_TCP:
		if (l4 + 20 > end)
			return false;
		doff = (l4[12] >> 4) * 4;
		if (doff < 20 || 20 + doff > tot_len)
			return false;
		flow.tcp_off = NS_ETH_HLEN + 20;
		seg.payload = NS_ETH_HLEN + 20 + doff;
		seg.end_off = NS_ETH_HLEN + tot_len;
		seg.flags = l4[13];
		ns_port_rules(env, t, &seg, flow, res);
		return true;
	case NS_IPPROTO_UDP:
		if (flow.dport == 68)
			return false;
		ns_port_rules(env, t, NULL, flow, res);
		return true;
	case NS_IPPROTO_ICMP:
		return ns_icmp_echo(t, l4[0], res);
	}
	return false;
}

/*
 * Classifies the frame [data, data_end) received on the uplink. Without
 * fast_path, every frame takes the long way: the tests compare the two.
 */
static __always_inline void ns_classify_frame(struct ns_env *env,
					      const void *data,
					      const void *data_end,
					      struct ns_result *res,
					      bool fast_path)
{
	const struct ns_table *t = ns_env_table(env);
	struct ns_pkt pkt = {};
	struct ns_frag_key key;

	res->dest = NS_DEST_SLAVE;
	res->wake = 0;
	res->reason = NS_REASON_OTHER;
	res->wake_rule = NS_WAKE_RULE_NONE;
	if (!t)
		return;
	if (fast_path && ns_classify_fast(env, t, (const __u8 *)data,
					  (const __u8 *)data_end, res)) {
		ns_apply_host_down(t, res);
		return;
	}

	switch (ns_parse(env, t, (const __u8 *)data, (const __u8 *)data_end,
			 &pkt)) {
	case NS_L3_MALFORMED:
		ns_set(res, NS_DEST_DROP, NS_REASON_MALFORMED);
		return;
	case NS_L3_ARP:
		ns_classify_arp(t, pkt.l3, pkt.frame_end, res);
		break;
	case NS_L3_OTHER:
		ns_set(res, t->default_dest, NS_REASON_OTHER);
		break;
	case NS_L3_IP:
		ns_classify_ip(env, t, &pkt, &key, res);
		break;
	}
	ns_apply_host_down(t, res);
	if (pkt.frag == NS_FRAG_FIRST && res->reason != NS_REASON_MALFORMED) {
		ns_frag_key_fill(&key, &pkt);
		ns_env_frag_record(env, &key, res->dest);
	}
}

static __always_inline void ns_classify(struct ns_env *env, const void *data,
					const void *data_end,
					struct ns_result *res)
{
	ns_classify_frame(env, data, data_end, res, true);
}

/*
 * Whether a frame the host sends would draw its replies away from the host:
 * TCP or UDP from a shared address whose source port the co-processor does
 * not route to the host (outside the host range, not a static host port and
 * not a shared port).
 */
static __always_inline bool ns_egress_collides(struct ns_env *env,
					       const void *data,
					       const void *data_end)
{
	const struct ns_table *t = ns_env_table(env);
	const struct ns_port_list *lists;
	struct ns_pkt pkt = {};
	__u16 sport;
	bool udp;

	if (!t || ns_parse(env, t, (const __u8 *)data,
			   (const __u8 *)data_end, &pkt) != NS_L3_IP)
		return false;
	if (pkt.frag == NS_FRAG_LATER ||
	    (pkt.proto != NS_IPPROTO_TCP && pkt.proto != NS_IPPROTO_UDP))
		return false;
	if (!ns_addr_is_ours(t, &pkt, pkt.saddr))
		return false;
	sport = pkt.sport;
	udp = pkt.proto == NS_IPPROTO_UDP;
	lists = ns_env_lists(env);
	return !ns_in_range(env, NS_RANGE_HOST_TCP + udp, sport) &&
	       !ns_in_list(lists, NS_LIST_STATIC_TCP_DST + udp, sport) &&
	       !ns_in_list(lists, NS_LIST_SHARED_TCP + udp, sport);
}

#endif /* NETSPLIT_CLASSIFY_H */
