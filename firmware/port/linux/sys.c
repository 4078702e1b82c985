// SPDX-License-Identifier: GPL-2.0-only
/*
 * What lwIP and the glue ask of the platform: the time (lwIP's sys_now()
 * and the core's now are the same monotonic clock), randomness (DHCP and
 * DNS transaction ids, the first local ports), and the subscription's
 * password, which on Linux is a file and on an MCU would be flash.
 */
#include <sys/random.h>

#include "lwip/sys.h"

#include "conn.h"
#include "fw.h"
#include "wakesub.h"

u32_t sys_now(void)
{
	return (u32_t)ns_now_ms();
}

uint32_t ns_lwip_rand(void)
{
	uint32_t r = 0;

	/* Never blocks once the pool is ready, which it is after boot. */
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (uint32_t)ns_now_ms();
	return r;
}

__u64 fw_now(void *ctx)
{
	(void)ctx;
	return ns_now_ms();
}

int fw_password(void *ctx, const char *name, char *buf, size_t size)
{
	(void)ctx;
	return ns_password_read(name, buf, size);
}
