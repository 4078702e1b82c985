// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>

#include "portset.h"

bool ns_port_set_has(const struct ns_port_set *set, __u8 proto, __u16 port)
{
	__u32 i;

	for (i = 0; i < set->count; i++)
		if (set->port[i].proto == proto && set->port[i].port == port)
			return true;
	return false;
}

int ns_port_set_add(struct ns_port_set *set, __u8 proto, __u16 port)
{
	if (ns_port_set_has(set, proto, port))
		return 0;
	if (set->count == NS_SLAVE_PORTS_MAX)
		return -ENOSPC;
	set->port[set->count].proto = proto;
	set->port[set->count].port = port;
	set->count++;
	return 0;
}

bool ns_port_set_listens(void *set, const __u8 *frame,
			 const struct ns_flow *flow)
{
	(void)frame;
	return ns_port_set_has(set, flow->proto, flow->dport);
}
