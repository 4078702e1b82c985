/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * IPv6: the header, and its extension headers walked (bounded) to the
 * upper-layer one or the fragment header of a non-first fragment.
 */
#ifndef NETSPLIT_CLASSIFY_IPV6_H
#define NETSPLIT_CLASSIFY_IPV6_H

#include "packet.h"

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

#endif /* NETSPLIT_CLASSIFY_IPV6_H */
