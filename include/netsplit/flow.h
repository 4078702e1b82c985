/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What the classifier asks an engine about a TCP or UDP flow to a shared
 * port (does the slave's own stack have a socket for it?), and what the
 * engine's answer reads.
 */
#ifndef NETSPLIT_FLOW_H
#define NETSPLIT_FLOW_H

#include "types.h"

/*
 * A TCP or UDP flow as it reaches us: its ports, and where the frame holds
 * its addresses (only a socket lookup reads them).
 */
struct ns_flow {
	__u32 remote_off; /* the remote address, the packet's source */
	__u32 local_off;  /* ours, the packet's destination */
	__u16 sport;      /* the remote port */
	__u16 dport;      /* ours */
	__u8 family;      /* 4 or 6 */
	__u8 proto;       /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 reserved[2];
};

#endif /* NETSPLIT_FLOW_H */
