/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lwIP's platform header for netsplit-fw, the firmware as a Linux process:
 * lwIP's diagnostics go to stderr, and a failed assertion stops the process
 * (a firmware would reset).
 */
#ifndef NETSPLIT_FW_ARCH_CC_H
#define NETSPLIT_FW_ARCH_CC_H

#include <stdio.h>
#include <stdlib.h>

#define LWIP_PLATFORM_DIAG(x) \
	do { \
		printf x; \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) \
	do { \
		fprintf(stderr, "netsplit-fw: lwIP assertion \"%s\" failed at %s:%d\n", \
			x, __FILE__, __LINE__); \
		abort(); \
	} while (0)

#endif /* NETSPLIT_FW_ARCH_CC_H */
