/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * lwIP's platform header for the MCU builds (bare metal, picolibc): no
 * diagnostics, and a failed assertion goes to the port's handler, so that
 * neither printf nor abort is pulled into the image.
 */
#ifndef NETSPLIT_MCU_ARCH_CC_H
#define NETSPLIT_MCU_ARCH_CC_H

void ns_mcu_assert(const char *what, const char *file, int line);

#define LWIP_PLATFORM_DIAG(x) \
	do { \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) ns_mcu_assert((x), __FILE__, __LINE__)

#endif /* NETSPLIT_MCU_ARCH_CC_H */
