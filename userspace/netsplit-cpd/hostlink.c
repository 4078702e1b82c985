// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host link carries the host's frames and nothing of the co-processor's
 * own: its stack must not speak there. It has no IPv4 address, so it sends
 * no ARP; with IPv6 off it sends no router solicitations, neighbour
 * solicitations for duplicate address detection or MLD reports either,
 * which the host's guard would count as misrouted. Left off on exit: the
 * datapath stays attached, and turning IPv6 back on would send them again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cpd.h"
#include "log.h"

int cpd_host_link_quiet(struct cpd *cpd)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6",
		 cpd->cfg.cp.host_link);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	/* A kernel without IPv6 has nothing to say there anyway. */
	if (fd < 0 && errno == ENOENT && access("/proc/sys/net/ipv6", F_OK))
		return 0;
	if (fd < 0 || write(fd, "1", 1) != 1)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	if (ret)
		ns_log(LOG_ERR, "cannot turn IPv6 off on the host link %s (%s): %s",
		       cpd->cfg.cp.host_link, path, strerror(-ret));
	return ret;
}
