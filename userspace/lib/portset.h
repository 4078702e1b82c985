/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ports a slave is taken to listen on, for the engines that have no socket
 * table to ask (`netsplitctl classify --slave-listens`, the tests): it
 * listens on them for any peer.
 */
#ifndef NETSPLIT_PORTSET_H
#define NETSPLIT_PORTSET_H

#include <stdbool.h>

#include <netsplit/bpf_abi.h>
#include <netsplit/flow.h>

struct ns_port_set {
	struct ns_slave_port port[NS_SLAVE_PORTS_MAX];
	__u32 count;
};

bool ns_port_set_has(const struct ns_port_set *set, __u8 proto, __u16 port);
/* Returns 0, or -ENOSPC when NS_SLAVE_PORTS_MAX ports are listed already. */
int ns_port_set_add(struct ns_port_set *set, __u8 proto, __u16 port);
/* An engine's answer (ns_listens_fn, ctx the set). */
bool ns_port_set_listens(void *set, const __u8 *frame,
			 const struct ns_flow *flow);

#endif /* NETSPLIT_PORTSET_H */
