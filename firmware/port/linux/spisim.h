/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The co-processor's end of the VM checks' simulated SPI controller
 * (include/netsplit/spi_sim.h): its character device as the SPI slave
 * peripheral and its two lines, under the portable SPI slave end
 * (firmware/transport/spi_slave.h), as an ESP32's driver is under it in
 * the ESP-IDF port. netsplit-fw's --bus spi-sim:DEVICE and the VM's
 * spitool use it.
 */
#ifndef NETSPLIT_FW_SPISIM_H
#define NETSPLIT_FW_SPISIM_H

#include "spi_slave.h"

#define FW_SPISIM_PREFIX "spi-sim:"
/* What an ESP32-C6 announces: the host's clock stays at or under this. */
#define FW_SPISIM_MAX_HZ 26000000

struct fw_spisim {
	int fd;
	const char *dev;
	struct ns_spi_slave slave;
	__u8 *rx[NS_SPI_SLAVE_SLOTS]; /* the posted transactions' rx */
};

typedef void (*fw_spisim_deliver_t)(void *ctx, const __u8 *frame, __u32 len);

/* Opens dev non-blocking and posts the first transaction: 0 or -errno, said. */
int fw_spisim_open(struct fw_spisim *sim, const char *dev, __u32 max_hz);
/* A bus frame to the host: 0, or -1 when the slave's queue is full. */
int fw_spisim_write(struct fw_spisim *sim, const __u8 *frame, __u32 len);
/*
 * Up to batch events: each frame from the host to deliver. The caller
 * then sends what it has and calls ns_spi_slave_refill(). Returns 1 when
 * the host pulsed the reset line (the caller restarts), else 0.
 */
int fw_spisim_receive(struct fw_spisim *sim, unsigned int batch,
		      fw_spisim_deliver_t deliver, void *ctx);
void fw_spisim_close(struct fw_spisim *sim);

#endif /* NETSPLIT_FW_SPISIM_H */
