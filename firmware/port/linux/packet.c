// SPDX-License-Identifier: GPL-2.0-only
/* Packet sockets: the firmware's links, as an MCU's drivers would give them. */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "fw.h"
#include "log.h"
#include "sysctl.h"

/*
 * A packet socket for every frame of an interface but those we send; with
 * allmulti, the frames of every multicast group too (lwIP's IPv6 joins
 * some, and a real card filters them).
 */
static int fw_packet_open(unsigned int ifindex, bool allmulti)
{
	struct sockaddr_ll here = {.sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL),
				   .sll_ifindex = (int)ifindex};
	struct packet_mreq mreq = {.mr_ifindex = (int)ifindex,
				   .mr_type = PACKET_MR_ALLMULTI};
	int one = 1, fd, ret;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    htons(ETH_P_ALL));
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&here, sizeof(here)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
		       sizeof(one)) ||
	    (allmulti && setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP,
				    &mreq, sizeof(mreq)))) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

int fw_packet_link(const char *name, const char *what, const char *hint,
		   bool allmulti)
{
	unsigned int ifindex = if_nametoindex(name);
	int fd;

	if (!ifindex) {
		ns_log(LOG_ERR, "no interface %s for %s: %s", name, what, hint);
		return -ENODEV;
	}
	fd = ns_ipv6_off(name, what);
	if (fd)
		return fd;
	fd = fw_packet_open(ifindex, allmulti);
	if (fd < 0)
		ns_log(LOG_ERR, "cannot open a packet socket on %s %s: %s", what,
		       name, strerror(-fd));
	return fd;
}

/*
 * A frame longer than the MTU was put together by the kernel (GRO, or a
 * sender's TSO on a veth): a radio never gives one. Said once.
 */
static void fw_oversized(struct fw *fw, const char *name, ssize_t n)
{
	if (fw->oversized_said)
		return;
	fw->oversized_said = true;
	ns_log(LOG_WARNING,
	       "dropped a frame of %zd bytes from %s, over its MTU: turn off GRO on it and TSO on its peer (ethtool -K); logged once",
	       n, name);
}

int fw_packet_send(int fd, const char *name, const __u8 *frame, __u32 len,
		   bool *said)
{
	if (send(fd, frame, len, 0) == (ssize_t)len)
		return 0;
	if (!*said)
		ns_log(LOG_WARNING, "cannot send a frame on %s: %s (said once)",
		       name, strerror(errno));
	*said = true;
	return -1;
}

/* Reads up to FW_BATCH frames of fd; each one that fits goes to deliver. */
int fw_packet_receive(struct fw *fw, int fd, const char *name,
		      void (*deliver)(struct fw *fw, const __u8 *frame,
				      __u16 len))
{
	__u8 frame[NS_BUS_PAYLOAD_MAX];
	ssize_t n;
	int i;

	for (i = 0; i < FW_BATCH; i++) {
		n = recv(fd, frame, sizeof(frame), MSG_TRUNC);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -errno;
		if (n > (ssize_t)sizeof(frame))
			fw_oversized(fw, name, n);
		else if (n >= ETH_HLEN)
			deliver(fw, frame, (__u16)n);
	}
	return 0;
}
