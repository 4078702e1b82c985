// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplit-cpd on the ethsta driver's bus (--bus /dev/espbus0), the way the
 * co-processor's firmware is on SPI or SDIO. The core is the bus's end (it
 * parses and seals the frames, carries the control stream, announces the
 * MAC and the link); this is the plumbing: opening the bus device (read
 * and written by userspace/lib/busdev.c), and the host link as a TAP
 * device whose frames go to the bus and which frames from the bus come out
 * of.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "busdev.h"
#include "cpd.h"
#include "iface.h"
#include "log.h"
#include "sysctl.h"

static int cpd_tap_open(struct cpd *cpd)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int ret;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", cpd->cfg.cp.host_link);
	cpd->tap_fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (cpd->tap_fd < 0 || ioctl(cpd->tap_fd, TUNSETIFF, &ifr))
		return -errno;
	/* Before it is up: up, the stack would speak there at once. */
	ret = ns_ipv6_off(cpd->cfg.cp.host_link, "the host link");
	return ret ? ret : ns_iface_up(cpd->cfg.cp.host_link);
}

int cpd_bus_open(struct cpd *cpd)
{
	int ret;

	if (!cpd->cfg.cp.bus[0])
		return 0;
	ret = cpd_tap_open(cpd);
	if (ret) {
		ns_log(LOG_ERR, "cannot make the host link %s (a TAP device): %s",
		       cpd->cfg.cp.host_link, strerror(-ret));
		return ret;
	}
	return ns_busdev_open(&cpd->bus, cpd->cfg.cp.bus, &cpd->core);
}

void cpd_bus_close(struct cpd *cpd)
{
	ns_busdev_close(&cpd->bus);
	if (cpd->tap_fd >= 0)
		close(cpd->tap_fd);
	cpd->tap_fd = -1;
}

int cpd_tap_write(struct cpd *cpd, const __u8 *frame, __u32 len)
{
	if (write(cpd->tap_fd, frame, len) == (ssize_t)len)
		return 0;
	if (!cpd->bus_tap_dropped++)
		ns_log(LOG_WARNING, "cannot pass a frame to %s: %s (logged once)",
		       cpd->cfg.cp.host_link, strerror(errno));
	return -1;
}

void cpd_bus_from_tap(struct cpd *cpd)
{
	__u8 frame[NS_BUS_PAYLOAD_MAX];
	ssize_t n;
	int i;

	for (i = 0; i < NS_BUSDEV_BATCH; i++) {
		n = read(cpd->tap_fd, frame, sizeof(frame));
		if (n <= 0)
			break;
		ns_core_bus_network(&cpd->core, frame, (__u32)n);
	}
}
