// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * "Does the own stack have a socket for this flow?", asked by the core as
 * it classifies a frame to a shared port, answered from lwIP's PCB lists
 * at that moment: a TCP connection of the flow (also in TIME-WAIT, where a
 * last FIN may still need its ACK, but not for a new connection's segments:
 * see struct ns_flow), a TCP listener on the port, a UDP PCB bound to it
 * (connected ones only to the flow's remote end). Nothing is remembered, so a
 * server that listens just before its first datagram gets it, and one that
 * closed gets nothing more.
 */
#include <string.h>

#include "lwip/priv/tcp_priv.h"
#include "lwip/udp.h"

#include "glue.h"

#ifndef IPPROTO_TCP
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#endif

static void ns_lwip_flow_remote(const u8_t *frame, const struct ns_flow *flow,
				ip_addr_t *addr)
{
	if (flow->family == 4) {
		ip_addr_set_zero_ip4(addr);
		memcpy(ip_2_ip4(addr), frame + flow->remote_off, 4);
	} else {
		ip_addr_set_zero_ip6(addr);
		memcpy(ip_2_ip6(addr)->addr, frame + flow->remote_off, 16);
	}
}

/* A PCB bound to the address type of the flow, or to any. */
static bool ns_lwip_type_fits(const ip_addr_t *local, u8_t family)
{
	if (IP_IS_ANY_TYPE_VAL(*local))
		return true;
	return family == 6 ? IP_IS_V6(local) : IP_IS_V4(local);
}

static struct tcp_pcb *ns_lwip_tcp_connection(struct tcp_pcb *list,
					      const struct ns_flow *flow,
					      const ip_addr_t *remote)
{
	struct tcp_pcb *pcb;

	for (pcb = list; pcb; pcb = pcb->next)
		if (pcb->local_port == flow->dport &&
		    pcb->remote_port == flow->sport &&
		    ip_addr_cmp_zoneless(&pcb->remote_ip, remote))
			return pcb;
	return NULL;
}

static u32_t ns_lwip_rd32(const u8_t *p)
{
	return (u32_t)p[0] << 24 | (u32_t)p[1] << 16 | (u32_t)p[2] << 8 | p[3];
}

static bool ns_lwip_tcp_listens(const u8_t *frame, const struct ns_flow *flow,
				const ip_addr_t *remote)
{
	struct tcp_pcb_listen *lpcb;
	struct tcp_pcb *tw;
	const u8_t *seg;

	if (ns_lwip_tcp_connection(tcp_active_pcbs, flow, remote))
		return true;
	tw = ns_lwip_tcp_connection(tcp_tw_pcbs, flow, remote);
	if (tw) {
		/* The old connection's, unless past what it got (ns_flow). */
		seg = frame + flow->tcp_off;
		if (!flow->tcp_off ||
		    !TCP_SEQ_GT(ns_lwip_rd32(seg + 4), tw->rcv_nxt))
			return true;
		/* Its later segments are the host's; its SYN a listener's. */
		if ((seg[13] & (TCP_SYN | TCP_ACK)) != TCP_SYN)
			return false;
	}
	for (lpcb = tcp_listen_pcbs.listen_pcbs; lpcb; lpcb = lpcb->next)
		if (lpcb->local_port == flow->dport &&
		    ns_lwip_type_fits(&lpcb->local_ip, flow->family))
			return true;
	return false;
}

static bool ns_lwip_udp_listens(const struct ns_flow *flow,
				const ip_addr_t *remote)
{
	struct udp_pcb *pcb;

	for (pcb = udp_pcbs; pcb; pcb = pcb->next) {
		if (pcb->local_port != flow->dport ||
		    !ns_lwip_type_fits(&pcb->local_ip, flow->family))
			continue;
		if (!(pcb->flags & UDP_FLAGS_CONNECTED) ||
		    (pcb->remote_port == flow->sport &&
		     ip_addr_cmp_zoneless(&pcb->remote_ip, remote)))
			return true;
	}
	return false;
}

bool ns_lwip_slave_listens(struct ns_lwip *g, const u8_t *frame,
			   const struct ns_flow *flow)
{
	ip_addr_t remote;

	(void)g;
	ns_lwip_flow_remote(frame, flow, &remote);
	if (flow->proto == IPPROTO_TCP)
		return ns_lwip_tcp_listens(frame, flow, &remote);
	if (flow->proto == IPPROTO_UDP)
		return ns_lwip_udp_listens(flow, &remote);
	return false;
}
