/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * lwIP's platform header for the MCU builds (bare metal, picolibc): no
 * diagnostics, and assertions, when a build turns them on (lwipopts.h has
 * them off), stop the core where it stands: neither printf nor abort is
 * pulled into the image.
 */
#ifndef NETSPLIT_MCU_ARCH_CC_H
#define NETSPLIT_MCU_ARCH_CC_H

#define LWIP_PLATFORM_DIAG(x) \
	do { \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) \
	do { \
		(void)(x); \
		__builtin_trap(); \
	} while (0)

#endif /* NETSPLIT_MCU_ARCH_CC_H */
