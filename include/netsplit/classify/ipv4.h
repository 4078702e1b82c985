/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * IPv4: the header's checks and fields, and whether the destination is a
 * group (broadcast, multicast, the shared subnet's broadcast).
 */
#ifndef NETSPLIT_CLASSIFY_IPV4_H
#define NETSPLIT_CLASSIFY_IPV4_H

#include "packet.h"

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

#endif /* NETSPLIT_CLASSIFY_IPV4_H */
