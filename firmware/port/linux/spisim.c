// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's end of the VM checks' simulated SPI controller: the
 * portable SPI slave end over its character device (spisim.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/spi_sim.h>

#include "log.h"
#include "spisim.h"

static int fw_spisim_post(void *ctx, unsigned int slot, const __u8 *tx,
			  __u8 *rx, bool frame)
{
	struct fw_spisim *sim = ctx;
	struct ns_spi_sim_post post = {
		.cmd = NS_SPI_SIM_POST,
		.slot = slot,
		.flags = frame ? NS_SPI_SIM_F_FRAME : 0,
	};

	memcpy(post.tx, tx, sizeof(post.tx));
	if (write(sim->fd, &post, sizeof(post)) != sizeof(post)) {
		if (errno != ENOSPC)
			ns_log(LOG_ERR, "%s: posting a transaction: %s",
			       sim->dev, strerror(errno));
		return -1;
	}
	/* Where the peripheral's DMA would put what the host clocks in. */
	sim->rx[slot] = rx;
	return 0;
}

static void fw_spisim_data_ready(void *ctx, bool high)
{
	struct fw_spisim *sim = ctx;
	struct ns_spi_sim_line line = {
		.cmd = NS_SPI_SIM_DATA_READY,
		.level = high,
	};

	if (write(sim->fd, &line, sizeof(line)) != sizeof(line))
		ns_log(LOG_ERR, "%s: setting data-ready: %s", sim->dev,
		       strerror(errno));
}

int fw_spisim_open(struct fw_spisim *sim, const char *dev, __u32 max_hz)
{
	const struct ns_spi_slave_ops ops = {
		.ctx = sim,
		.post = fw_spisim_post,
		.data_ready = fw_spisim_data_ready,
	};
	int ret;

	sim->dev = dev;
	sim->fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (sim->fd < 0) {
		ret = -errno;
		ns_log(LOG_ERR,
		       "cannot open %s: %s; is tests/kernel/spi_sim loaded?",
		       dev, strerror(-ret));
		return ret;
	}
	ns_spi_slave_init(&sim->slave, &ops, max_hz);
	ns_spi_slave_refill(&sim->slave);
	return 0;
}

int fw_spisim_write(struct fw_spisim *sim, const __u8 *frame, __u32 len)
{
	return ns_spi_slave_send(&sim->slave, frame, len);
}

static void fw_spisim_done(struct fw_spisim *sim,
			   const struct ns_spi_sim_event *ev,
			   fw_spisim_deliver_t deliver, void *ctx)
{
	const __u8 *frame;
	__u32 len;

	/* A transaction the controller posted itself brings a frame only. */
	if (ev->slot >= NS_SPI_SLAVE_SLOTS) {
		len = ns_bus_spi_frame_len(ev->rx);
		if (len)
			deliver(ctx, ev->rx,
				len < sizeof(ev->rx) ? len : sizeof(ev->rx));
		return;
	}
	memcpy(sim->rx[ev->slot], ev->rx, sizeof(ev->rx));
	frame = ns_spi_slave_done(&sim->slave, ev->slot, &len);
	if (frame)
		deliver(ctx, frame, len);
}

int fw_spisim_receive(struct fw_spisim *sim, unsigned int batch,
		      fw_spisim_deliver_t deliver, void *ctx)
{
	static struct ns_spi_sim_event ev;

	while (batch--) {
		if (read(sim->fd, &ev, sizeof(ev)) != sizeof(ev))
			break;
		if (ev.type == NS_SPI_SIM_EV_RESET)
			return 1;
		if (ev.type == NS_SPI_SIM_EV_DONE)
			fw_spisim_done(sim, &ev, deliver, ctx);
	}
	return 0;
}

void fw_spisim_close(struct fw_spisim *sim)
{
	if (sim->fd >= 0)
		close(sim->fd);
	sim->fd = -1;
}
