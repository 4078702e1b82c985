/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A side's own ephemeral ports, from its range of the rule table, so that
 * replies to its own connections come back to it: the network namespace's
 * net.ipv4.ip_local_port_range (one range for TCP and UDP: the part the
 * side's two ranges share) and net.ipv4.ip_local_reserved_ports (ports the
 * side must never pick on its own). Both are put back as they were.
 */
#ifndef NETSPLIT_PORT_RANGE_H
#define NETSPLIT_PORT_RANGE_H

#include <stdbool.h>

#include <netsplit/rules.h>

#define NS_RESERVED_TEXT_MAX 1024

struct ns_port_sysctl {
	const char *whose; /* "host" or "slave", for the messages */
	bool saved;
	char range_before[64];
	char reserved_before[NS_RESERVED_TEXT_MAX];
	char range_now[64];
	char reserved_now[NS_RESERVED_TEXT_MAX];
};

/*
 * Sets the range to the part the TCP range tcp and the UDP range after it
 * share (the TCP range when they share none) and reserves the ports of the
 * lists given (a port outside the range changes nothing until the range
 * moves over it), keeping the values found the first time. Writes nothing
 * when nothing changed. Returns 0 or -errno, and logs what it did or why
 * not.
 */
int ns_port_sysctl_apply(struct ns_port_sysctl *s,
			 const struct ns_rules *rules, enum ns_range_id tcp,
			 const enum ns_list_id *reserve, unsigned int lists);

/* Puts back what was there before the first apply. */
void ns_port_sysctl_restore(struct ns_port_sysctl *s);

#endif /* NETSPLIT_PORT_RANGE_H */
