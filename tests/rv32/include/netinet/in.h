/* SPDX-License-Identifier: GPL-2.0-only */
/* The protocol numbers of <netinet/in.h> the tests use, for the rv32 image. */
#ifndef NETSPLIT_RV32_NETINET_IN_H
#define NETSPLIT_RV32_NETINET_IN_H

#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_ICMPV6 58

#endif /* NETSPLIT_RV32_NETINET_IN_H */
