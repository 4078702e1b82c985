// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "lwip/sys.h"

#include "board.h"
#include "memory.h"

/* qemu virt: the CLINT's mtime, at 10 MHz. */
#define RV32_MTIME	  ((volatile __u32 *)0x0200bff8)
#define RV32_MTIME_PER_MS 10000

struct rv32_counts rv32_counts;
static bool rv32_quiet;
static __u32 rv32_rand_state;

static __u64 rv32_mtime(void)
{
	__u32 hi, lo;

	/* The high word again: the low one may have wrapped between. */
	do {
		hi = RV32_MTIME[1];
		lo = RV32_MTIME[0];
	} while (hi != RV32_MTIME[1]);
	return (__u64)hi << 32 | lo;
}

__u64 rv32_insns(void)
{
	__u32 hi, lo, again;

	do {
		__asm__ volatile(".option push\n"
				 ".option arch, +zicsr\n"
				 "csrr %0, minstreth\n"
				 "csrr %1, minstret\n"
				 "csrr %2, minstreth\n"
				 ".option pop"
				 : "=r"(hi), "=r"(lo), "=r"(again));
	} while (hi != again);
	return (__u64)hi << 32 | lo;
}

static __u64 rv32_now(void *ctx)
{
	(void)ctx;
	return rv32_mtime() / RV32_MTIME_PER_MS;
}

u32_t sys_now(void)
{
	return (u32_t)rv32_now(NULL);
}

/* xorshift32: DHCP's and DNS's ids, the first ports; not for secrets. */
uint32_t ns_lwip_rand(void)
{
	if (!rv32_rand_state)
		rv32_rand_state = (__u32)rv32_mtime() | 1;
	rv32_rand_state ^= rv32_rand_state << 13;
	rv32_rand_state ^= rv32_rand_state >> 17;
	rv32_rand_state ^= rv32_rand_state << 5;
	return rv32_rand_state;
}

static int rv32_uplink_send(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	(void)frame;
	(void)len;
	rv32_counts.uplink++;
	return 0;
}

static int rv32_bus_write(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	if (len > sizeof(rv32_counts.bus_frame))
		return -1;
	memcpy(rv32_counts.bus_frame, frame, len);
	rv32_counts.bus_len = len;
	rv32_counts.bus++;
	return 0;
}

static void rv32_wake(void *ctx, __u8 reason, __u8 rule)
{
	(void)ctx;
	(void)reason;
	(void)rule;
	rv32_counts.wakes++;
}

static void rv32_log(void *ctx, int level, const char *line)
{
	(void)ctx;
	(void)level;
	if (!rv32_quiet)
		printf("fw: %s\n", line);
}

void rv32_start(struct ns_frag_slot *frags, __u32 frag_slots, bool quiet)
{
	static const __u8 mac[6] = {0x02, 0x6e, 0x73, 0x00, 0x00, 0x10};
	const struct ns_mcu_board board = {
		.now = rv32_now,
		.uplink_send = rv32_uplink_send,
		.bus_write = rv32_bus_write,
		.wake = rv32_wake,
		.log = rv32_log,
	};
	const struct ns_core_settings set = {.heartbeat_ms = 1000,
					     .heartbeat_misses = 3};
	struct ns_rules config;

	rv32_quiet = quiet;
	ns_rules_default(&config);
	if (!frags) {
		frags = rv32_frags;
		frag_slots = NS_MCU_FRAG_SLOTS;
	}
	ns_mcu_start(&rv32_fw, &board, mac, 1500, &set, rv32_wake_queue,
		     NS_MCU_WAKE_QUEUE, frags, frag_slots, NULL, &config);
}
