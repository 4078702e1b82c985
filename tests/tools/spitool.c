// SPDX-License-Identifier: GPL-2.0-only
/*
 * spitool: both ends of the SPI bus for the VM's SPI checks and bench.
 * The co-processor's end is the simulated ESP32 (tests/kernel/spi_sim)
 * under the portable SPI slave end, as netsplit-fw runs it:
 *
 *   spitool echo DEV         announce, then send every frame back as it came
 *   spitool slave DEV S R    announce, send S network frames of 1,000 bytes
 *                            to the host, take R from it, then exit
 *
 * and, for the bench's comparison, the co-processor's end of the virtual
 * bus:
 *
 *   spitool vbus DEV S R     as slave, on /dev/espbusN
 *
 * The host's end, through the driver:
 *
 *   spitool ctrl-lengths     payloads of 1 to 1,536 bytes through
 *                            /dev/espctl0 and back (an echoing slave)
 *   spitool ether-lengths IF Ethernet frames of 14 to 1,514 bytes through
 *                            IF and back (an echoing slave)
 *   spitool send IF N        N frames of 1,000 bytes out of IF, past its
 *                            qdisc
 *
 * Exits 0 when everything arrived intact, else 1 with what did not.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <netsplit/bus.h>

#include "log.h"
#include "spisim.h"

#define SPITOOL_ETHERTYPE 0x88b5
#define SPITOOL_FRAME_LEN 1000
#define SPITOOL_WAIT_MS	  10000

static const __u8 cp_mac[ETH_ALEN] = {0x02, 0x6e, 0x73, 0x00, 0x00, 0x10};

struct slave {
	struct fw_spisim sim;
	unsigned long long received, to_receive;
	bool echo;
};

static void pattern(__u8 *buf, unsigned int len, unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		buf[i] = (__u8)(i * 31 + seed * 7 + (i >> 8));
}

static int slave_send_event(struct slave *s, __u8 event, __u16 seq)
{
	__u8 frame[NS_BUS_HDR_LEN + ETH_ALEN];

	return fw_spisim_write(&s->sim, frame,
			       ns_bus_seal_event(frame, event, cp_mac, seq));
}

static void slave_deliver(void *ctx, const __u8 *frame, __u32 len)
{
	struct slave *s = ctx;
	struct ns_bus_frame f;

	if (ns_bus_parse(frame, len, &f)) {
		fprintf(stderr, "spitool: a frame from the host was refused\n");
		return;
	}
	if (f.if_type == NS_BUS_IF_NETWORK)
		s->received++;
	/* Back as it came; when the queue is full, the host's test says. */
	if (s->echo && f.len && fw_spisim_write(&s->sim, frame, len))
		fprintf(stderr, "spitool: the slave's queue was full\n");
}

/* Until stop (a count reached, or never) or SPITOOL_WAIT_MS of silence. */
static int slave_run(struct slave *s, unsigned long long to_send)
{
	struct pollfd pfd = {.fd = s->sim.fd, .events = POLLIN};
	__u8 frame[NS_BUS_FRAME_MAX];
	struct ns_bus_frame f = {.if_type = NS_BUS_IF_NETWORK,
				 .len = SPITOOL_FRAME_LEN};
	unsigned long long sent = 0;
	int n;

	memset(frame + NS_BUS_HDR_LEN, 0xff, ETH_ALEN);
	memcpy(frame + NS_BUS_HDR_LEN + ETH_ALEN, cp_mac, ETH_ALEN);
	frame[NS_BUS_HDR_LEN + 12] = SPITOOL_ETHERTYPE >> 8;
	frame[NS_BUS_HDR_LEN + 13] = SPITOOL_ETHERTYPE & 0xff;
	for (;;) {
		/* Ours first, then the refill: no empty transaction before
		 * them. */
		while (sent < to_send) {
			f.seq = (__u16)sent;
			ns_bus_seal(frame, &f);
			if (fw_spisim_write(&s->sim, frame,
					    NS_BUS_HDR_LEN + f.len))
				break;
			sent++;
		}
		ns_spi_slave_refill(&s->sim.slave);
		/* Done when the host has all of ours (data-ready down). */
		if (!s->echo && sent == to_send &&
		    s->received >= s->to_receive && !s->sim.slave.data_ready)
			return 0;
		n = poll(&pfd, 1, s->echo ? -1 : SPITOOL_WAIT_MS);
		if (n <= 0) {
			fprintf(stderr,
				"spitool: slave: nothing for %d ms: sent %llu of %llu, received %llu of %llu\n",
				SPITOOL_WAIT_MS, sent, to_send, s->received,
				s->to_receive);
			return 1;
		}
		if (fw_spisim_receive(&s->sim, 64, slave_deliver, s)) {
			fprintf(stderr, "spitool: the host pulsed reset\n");
			return 1;
		}
	}
}

