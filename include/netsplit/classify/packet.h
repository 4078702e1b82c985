/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The classifier's ground: what an engine provides (struct ns_env and the
 * ns_env_*() functions it defines before calling ns_classify()), the
 * parsed packet, and the reads and verdict helpers every step uses. Packet
 * fields are read by offset, so no kernel or libc header is needed.
 */
#ifndef NETSPLIT_CLASSIFY_PACKET_H
#define NETSPLIT_CLASSIFY_PACKET_H

#include "../types.h"
#include "../rules.h"
#include "../reasons.h"
#include "../result.h"
#include "../engine.h"
#include "../flow.h"

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

static NS_TINY bool ns_awake(const struct ns_table *t)
{
	return t->host_state == NS_HOST_AWAKE;
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

#endif /* NETSPLIT_CLASSIFY_PACKET_H */
