/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The firmware on qemu's riscv32 "virt" board, bare metal with picolibc:
 * the clock is the CLINT's mtime, the console and files are semihosting,
 * and, as the board has no radio and no bus, frames for either are
 * counted. Its program (tests/rv32/) feeds the firmware frames.
 */
#ifndef NETSPLIT_RV32_BOARD_H
#define NETSPLIT_RV32_BOARD_H

#include "memory.h"

/* What the firmware sent where; the last bus frame, to be read. */
struct rv32_counts {
	__u32 uplink, bus, wakes;
	__u8 bus_frame[NS_BUS_FRAME_MAX];
	__u32 bus_len;
};

/* What the firmware did. */
extern struct rv32_counts rv32_counts;

/*
 * Starts the firmware with the default table, and either the MCU's default
 * fragment table (frags NULL) or the caller's; quiet: no log lines.
 */
void rv32_start(struct ns_frag_slot *frags, __u32 frag_slots, bool quiet);

/* Instructions retired so far (minstret). */
__u64 rv32_insns(void);

#endif /* NETSPLIT_RV32_BOARD_H */
