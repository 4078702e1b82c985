/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * TCP and UDP (SPEC 3.3.5, 3.3.6): the L4 header, the port rules (static,
 * shared, host and slave ranges, the default), and a host port's segment
 * while the host is not awake: delivered, waking it, or dropped.
 */
#ifndef NETSPLIT_CLASSIFY_L4_H
#define NETSPLIT_CLASSIFY_L4_H

#include "packet.h"
#include "mqtt.h"

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

#endif /* NETSPLIT_CLASSIFY_L4_H */
