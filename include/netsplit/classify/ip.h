/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What IPv4 and IPv6 share: where a header holds its addresses, whether an
 * address is a shared one, and the key of a datagram's fragments.
 */
#ifndef NETSPLIT_CLASSIFY_IP_H
#define NETSPLIT_CLASSIFY_IP_H

#include "packet.h"

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

#endif /* NETSPLIT_CLASSIFY_IP_H */
