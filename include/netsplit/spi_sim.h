/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The simulated ESP32's side of the test-only SPI controller
 * (tests/kernel/spi_sim, never installed): /dev/spisim0 is the slave's SPI
 * peripheral and its two output lines. A write is one command; a read is
 * one event. The controller holds up to NS_SPI_SIM_SLOTS transactions
 * posted, clocks them in order when the host transfers, and drives the
 * lines as an ESP32's transaction callbacks do: handshake high exactly
 * while a transaction is posted; data-ready down when the last transaction
 * flagged as carrying a frame is done and the slave said nothing since.
 * A transfer the host clocks while nothing is posted returns garbage and is
 * counted as a violation (debugfs spi_sim/stats).
 */
#ifndef NETSPLIT_SPI_SIM_H
#define NETSPLIT_SPI_SIM_H

#include "bus.h"

#define NS_SPI_SIM_DEV	 "/dev/spisim0"
#define NS_SPI_SIM_SLOTS 4
/* The slot of a transaction the controller posted itself (a test hook). */
#define NS_SPI_SIM_SLOT_SIM 0xffffffffu

enum ns_spi_sim_cmd {
	NS_SPI_SIM_POST = 1,	   /* struct ns_spi_sim_post */
	NS_SPI_SIM_DATA_READY = 2, /* struct ns_spi_sim_line */
};

enum ns_spi_sim_post_flags {
	NS_SPI_SIM_F_FRAME = 0x1, /* tx carries a frame for the host */
};

struct ns_spi_sim_post {
	__u32 cmd;
	__u32 slot; /* the slave's, given back when it is done */
	__u32 flags;
	__u8 tx[NS_BUS_SPI_XFER_LEN];
};

struct ns_spi_sim_line {
	__u32 cmd;
	__u32 level;
};

enum ns_spi_sim_event_type {
	NS_SPI_SIM_EV_DONE = 1,	 /* a transaction was clocked */
	NS_SPI_SIM_EV_RESET = 2, /* the host pulsed reset: reboot */
};

struct ns_spi_sim_event {
	__u32 type;
	__u32 slot;
	__u8 rx[NS_BUS_SPI_XFER_LEN]; /* what the host clocked out */
};

#endif /* NETSPLIT_SPI_SIM_H */
