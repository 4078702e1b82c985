// SPDX-License-Identifier: GPL-2.0-only
/*
 * bustool: the co-processor's end of /dev/espbus0 for the VM test.
 *
 *   bustool corrupt   announce, then write frames that lie in each way the
 *                     driver must refuse; print "refused REASON COUNT" for
 *                     each, and fail if any was taken
 *   bustool hold      announce, then read and discard frames until killed
 *   bustool flood IF  send frames on IF from a packet socket until killed
 *   bustool xdp IF PEER
 *                     with tests/vm/xdp_actions.bpf.o on ethsta0 and on the
 *                     veth IF (PEER its other end): XDP_TX sends a frame
 *                     back on the bus; a redirect leaves through IF; a
 *                     frame sent on PEER is redirected by IF's program into
 *                     ethsta0 (ndo_xdp_xmit) and read off the bus
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netsplit/bus.h>

#define BUSTOOL_REPEAT 3

static const __u8 cp_mac[ETH_ALEN] = { 0x02, 0x6e, 0x73, 0x00, 0x00, 0x10 };

static int bus_open_announced(void)
{
	__u8 frame[NS_BUS_HDR_LEN + ETH_ALEN];
	__u32 n;
	int fd;

	fd = open("/dev/espbus0", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("bustool: /dev/espbus0");
		return -1;
	}
	n = ns_bus_seal_event(frame, NS_BUS_EV_INIT, cp_mac, 0);
	if (write(fd, frame, n) != (ssize_t)n)
		goto fail;
	n = ns_bus_seal_event(frame, NS_BUS_EV_LINK_UP, cp_mac, 1);
	if (write(fd, frame, n) != (ssize_t)n)
		goto fail;
	return fd;
fail:
	perror("bustool: announcing");
	close(fd);
	return -1;
}

/* A good network frame of len payload bytes (a broadcast nobody answers). */
static __u32 good_frame(__u8 *frame, __u16 len)
{
	struct ns_bus_frame f = { .if_type = NS_BUS_IF_NETWORK, .len = len };

	memset(frame + NS_BUS_HDR_LEN, 0xff, ETH_ALEN);
	memcpy(frame + NS_BUS_HDR_LEN + ETH_ALEN, cp_mac, ETH_ALEN);
	memset(frame + NS_BUS_HDR_LEN + 12, 0x88, len - 12);
	return ns_bus_seal(frame, &f);
}

/* Builds the lie for reason into frame; returns the bytes to write. */
static __u32 lying_frame(const char *reason, __u8 *frame)
{
	struct ns_bus_frame init = { .if_type = NS_BUS_IF_PRIV,
				     .pkt_type = NS_BUS_EV_INIT, .len = 3 };
	__u32 n = good_frame(frame, 60);

	if (!strcmp(reason, "short"))
		return 5;
	if (!strcmp(reason, "too-long"))
		return NS_BUS_FRAME_MAX + 1;
	if (!strcmp(reason, "bad-offset"))
		ns_bus_put16(frame + 4, 8);
	else if (!strcmp(reason, "bad-length"))
		ns_bus_put16(frame + 2, 100);
	else if (!strcmp(reason, "bad-type"))
		frame[0] = 7;
	else if (!strcmp(reason, "bad-flags"))
		frame[1] = 0x80;
	else if (!strcmp(reason, "bad-event"))
		return ns_bus_seal(frame, &init);
	if (strcmp(reason, "bad-checksum")) {
		/* Reseal so that only the lie named is wrong. */
		ns_bus_put16(frame + 6, 0);
		ns_bus_put16(frame + 6, ns_bus_checksum(frame, n));
	} else {
		frame[NS_BUS_HDR_LEN + 20] ^= 0x01;
	}
	return n;
}

static int corrupt(void)
{
	static const char *const reasons[] = {
		"short",     "bad-offset", "bad-length", "too-long",
		"bad-type",  "bad-flags",  "bad-checksum", "bad-event",
	};
	__u8 frame[NS_BUS_FRAME_MAX + 1];
	int fd, i, j, taken = 0;
	__u32 n;

	fd = bus_open_announced();
	if (fd < 0)
		return 1;
	for (i = 0; i < (int)(sizeof(reasons) / sizeof(reasons[0])); i++) {
		for (j = 0; j < BUSTOOL_REPEAT; j++) {
			n = lying_frame(reasons[i], frame);
			if (write(fd, frame, n) >= 0 || errno != EBADMSG) {
				fprintf(stderr, "bustool: a %s frame was not refused with EBADMSG\n",
					reasons[i]);
				taken++;
			}
		}
		printf("refused %s %d\n", reasons[i], BUSTOOL_REPEAT);
	}
	n = good_frame(frame, 60);
	if (write(fd, frame, n) != (ssize_t)n) {
		perror("bustool: a good frame after the bad ones");
		taken++;
	}
	close(fd);
	return taken ? 1 : 0;
}

