// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The co-processor's end of the SPI bus: the posted-transaction queue,
 * data-ready, frames in and out (spi_slave.h says the rules).
 */
#include "spi_slave.h"

static void ns_spi_copy(__u8 *dst, const __u8 *src, __u32 len)
{
	while (len--)
		*dst++ = *src++;
}

static void ns_spi_zero(__u8 *dst, __u32 len)
{
	while (len--)
		*dst++ = 0;
}

void ns_spi_slave_init(struct ns_spi_slave *s,
		       const struct ns_spi_slave_ops *ops, __u32 max_hz)
{
	ns_spi_zero((__u8 *)s, sizeof(*s));
	s->ops = *ops;
	s->max_hz = max_hz;
}

/* The host keeps its clock under ours: an init event says how high. */
static __u32 ns_spi_add_clock(struct ns_spi_slave *s, __u8 *frame, __u32 len)
{
	struct ns_bus_frame f;
	__u8 *clock = frame + NS_BUS_HDR_LEN + 6;

	if (!s->max_hz || ns_bus_parse(frame, len, &f) ||
	    f.if_type != NS_BUS_IF_PRIV || f.pkt_type != NS_BUS_EV_INIT ||
	    f.len != 6 || f.offset != NS_BUS_HDR_LEN)
		return len;
	clock[0] = (__u8)s->max_hz;
	clock[1] = (__u8)(s->max_hz >> 8);
	clock[2] = (__u8)(s->max_hz >> 16);
	clock[3] = (__u8)(s->max_hz >> 24);
	f.len = NS_BUS_INIT_CLOCK_LEN;
	return ns_bus_seal(frame, &f);
}

static bool ns_spi_frame_posted(const struct ns_spi_slave *s, unsigned int skip)
{
	unsigned int i, slot;

	for (i = skip; i < s->posted; i++) {
		slot = (s->oldest + i) % NS_SPI_SLAVE_SLOTS;
		if (s->slot[slot].frame)
			return true;
	}
	return false;
}

/* Transactions may end faster than the slave hears of them: after slot. */
bool ns_spi_slave_keeps_data_ready(const struct ns_spi_slave *s,
				   unsigned int slot)
{
	unsigned int i;

	for (i = 0; i < s->posted; i++)
		if ((s->oldest + i) % NS_SPI_SLAVE_SLOTS == slot)
			return ns_spi_frame_posted(s, i + 1);
	return false;
}

const __u8 *ns_spi_slave_done(struct ns_spi_slave *s, unsigned int slot,
			      __u32 *len)
{
	struct ns_spi_slave_slot *done;

	if (!s->posted || slot != s->oldest) {
		s->stats.bad_slot++;
		return NULL;
	}
	done = &s->slot[slot];
	s->oldest = (s->oldest + 1) % NS_SPI_SLAVE_SLOTS;
	s->posted--;
	/* As the board's callback did when the transaction ended. */
	if (!ns_spi_frame_posted(s, 0))
		s->data_ready = false;
	*len = ns_bus_spi_frame_len(done->rx);
	s->streaming = *len != 0;
	if (!*len)
		return NULL;
	s->stats.frames_in++;
	/* Longer than a transaction: the core refuses what the header says. */
	if (*len > NS_BUS_SPI_XFER_LEN)
		*len = NS_BUS_SPI_XFER_LEN;
	return done->rx;
}

static int ns_spi_post_next(struct ns_spi_slave *s, bool frame)
{
	unsigned int index = (s->oldest + s->posted) % NS_SPI_SLAVE_SLOTS;
	struct ns_spi_slave_slot *slot = &s->slot[index];
	__u32 len = frame ? s->queue_len[s->queue_head] : 0;

	if (frame)
		ns_spi_copy(slot->tx, s->queue[s->queue_head], len);
	ns_spi_zero(slot->tx + len, NS_BUS_SPI_XFER_LEN - len);
	slot->frame = frame;
	if (s->ops.post(s->ops.ctx, index, slot->tx, slot->rx, frame))
		return -1;
	s->posted++;
	if (frame) {
		s->queue_head = (s->queue_head + 1) % NS_SPI_SLAVE_QUEUE;
		s->queued--;
		s->stats.frames_out++;
	} else {
		s->stats.dummies++;
	}
	return 0;
}

/*
 * Frames first, then empty transactions if asked. Data-ready is raised
 * again with every frame posted: the board may have lowered it when a
 * transaction ended that we have not heard of yet, and then only the frame
 * we post now would keep it up.
 */
static void ns_spi_fill(struct ns_spi_slave *s, bool dummies)
{
	unsigned int want = !dummies	   ? 0
			    : s->streaming ? NS_SPI_SLAVE_SLOTS
					   : 1;
	bool frames, posted_frame = false;

	while (s->posted < NS_SPI_SLAVE_SLOTS) {
		if (s->queued) {
			if (ns_spi_post_next(s, true))
				break;
			posted_frame = true;
		} else if (s->posted < want) {
			if (ns_spi_post_next(s, false))
				break;
		} else {
			break;
		}
	}
	frames = s->queued || ns_spi_frame_posted(s, 0);
	if (frames != s->data_ready || posted_frame) {
		s->data_ready = frames;
		s->ops.data_ready(s->ops.ctx, frames);
	}
}

int ns_spi_slave_send(struct ns_spi_slave *s, const __u8 *frame, __u32 len)
{
	unsigned int limit = NS_SPI_SLAVE_QUEUE, tail;

	if (len && (frame[0] & 0x0f) == NS_BUS_IF_NETWORK)
		limit -= NS_SPI_SLAVE_CTRL_RESERVE;
	if (len > NS_BUS_FRAME_MAX || s->queued >= limit) {
		s->stats.queue_full++;
		return -1;
	}
	tail = (s->queue_head + s->queued) % NS_SPI_SLAVE_QUEUE;
	ns_spi_copy(s->queue[tail], frame, len);
	s->queue_len[tail] = (__u16)ns_spi_add_clock(s, s->queue[tail], len);
	s->queued++;
	ns_spi_fill(s, false);
	return 0;
}

void ns_spi_slave_refill(struct ns_spi_slave *s)
{
	ns_spi_fill(s, true);
}
