// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host link (a veth in the lab, the TAP of --bus). It carries the
 * host's frames and nothing of the co-processor's own: its stack must not
 * speak there. It has no IPv4 address, so it sends no ARP; with IPv6 off
 * it sends no router solicitations, neighbour solicitations for duplicate
 * address detection or MLD reports either, which the host's guard would
 * count as misrouted. Left off on exit: the datapath stays attached, and
 * turning IPv6 back on would send them again. The frames the core hands
 * the host (those that woke it) go out of it through a packet socket.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_packet.h>

#include "cpd.h"
#include "log.h"

int cpd_host_link_open(struct cpd *cpd)
{
	struct sockaddr_ll here = { .sll_family = AF_PACKET,
				    .sll_ifindex = (int)cpd->host_link };
	int ret;

	/* Protocol 0: send only, so no frame is ever copied to us. */
	cpd->packet_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (cpd->packet_fd >= 0 &&
	    !bind(cpd->packet_fd, (struct sockaddr *)&here, sizeof(here)))
		return 0;
	ret = -errno;
	ns_log(LOG_ERR, "cannot open a packet socket on %s: %s",
	       cpd->cfg.cp.host_link, strerror(-ret));
	return ret;
}

int cpd_host_link_send(struct cpd *cpd, const __u8 *frame, __u32 len)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
				  .sll_ifindex = (int)cpd->host_link,
				  .sll_halen = 6 };

	memcpy(to.sll_addr, frame, 6);
	if (sendto(cpd->packet_fd, frame, len, 0, (struct sockaddr *)&to,
		   sizeof(to)) == (ssize_t)len)
		return 0;
	ns_log(LOG_ERR, "cannot hand a frame to %s: %s", cpd->cfg.cp.host_link,
	       strerror(errno));
	return -1;
}
