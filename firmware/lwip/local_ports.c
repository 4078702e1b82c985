// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * lwIP's own ephemeral ports (its TCP connections, the DNS client's
 * queries) come from the slave ranges of the rule table, so that replies
 * to them are classified for the co-processor and never for the host. They
 * follow each new table: lwipopts.h makes the ranges these variables, and
 * tcp_init()/udp_init() pick a new starting point inside them.
 */
#include <string.h>

#include "lwip/priv/tcp_priv.h"
#include "lwip/udp.h"

#include "glue.h"
#include "local_ports.h"

struct ns_lwip_ranges ns_lwip_ranges = {
	.tcp_lo = 61440,
	.tcp_hi = 65535,
	.udp_lo = 61440,
	.udp_hi = 65535,
};

uint16_t ns_lwip_port_in(uint16_t port, uint16_t lo, uint16_t hi)
{
	if (hi <= lo)
		return lo;
	return (uint16_t)(lo + port % (uint32_t)(hi - lo + 1));
}

int ns_lwip_table(struct ns_lwip *g, const struct ns_rules *rules,
		  unsigned int what)
{
	const struct ns_port_range *tcp = &rules->range[NS_RANGE_SLAVE_TCP];
	const struct ns_port_range *udp = &rules->range[NS_RANGE_SLAVE_UDP];
	struct ns_lwip_ranges next = {
		.tcp_lo = tcp->lo,
		.tcp_hi = tcp->hi,
		.udp_lo = udp->lo,
		.udp_hi = udp->hi,
	};

	if (!(what & NS_CORE_POLICY) ||
	    !memcmp(&next, &ns_lwip_ranges, sizeof(next)))
		return 0;
	ns_lwip_ranges = next;
	tcp_init();
	udp_init();
	ns_lwip_log(g, NS_CORE_INFO,
		    "own ports: TCP %u-%u, UDP %u-%u (the slave ranges)",
		    next.tcp_lo, next.tcp_hi, next.udp_lo, next.udp_hi);
	return 0;
}
