/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * ICMP and ICMPv6 (SPEC 3.3.7): echo requests and replies, errors judged by
 * the packet they quote, and neighbour discovery.
 */
#ifndef NETSPLIT_CLASSIFY_ICMP_H
#define NETSPLIT_CLASSIFY_ICMP_H

#include "packet.h"
#include "ip.h"
#include "ipv6.h"
#include "l4.h"

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

#endif /* NETSPLIT_CLASSIFY_ICMP_H */
