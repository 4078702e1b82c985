/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The co-processor's end of the SPI bus (kernel/spi.c is the host's), as a
 * board with an SPI slave peripheral runs it: ESP-IDF's spi_slave driver on
 * an ESP32, the simulated controller of the VM checks in netsplit-fw. No
 * vendor call: the board posts transactions and drives data-ready through
 * struct ns_spi_slave_ops, and reports each transaction done.
 *
 * A transaction is NS_BUS_SPI_XFER_LEN bytes each way and moves at most one
 * bus frame each way. Up to NS_SPI_SLAVE_SLOTS are posted ahead, as the
 * peripheral's queue takes them; they complete in the order posted, and a
 * posted one cannot be taken back. So frames for the host go first; an
 * idle co-processor keeps one empty transaction posted (handshake high: the
 * host may send at any time), and all slots while the host is sending. The
 * board keeps handshake high exactly while a transaction is posted (on an
 * ESP32, its post-setup and post-transaction callbacks) and lowers
 * data-ready when ns_spi_slave_keeps_data_ready() says so after one is done;
 * the slave raises it again when it has a frame posted or waiting.
 */
#ifndef NETSPLIT_SPI_SLAVE_H
#define NETSPLIT_SPI_SLAVE_H

#include <netsplit/bus.h>

#define NS_SPI_SLAVE_SLOTS 3
/*
 * Frames for the host waiting for a slot; network frames leave room for
 * the control stream and events, which the core must never lose.
 */
#define NS_SPI_SLAVE_QUEUE	  16
#define NS_SPI_SLAVE_CTRL_RESERVE 8

struct ns_spi_slave_ops {
	void *ctx;
	/*
	 * Posts transaction slot: tx goes out and rx comes in when the host
	 * clocks it; frame says tx carries a frame. 0, or -1 when the
	 * peripheral takes no more now.
	 */
	int (*post)(void *ctx, unsigned int slot, const __u8 *tx, __u8 *rx,
		    bool frame);
	void (*data_ready)(void *ctx, bool high);
};

struct ns_spi_slave_slot {
	_Alignas(4) __u8 tx[NS_BUS_SPI_XFER_LEN];
	_Alignas(4) __u8 rx[NS_BUS_SPI_XFER_LEN];
	bool frame;
};

struct ns_spi_slave_stats {
	__u32 frames_out, frames_in, dummies, queue_full, bad_slot;
};

struct ns_spi_slave {
	struct ns_spi_slave_ops ops;
	__u32 max_hz; /* announced in the init event; 0: not said */
	struct ns_spi_slave_slot slot[NS_SPI_SLAVE_SLOTS];
	unsigned int oldest, posted; /* posted: slot[oldest] onwards */
	_Alignas(4) __u8 queue[NS_SPI_SLAVE_QUEUE][NS_BUS_FRAME_MAX];
	__u16 queue_len[NS_SPI_SLAVE_QUEUE];
	unsigned int queue_head, queued;
	bool streaming;	 /* the host's last transaction carried a frame */
	bool data_ready; /* the line, as last set or lowered by the board */
	struct ns_spi_slave_stats stats;
};

/* Nothing posted yet: call ns_spi_slave_refill() to start. */
void ns_spi_slave_init(struct ns_spi_slave *s,
		       const struct ns_spi_slave_ops *ops, __u32 max_hz);
/*
 * A bus frame for the host: queued, and posted at once if a slot is free.
 * An init event gets max_hz added. 0, or -1 when the queue is full for its
 * kind.
 */
int ns_spi_slave_send(struct ns_spi_slave *s, const __u8 *frame, __u32 len);
/*
 * Transaction slot was clocked (the oldest posted). Returns the host's
 * frame in it and its length in *len, or NULL (none, or not that slot); it
 * stays valid until ns_spi_slave_refill().
 */
const __u8 *ns_spi_slave_done(struct ns_spi_slave *s, unsigned int slot,
			      __u32 *len);
/*
 * After init, and once the transactions done and what they brought were
 * handled (and the frames that made sent): posts the frames waiting, then
 * empty transactions (one while idle, all slots while the host sends).
 * Posted any earlier, an empty transaction would go ahead of those frames.
 */
void ns_spi_slave_refill(struct ns_spi_slave *s);
/*
 * For the board's post-transaction callback (an ISR on an MCU): whether a
 * transaction still posted after slot carries a frame, else data-ready
 * goes down at once, before the host can clock for nothing.
 */
bool ns_spi_slave_keeps_data_ready(const struct ns_spi_slave *s,
				   unsigned int slot);

#endif /* NETSPLIT_SPI_SLAVE_H */
