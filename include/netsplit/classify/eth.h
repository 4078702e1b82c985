/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Ethernet: the frame's EtherType to ARP (judged here), IPv4 or IPv6 (parsed
 * with their L4 header), or other.
 */
#ifndef NETSPLIT_CLASSIFY_ETH_H
#define NETSPLIT_CLASSIFY_ETH_H

#include "packet.h"
#include "ipv4.h"
#include "ipv6.h"
#include "l4.h"

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

#endif /* NETSPLIT_CLASSIFY_ETH_H */
