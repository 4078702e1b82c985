// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host link. On a veth or TAP (host_link): a packet socket, whose
 * frames from the host go out of the uplink as they are, and through which
 * the frames the core gives the host go in; the interface has IPv6 off, so
 * that Linux's own stack says nothing there. On the ethsta driver's bus
 * (--bus /dev/espbus0), as the firmware is on SPI or SDIO: the core is the
 * bus's end (network frames, the control stream, events), this only moves
 * its frames.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "fw.h"
#include "log.h"

static int fw_bus_open(struct fw *fw)
{
	const char *dev = fw->cfg.cp.bus;
	int ret;

	fw->bus_fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fw->bus_fd >= 0)
		return 0;
	ret = -errno;
	ns_log(LOG_ERR, "cannot open %s: %s%s", dev, strerror(-ret),
	       ret == -EBUSY	? " (another process is the co-processor there)"
	       : ret == -ENOENT ? " (is the ethsta module loaded?)"
				: "");
	return ret;
}

int fw_host_open(struct fw *fw)
{
	if (fw->cfg.cp.bus[0])
		return fw_bus_open(fw);
	fw->host_fd = fw_packet_link(fw->cfg.cp.host_link, "the host link",
				     "set host_link in [coprocessor], give --host-link, or --bus for the ethsta bus",
				     false);
	return fw->host_fd < 0 ? fw->host_fd : 0;
}

static void fw_host_deliver(struct fw *fw, const __u8 *frame, __u16 len)
{
	if (fw_uplink_send(fw, frame, len))
		fw->host_dropped++;
}

void fw_host_receive(struct fw *fw)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	ssize_t n;
	int i;

	if (fw->host_fd >= 0) {
		fw_packet_receive(fw, fw->host_fd, fw->cfg.cp.host_link,
				  fw_host_deliver);
		return;
	}
	for (i = 0; i < FW_BATCH; i++) {
		n = read(fw->bus_fd, frame, sizeof(frame));
		if (n <= 0)
			break;
		ns_core_bus_input(&fw->core, frame, (__u32)n, ns_now_ms());
	}
}

int fw_host_send(struct fw *fw, const __u8 *frame, __u32 len)
{
	if (fw->bus_fd >= 0)
		return ns_core_bus_network(&fw->core, frame, len);
	if (send(fw->host_fd, frame, len, 0) == (ssize_t)len)
		return 0;
	fw->host_dropped++;
	return -1;
}

int fw_bus_write(struct fw *fw, const __u8 *frame, __u32 len)
{
	if (write(fw->bus_fd, frame, len) == (ssize_t)len)
		return 0;
	ns_log(LOG_WARNING, "cannot write to %s: %s", fw->cfg.cp.bus,
	       strerror(errno));
	return -1;
}

void fw_host_close(struct fw *fw)
{
	if (fw->host_fd >= 0)
		close(fw->host_fd);
	if (fw->bus_fd >= 0)
		close(fw->bus_fd);
	fw->host_fd = fw->bus_fd = -1;
}