static int slave(const char *dev, bool echo, unsigned long long to_send,
		 unsigned long long to_receive)
{
	static struct slave s;

	s.echo = echo;
	s.to_receive = to_receive;
	if (fw_spisim_open(&s.sim, dev, 0))
		return 1;
	if (slave_send_event(&s, NS_BUS_EV_INIT, 0) ||
	    slave_send_event(&s, NS_BUS_EV_LINK_UP, 1))
		return 1;
	return slave_run(&s, to_send);
}

/* The same exchange on the virtual bus: one frame per read or write. */
static int vbus_slave(const char *dev, unsigned long long to_send,
		      unsigned long long to_receive)
{
	struct pollfd pfd = {.events = POLLIN | POLLOUT};
	struct ns_bus_frame f = {.if_type = NS_BUS_IF_NETWORK,
				 .len = SPITOOL_FRAME_LEN};
	unsigned long long sent = 0, received = 0;
	static __u8 frame[NS_BUS_FRAME_MAX], in[NS_BUS_FRAME_MAX];
	__u32 n;

	pfd.fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (pfd.fd < 0) {
		fprintf(stderr, "spitool: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	n = ns_bus_seal_event(frame, NS_BUS_EV_INIT, cp_mac, 0);
	if (write(pfd.fd, frame, n) != (ssize_t)n)
		goto fail;
	n = ns_bus_seal_event(frame, NS_BUS_EV_LINK_UP, cp_mac, 1);
	if (write(pfd.fd, frame, n) != (ssize_t)n)
		goto fail;
	memset(frame + NS_BUS_HDR_LEN, 0xff, ETH_ALEN);
	memcpy(frame + NS_BUS_HDR_LEN + ETH_ALEN, cp_mac, ETH_ALEN);
	frame[NS_BUS_HDR_LEN + 12] = SPITOOL_ETHERTYPE >> 8;
	frame[NS_BUS_HDR_LEN + 13] = SPITOOL_ETHERTYPE & 0xff;
	while (sent < to_send || received < to_receive) {
		if (poll(&pfd, 1, SPITOOL_WAIT_MS) <= 0)
			goto fail;
		while (received < to_receive &&
		       read(pfd.fd, in, sizeof(in)) > 0)
			received += (in[0] & 0x0f) == NS_BUS_IF_NETWORK;
		if (sent < to_send) {
			f.seq = (__u16)sent;
			n = ns_bus_seal(frame, &f);
			sent += write(pfd.fd, frame, n) == (ssize_t)n;
		}
	}
	close(pfd.fd);
	return 0;
fail:
	fprintf(stderr,
		"spitool: vbus: sent %llu of %llu, received %llu of %llu: %s\n",
		sent, to_send, received, to_receive, strerror(errno));
	close(pfd.fd);
	return 1;
}

/* Reads exactly len bytes of fd, waiting at most SPITOOL_WAIT_MS. */
static int read_all(int fd, __u8 *buf, size_t len)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		if (poll(&pfd, 1, SPITOOL_WAIT_MS) <= 0)
			return -1;
		n = read(fd, buf + got, len - got);
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

static int ctrl_lengths(void)
{
	static __u8 out[NS_BUS_PAYLOAD_MAX], in[NS_BUS_PAYLOAD_MAX];
	unsigned int len, bad = 0;
	int fd;

	fd = open("/dev/espctl0", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("spitool: /dev/espctl0");
		return 1;
	}
	for (len = 1; len <= NS_BUS_PAYLOAD_MAX; len++) {
		pattern(out, len, len);
		if (write(fd, out, len) != (ssize_t)len ||
		    read_all(fd, in, len) || memcmp(in, out, len)) {
			if (!bad++)
				fprintf(stderr,
					"spitool: control payload of %u bytes did not come back intact\n",
					len);
		}
	}
	close(fd);
	printf("ctrl: %u of %u lengths intact\n", NS_BUS_PAYLOAD_MAX - bad,
	       NS_BUS_PAYLOAD_MAX);
	return bad ? 1 : 0;
}

static int packet_socket(const char *ifname, struct sockaddr_ll *to, __u8 *mac)
{
	struct ifreq ifr = {0};
	int fd;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC,
		    htons(SPITOOL_ETHERTYPE));
	if (fd < 0) {
		perror("spitool: packet socket");
		return -1;
	}
	*to = (struct sockaddr_ll){.sll_family = AF_PACKET,
				   .sll_protocol = htons(SPITOOL_ETHERTYPE),
				   .sll_ifindex = (int)if_nametoindex(ifname),
				   .sll_halen = ETH_ALEN};
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (!to->sll_ifindex || ioctl(fd, SIOCGIFHWADDR, &ifr) ||
	    bind(fd, (struct sockaddr *)to, sizeof(*to))) {
		fprintf(stderr, "spitool: %s: %s\n", ifname, strerror(errno));
		close(fd);
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	return fd;
}

/* One frame to ifname's own MAC; waits while the queue is full. */
static int send_frame(int fd, const struct sockaddr_ll *to, const __u8 *frame,
		      size_t len)
{
	const struct timespec pause = {.tv_nsec = 100000};

	while (sendto(fd, frame, len, 0, (const struct sockaddr *)to,
		      sizeof(*to)) != (ssize_t)len) {
		if (errno != ENOBUFS && errno != EAGAIN) {
			perror("spitool: sending");
			return -1;
		}
		nanosleep(&pause, NULL);
	}
	return 0;
}

static void ether_header(__u8 *frame, const __u8 *mac)
{
	memcpy(frame, mac, ETH_ALEN);
	memcpy(frame + ETH_ALEN, cp_mac, ETH_ALEN);
	frame[12] = SPITOOL_ETHERTYPE >> 8;
	frame[13] = SPITOOL_ETHERTYPE & 0xff;
}

/* The echo of what we sent: our own copies (outgoing) do not count. */
static ssize_t recv_echo(int fd, __u8 *buf, size_t size)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	struct sockaddr_ll from;
	socklen_t fromlen;
	ssize_t n;

	for (;;) {
		if (poll(&pfd, 1, SPITOOL_WAIT_MS) <= 0)
			return -1;
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, size, 0, (struct sockaddr *)&from,
			     &fromlen);
		if (n < 0)
			return -1;
		if (from.sll_pkttype != PACKET_OUTGOING)
			return n;
	}
}

