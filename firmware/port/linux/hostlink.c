// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host link. On a veth or TAP (host_link): a packet socket, whose
 * frames from the host go out of the uplink as they are, and through which
 * the frames the core gives the host go in; the interface has IPv6 off, so
 * that Linux's own stack says nothing there. On the ethsta driver's bus
 * (--bus /dev/espbus0), as the firmware is on SPI or SDIO, on a USB device
 * controller (--bus usb-ffs:MOUNTPOINT, userspace/lib/usbffs.c), or on the
 * VM checks' simulated SPI controller (--bus spi-sim:/dev/spisim0, spisim.c):
 * the core is the bus's end (network frames, the control stream, events),
 * this only moves its frames.
 */
#include <string.h>
#include <unistd.h>

#include "busdev.h"
#include "fw.h"
#include "log.h"

int fw_host_open(struct fw *fw)
{
	const char *bus = fw->cfg.cp.bus;
	int ret;

	if (!strncmp(bus, FW_SPISIM_PREFIX, strlen(FW_SPISIM_PREFIX))) {
		fw->spi = true;
		ret = fw_spisim_open(&fw->spi_sim,
				     bus + strlen(FW_SPISIM_PREFIX),
				     FW_SPISIM_MAX_HZ);
		fw->bus_fd = fw->spi_sim.fd;
		return ret;
	}
	if (bus[0]) {
		ret = ns_busdev_open(&fw->busdev, bus, &fw->mcu.core);
		fw->bus_fd = fw->busdev.fd;
		return ret;
	}
	fw->host_fd = fw_packet_link(fw->cfg.cp.host_link, "the host link",
				     "set host_link in [coprocessor], give --host-link, or --bus for the ethsta bus",
				     false);
	return fw->host_fd < 0 ? fw->host_fd : 0;
}

static void fw_host_deliver(struct fw *fw, const __u8 *frame, __u16 len)
{
	fw_uplink_send(fw, frame, len);
}

static void fw_host_bus_frame(void *ctx, const __u8 *frame, __u32 len)
{
	struct fw *fw = ctx;

	ns_core_bus_input(&fw->mcu.core, frame, len, fw_now(fw));
}

static void fw_host_spi_receive(struct fw *fw)
{
	if (fw_spisim_receive(&fw->spi_sim, FW_BATCH, fw_host_bus_frame, fw)) {
		ns_log(LOG_NOTICE,
		       "the host pulsed the reset line: restarting");
		fw->rebooting = fw->stopping = true;
		return;
	}
	ns_spi_slave_refill(&fw->spi_sim.slave);
}

void fw_host_receive(struct fw *fw)
{
	if (fw->host_fd >= 0)
		fw_packet_receive(fw, fw->host_fd, fw->cfg.cp.host_link,
				  fw_host_deliver);
	else if (fw->spi)
		fw_host_spi_receive(fw);
	else
		ns_busdev_receive(&fw->busdev);
}

int fw_host_send(struct fw *fw, const __u8 *frame, __u32 len)
{
	return fw_packet_send(fw->host_fd, fw->cfg.cp.host_link, frame, len,
			      &fw->host_send_said);
}

void fw_host_close(struct fw *fw)
{
	if (fw->host_fd >= 0)
		close(fw->host_fd);
	if (fw->spi)
		fw_spisim_close(&fw->spi_sim);
	else if (fw->bus_fd >= 0)
		ns_busdev_close(&fw->busdev);
	fw->host_fd = fw->bus_fd = -1;
}
