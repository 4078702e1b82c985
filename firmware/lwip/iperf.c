// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * lwiperf, lwIP's iperf 2 TCP server, on a port of the co-processor's own:
 * the service the lab's tests and benchmarks reach on a shared port, which
 * is the slave's while lwiperf listens there and the host's when not.
 */
#include "lwip/apps/lwiperf.h"
#include "lwip/priv/tcp_priv.h"

#include "glue.h"

static void ns_lwip_iperf_report(void *arg, enum lwiperf_report_type type,
				 const ip_addr_t *local_addr, u16_t local_port,
				 const ip_addr_t *remote_addr,
				 u16_t remote_port, u32_t bytes, u32_t ms,
				 u32_t kbits_per_sec)
{
	struct ns_lwip *g = arg;

	(void)local_addr;
	(void)local_port;
	ns_lwip_log(g, NS_CORE_INFO,
		    "iperf: %s from %s port %u: %u bytes in %u ms, %u kbit/s",
		    type == LWIPERF_TCP_DONE_SERVER ? "done" : "aborted",
		    ipaddr_ntoa(remote_addr), remote_port, (unsigned int)bytes,
		    (unsigned int)ms, (unsigned int)kbits_per_sec);
}

/*
 * A server starting again takes its port back from its old connections in
 * TIME-WAIT, as SO_REUSEADDR would let a socket: lwiperf binds without it.
 */
static void ns_lwip_port_reclaim(u16_t port)
{
	struct tcp_pcb *pcb = tcp_tw_pcbs, *next;

	for (; pcb; pcb = next) {
		next = pcb->next;
		if (pcb->local_port == port)
			tcp_abort(pcb);
	}
}

int ns_lwip_iperf(struct ns_lwip *g, u16_t port)
{
	if (g->iperf) {
		lwiperf_abort(g->iperf);
		g->iperf = NULL;
		ns_lwip_log(g, NS_CORE_INFO, "iperf: no longer on port %u",
			    g->iperf_port);
		g->iperf_port = 0;
	}
	if (!port)
		return 0;
	ns_lwip_port_reclaim(port);
	g->iperf = lwiperf_start_tcp_server(IP_ANY_TYPE, port,
					    ns_lwip_iperf_report, g);
	if (!g->iperf) {
		ns_lwip_log(g, NS_CORE_ERR, "iperf: cannot listen on port %u",
			    port);
		return -1;
	}
	g->iperf_port = port;
	ns_lwip_log(g, NS_CORE_INFO, "iperf: listening on port %u", port);
	return 0;
}
