/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The inet_pton() of <arpa/inet.h> the tests' frame builders use, for the
 * rv32 image, where picolibc has none: lwIP's parsers do the work.
 */
#ifndef NETSPLIT_RV32_ARPA_INET_H
#define NETSPLIT_RV32_ARPA_INET_H

#include <string.h>

#include "lwip/ip_addr.h"

#define AF_INET 2
#define AF_INET6 10

static inline int inet_pton(int af, const char *src, void *dst)
{
	ip4_addr_t a4;
	ip6_addr_t a6;

	if (af == AF_INET && ip4addr_aton(src, &a4)) {
		memcpy(dst, &a4.addr, 4);
		return 1;
	}
	if (af == AF_INET6 && ip6addr_aton(src, &a6)) {
		memcpy(dst, a6.addr, 16);
		return 1;
	}
	return 0;
}

#endif /* NETSPLIT_RV32_ARPA_INET_H */
