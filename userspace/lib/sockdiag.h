/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which TCP and UDP ports this network namespace listens on, from
 * sock_diag through libmnl: TCP sockets in LISTEN and unconnected UDP
 * sockets, IPv4 and IPv6, except those bound to a loopback address (no
 * frame from the uplink can reach them).
 */
#ifndef NETSPLIT_SOCKDIAG_H
#define NETSPLIT_SOCKDIAG_H

#include <stddef.h>

#include <netsplit/datapath.h>

/*
 * Fills ports (sorted, without duplicates) and returns how many, or
 * -errno. At most max are kept.
 */
int ns_listening_ports(struct ns_slave_port *ports, size_t max);

#endif /* NETSPLIT_SOCKDIAG_H */