/* A frame whose EtherType is the action and whose next bytes an ifindex. */
static void action_frame(__u8 *eth, __u16 ethertype, __u32 ifindex)
{
	memset(eth, 0xff, ETH_ALEN);
	memcpy(eth + ETH_ALEN, cp_mac, ETH_ALEN);
	eth[12] = (__u8)(ethertype >> 8);
	eth[13] = (__u8)ethertype;
	memcpy(eth + 14, &ifindex, sizeof(ifindex));
	memset(eth + 18, 0x5a, 42);
}

/* Reads bus frames for up to 5 s until one carries ethertype. */
static int await_frame(int fd, __u16 ethertype)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	__u8 frame[NS_BUS_FRAME_MAX];
	struct ns_bus_frame f;
	ssize_t n;

	while (poll(&pfd, 1, 5000) > 0) {
		n = read(fd, frame, sizeof(frame));
		if (n > 0 && !ns_bus_parse(frame, (__u32)n, &f) &&
		    f.if_type == NS_BUS_IF_NETWORK && f.len >= 14 &&
		    frame[f.offset + 12] == (__u8)(ethertype >> 8) &&
		    frame[f.offset + 13] == (__u8)ethertype)
			return 0;
	}
	return -1;
}

static int xdp(const char *ifname, const char *peer_name)
{
	struct ns_bus_frame f = { .if_type = NS_BUS_IF_NETWORK, .len = 60 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
				  .sll_halen = ETH_ALEN };
	__u32 veth = if_nametoindex(ifname), sta = if_nametoindex("ethsta0");
	__u8 frame[NS_BUS_FRAME_MAX];
	int fd, sock, failed = 0;
	__u32 n;

	to.sll_ifindex = (int)if_nametoindex(peer_name);
	fd = bus_open_announced();
	sock = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0 || sock < 0 || !veth || !sta || !to.sll_ifindex) {
		perror("bustool: xdp");
		return 1;
	}
	action_frame(frame + NS_BUS_HDR_LEN, 0x88b6, 0);
	n = ns_bus_seal(frame, &f);
	if (write(fd, frame, n) != (ssize_t)n || await_frame(fd, 0x88b6)) {
		fprintf(stderr, "bustool: XDP_TX sent nothing back on the bus\n");
		failed++;
	}
	action_frame(frame + NS_BUS_HDR_LEN, 0x88b7, veth);
	n = ns_bus_seal(frame, &f);
	if (write(fd, frame, n) != (ssize_t)n) {
		perror("bustool: a frame to redirect");
		failed++;
	}
	action_frame(frame, 0x88b7, sta);
	if (sendto(sock, frame, 60, 0, (struct sockaddr *)&to, sizeof(to)) != 60 ||
	    await_frame(fd, 0x88b7)) {
		fprintf(stderr, "bustool: nothing redirected into ethsta0 reached the bus\n");
		failed++;
	}
	close(sock);
	close(fd);
	return failed ? 1 : 0;
}

static int hold(void)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	int fd = bus_open_announced();

	if (fd < 0)
		return 1;
	for (;;)
		if (read(fd, frame, sizeof(frame)) < 0 && errno != EINTR)
			return 1;
}

static int flood(const char *ifname)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL),
				  .sll_halen = ETH_ALEN };
	__u8 frame[NS_BUS_FRAME_MAX];
	int fd;

	to.sll_ifindex = (int)if_nametoindex(ifname);
	memset(to.sll_addr, 0xff, ETH_ALEN);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0 || !to.sll_ifindex) {
		perror("bustool: flood");
		return 1;
	}
	good_frame(frame, 60);
	/* Errors are expected once the netdev goes: keep sending. */
	for (;;)
		sendto(fd, frame + NS_BUS_HDR_LEN, 60, 0, (struct sockaddr *)&to,
		       sizeof(to));
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "corrupt"))
		return corrupt();
	if (argc == 2 && !strcmp(argv[1], "hold"))
		return hold();
	if (argc == 3 && !strcmp(argv[1], "flood"))
		return flood(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "xdp"))
		return xdp(argv[2], argv[3]);
	fprintf(stderr, "usage: bustool corrupt | hold | flood IFNAME | xdp IFNAME PEER\n");
	return 2;
}
