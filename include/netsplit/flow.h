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
 * its addresses and, for a TCP segment, its header (only a socket lookup
 * reads them).
 *
 * The TCP header is for the slave's sockets in TIME-WAIT: a peer may open a
 * new connection with the addresses and ports of one that ended, and a stack
 * tells the two apart as the kernel does, by the sequence number. Past what
 * the old connection received, the segment is a new connection's, which
 * the old one's socket does not make the slave's: its SYN (no ACK) only a
 * listener takes (the slave's stack would answer it from TIME-WAIT with an
 * ACK or a reset, and the peer would wait for its SYN's retransmit), and
 * its later segments are the host's, which took it.
 */
struct ns_flow {
	__u32 remote_off; /* the remote address, the packet's source */
	__u32 local_off;  /* ours, the packet's destination */
	__u16 sport;      /* the remote port */
	__u16 dport;      /* ours */
	__u8 family;      /* 4 or 6 */
	__u8 proto;       /* IPPROTO_TCP or IPPROTO_UDP */
	__u16 tcp_off;	  /* the TCP header; 0: not a segment to us */
};

#endif /* NETSPLIT_FLOW_H */
