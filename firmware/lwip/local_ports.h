/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The co-processor's own ephemeral ports: the slave ranges of the rule
 * table, set by ns_lwip_table() (local_ports.c), so that the replies to its own
 * connections come back to it and not to the host. Variables, with
 * firmware/lwip/patches/0001-*.patch. Part of lwIP's options: our
 * lwipopts.h includes it; a port whose lwIP has options of its own (ESP-IDF)
 * puts it in front of every lwIP file (-include).
 */
#ifndef NETSPLIT_LWIP_LOCAL_PORTS_H
#define NETSPLIT_LWIP_LOCAL_PORTS_H

#include <stdint.h>

struct ns_lwip_ranges {
	uint16_t tcp_lo, tcp_hi, udp_lo, udp_hi;
};
extern struct ns_lwip_ranges ns_lwip_ranges;
uint16_t ns_lwip_port_in(uint16_t port, uint16_t lo, uint16_t hi);

#define TCP_LOCAL_PORT_RANGE_START (ns_lwip_ranges.tcp_lo)
#define TCP_LOCAL_PORT_RANGE_END   (ns_lwip_ranges.tcp_hi)
/*
 * tcp_new_port() increments first and wraps only when it meets END, so a
 * last port of hi would hand out hi + 1: it starts one below the range.
 * udp_new_port() compares before it increments, and takes lo-hi as it is.
 */
#define TCP_ENSURE_LOCAL_PORT_RANGE(port)                                      \
	((uint16_t)(ns_lwip_port_in((uint16_t)(port), ns_lwip_ranges.tcp_lo,   \
				    ns_lwip_ranges.tcp_hi) -                   \
		    1))
#define UDP_LOCAL_PORT_RANGE_START (ns_lwip_ranges.udp_lo)
#define UDP_LOCAL_PORT_RANGE_END   (ns_lwip_ranges.udp_hi)
#define UDP_ENSURE_LOCAL_PORT_RANGE(port)                                      \
	ns_lwip_port_in((uint16_t)(port), ns_lwip_ranges.udp_lo,               \
			ns_lwip_ranges.udp_hi)
/* DNS picks its source ports at random; only from the slave's range. */
#define DNS_PORT_ALLOWED(port)                                                 \
	((port) >= ns_lwip_ranges.udp_lo && (port) <= ns_lwip_ranges.udp_hi)

#endif /* NETSPLIT_LWIP_LOCAL_PORTS_H */