static int ether_lengths(const char *ifname)
{
	static __u8 out[ETH_FRAME_LEN], in[ETH_FRAME_LEN + 1];
	struct sockaddr_ll to;
	unsigned int len, bad = 0;
	__u8 mac[ETH_ALEN];
	ssize_t n;
	int fd;

	fd = packet_socket(ifname, &to, mac);
	if (fd < 0)
		return 1;
	for (len = ETH_HLEN; len <= ETH_FRAME_LEN; len++) {
		ether_header(out, mac);
		pattern(out + ETH_HLEN, len - ETH_HLEN, len);
		if (send_frame(fd, &to, out, len))
			break;
		n = recv_echo(fd, in, sizeof(in));
		if (n != (ssize_t)len || memcmp(in, out, len)) {
			if (!bad++)
				fprintf(stderr,
					"spitool: an Ethernet frame of %u bytes came back as %zd bytes%s\n",
					len, n,
					n == (ssize_t)len ? ", changed" : "");
		}
	}
	close(fd);
	printf("ether: %u of %u lengths intact\n",
	       ETH_FRAME_LEN - ETH_HLEN + 1 - bad,
	       ETH_FRAME_LEN - ETH_HLEN + 1);
	return bad || len <= ETH_FRAME_LEN ? 1 : 0;
}

static int send_frames(const char *ifname, unsigned long long count)
{
	static __u8 frame[SPITOOL_FRAME_LEN];
	struct sockaddr_ll to;
	unsigned long long i;
	__u8 mac[ETH_ALEN];
	int fd, bypass = 1;

	fd = packet_socket(ifname, &to, mac);
	if (fd < 0)
		return 1;
	/*
	 * Straight to the driver, which refuses (ENOBUFS, sent again) while
	 * its queue is stopped: a qdisc's AQM (fq_codel) would drop frames
	 * that the other end counts on, and say nothing.
	 */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &bypass,
		       sizeof(bypass))) {
		perror("spitool: PACKET_QDISC_BYPASS");
		close(fd);
		return 1;
	}
	ether_header(frame, mac);
	for (i = 0; i < count; i++)
		if (send_frame(fd, &to, frame, sizeof(frame)))
			break;
	close(fd);
	return i == count ? 0 : 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: spitool echo DEV | slave DEV SEND RECEIVE |\n"
			"       vbus DEV SEND RECEIVE | ctrl-lengths |\n"
			"       ether-lengths IF | send IF N\n");
	return 2;
}

int main(int argc, char **argv)
{
	ns_log_init("spitool", NS_LOG_COMMAND);
	if (argc == 3 && !strcmp(argv[1], "echo"))
		return slave(argv[2], true, 0, 0);
	if (argc == 5 && !strcmp(argv[1], "slave"))
		return slave(argv[2], false, strtoull(argv[3], NULL, 0),
			     strtoull(argv[4], NULL, 0));
	if (argc == 5 && !strcmp(argv[1], "vbus"))
		return vbus_slave(argv[2], strtoull(argv[3], NULL, 0),
				  strtoull(argv[4], NULL, 0));
	if (argc == 2 && !strcmp(argv[1], "ctrl-lengths"))
		return ctrl_lengths();
	if (argc == 3 && !strcmp(argv[1], "ether-lengths"))
		return ether_lengths(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "send"))
		return send_frames(argv[2], strtoull(argv[3], NULL, 0));
	return usage();
}
