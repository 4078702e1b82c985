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
 * The segment opens a TCP connection (SYN without ACK): only a listener
 * takes it, or, with seq, an old connection's socket in TIME-WAIT takes it
 * no more than its stack would (see struct ns_flow).
 */
#define NS_FLOW_F_SYN 0x01

/*
 * A TCP or UDP flow as it reaches us: its ports, and where the frame holds
 * its addresses (only a socket lookup reads them).
 *
 * A TCP segment also brings its sequence number, for the slave's sockets in
 * TIME-WAIT: a peer may open a new connection with the addresses and ports
 * of one that ended, and a stack tells the two apart as the kernel does, by
 * the sequence number. Past what the old connection received, the segment
 * is of a new connection, which the old one's socket does not make the
 * slave's: its SYN only a listener takes (the slave's stack would answer
 * it from TIME-WAIT with an ACK or a reset, and the peer would wait for its
 * SYN's retransmit), and its later segments are the host's, which took it.
 */
struct ns_flow {
	__u32 remote_off; /* the remote address, the packet's source */
	__u32 local_off;  /* ours, the packet's destination */
	__u32 seq;	  /* TCP: the segment's sequence number */
	__u16 sport;      /* the remote port */
	__u16 dport;      /* ours */
	__u8 family;      /* 4 or 6 */
	__u8 proto;       /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 flags;	  /* NS_FLOW_F_* */
	__u8 reserved;
};

#endif /* NETSPLIT_FLOW_H */
