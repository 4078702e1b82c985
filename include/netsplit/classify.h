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
 * functions declared in classify/packet.h.
 *
 * One file per layer, as SPEC 3 orders the rules: packet.h (the engine's
 * contract, the parsed packet, reads), mqtt.h (the wake match), l4.h (the
 * port rules), ipv4.h, ipv6.h, ip.h (addresses, fragments), icmp.h (ICMP,
 * ICMPv6, neighbour discovery), eth.h (ARP, and the EtherType's parse);
 * this file dispatches a frame through them, with the fast path for the
 * frames seen most.
 */
#ifndef NETSPLIT_CLASSIFY_H
#define NETSPLIT_CLASSIFY_H

#include "classify/packet.h"
#include "classify/mqtt.h"
#include "classify/l4.h"
#include "classify/ipv4.h"
#include "classify/ipv6.h"
#include "classify/ip.h"
#include "classify/icmp.h"
#include "classify/eth.h"

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
