// SPDX-License-Identifier: GPL-2.0-only
/*
 * busrelay: frames per second relayed between the host's stack and the
 * co-processor's end, through ethsta0 and /dev/espbus0, and through a TAP
 * device doing the same job, side by side in one run. Runs inside the test
 * VM (bench/driver.sh), where the ethsta module is loaded.
 *
 *   busrelay [--frames N] [--size BYTES] [--bus-only] [--late-reader MS]
 *
 * Each device is measured both ways: N frames written at the co-processor's
 * end and received by a packet socket on the netdev, then N frames sent by
 * the packet socket and read at the co-processor's end. A frame counts when
 * it arrives; the rate is frames arrived over the time they took.
 * --bus-only skips the TAP device (the VM test's leak check uses it).
 * --late-reader starts reading at the co-processor's end MS after the
 * writer, so that the driver's queue is sure to fill and stop, and must
 * wake for every frame to arrive (the VM test's check of both).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <netsplit/bus.h>

/* IEEE 802 local experimental: nothing in the stack answers it. */
#define RELAY_ETHERTYPE 0x88b5
#define RELAY_IDLE_MS 1000

static const __u8 relay_mac[ETH_ALEN] = { 0x02, 0x6e, 0x73, 0x00, 0x00, 0x99 };

struct relay {
	const char *name;
	int dev_fd;	 /* the co-processor's end */
	int packet_fd;	 /* the host's end */
	bool bus;	 /* frames at dev_fd carry the bus header */
	unsigned int frames, size;
	unsigned int late_reader_ms;
	__u8 frame[NS_BUS_FRAME_MAX];
	unsigned int frame_len;
};

struct direction {
	__u64 arrived;
	double seconds;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One Ethernet frame to the netdev's MAC; sealed into a bus frame if bus. */
static void relay_build(struct relay *r, const __u8 *dst)
{
	__u8 *eth = r->bus ? r->frame + NS_BUS_HDR_LEN : r->frame;
	struct ns_bus_frame f = { .if_type = NS_BUS_IF_NETWORK,
				  .len = (__u16)r->size };

	memset(eth, 0xa5, r->size);
	memcpy(eth, dst, ETH_ALEN);
	memcpy(eth + ETH_ALEN, relay_mac, ETH_ALEN);
	eth[12] = RELAY_ETHERTYPE >> 8;
	eth[13] = RELAY_ETHERTYPE & 0xff;
	r->frame_len = r->bus ? ns_bus_seal(r->frame, &f) : r->size;
}

static int relay_event(int fd, __u8 event, const __u8 *mac)
{
	__u8 frame[NS_BUS_HDR_LEN + ETH_ALEN];
	__u32 n = ns_bus_seal_event(frame, event, mac, 0);

	return write(fd, frame, n) == (ssize_t)n ? 0 : -errno;
}

static int link_up(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd, ret = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		ret = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (!ret && ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int packet_open(const char *ifname, unsigned char *mac)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(RELAY_ETHERTYPE) };
	struct ifreq ifr = { 0 };
	int fd, size = 8 << 20;

	sll.sll_ifindex = (int)if_nametoindex(ifname);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(RELAY_ETHERTYPE));
	if (fd < 0 || !sll.sll_ifindex)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		close(fd);
		return -errno;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	return fd;
}

/* Counts frames arriving on fd until count or RELAY_IDLE_MS of silence. */
static void relay_count(int fd, unsigned int count, struct direction *d,
			double start)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	__u8 buf[NS_BUS_FRAME_MAX];
	double last = start;

	while (d->arrived < count && poll(&pfd, 1, RELAY_IDLE_MS) > 0)
		while (d->arrived < count && read(fd, buf, sizeof(buf)) > 0) {
			d->arrived++;
			last = now_s();
		}
	d->seconds = last - start;
}

struct writer {
	int fd;
	const void *frame;
	size_t len;
	unsigned int count;
	bool is_socket;
};

/* Writes count frames; a full queue is waited out, never skipped. */
static void *writer_run(void *arg)
{
	struct writer *w = arg;
	struct pollfd pfd = { .fd = w->fd, .events = POLLOUT };
	unsigned int sent = 0;
	ssize_t n;

	while (sent < w->count) {
		n = w->is_socket ? send(w->fd, w->frame, w->len, 0) :
				   write(w->fd, w->frame, w->len);
		if (n == (ssize_t)w->len)
			sent++;
		else if (errno == EAGAIN || errno == ENOBUFS)
			poll(&pfd, 1, 1);
		else
			break;
	}
	return NULL;
}

static int relay_direction(struct relay *r, bool down, struct direction *d)
{
	struct writer w = { .frame = r->frame, .len = r->frame_len,
			    .count = r->frames, .fd = r->dev_fd };
	pthread_t thread;
	double start;

	if (!down) {
		w.fd = r->packet_fd;
		w.frame = r->bus ? r->frame + NS_BUS_HDR_LEN : r->frame;
		w.len = r->size;
		w.is_socket = true;
	}
	memset(d, 0, sizeof(*d));
	start = now_s();
	if (pthread_create(&thread, NULL, writer_run, &w))
		return -EAGAIN;
	if (!down && r->late_reader_ms)
		usleep(r->late_reader_ms * 1000);
	relay_count(down ? r->packet_fd : r->dev_fd, r->frames, d, start);
	pthread_join(thread, NULL);
	return 0;
}

static int relay_run(struct relay *r, const char *ifname, double *pps)
{
	struct direction down, up;
	__u8 mac[ETH_ALEN];
	int ret;

	ret = link_up(ifname);
	if (ret)
		return ret;
	r->packet_fd = packet_open(ifname, mac);
	if (r->packet_fd < 0)
		return r->packet_fd;
	relay_build(r, mac);
	fcntl(r->dev_fd, F_SETFL, O_NONBLOCK);
	fcntl(r->packet_fd, F_SETFL, O_NONBLOCK);
	ret = relay_direction(r, true, &down);
	if (!ret)
		ret = relay_direction(r, false, &up);
	close(r->packet_fd);
	if (ret)
		return ret;
	*pps = (double)(down.arrived + up.arrived) / (down.seconds + up.seconds);
	printf("%s: to host %llu of %u frames in %.2f s, to co-processor %llu of %u in %.2f s\n",
	       r->name, (unsigned long long)down.arrived, r->frames,
	       down.seconds, (unsigned long long)up.arrived, r->frames,
	       up.seconds);
	return down.arrived && up.arrived ? 0 : -EIO;
}

static int relay_espbus(struct relay *r, double *pps)
{
	static const __u8 cp_mac[ETH_ALEN] = { 0x02, 0x6e, 0x73, 0, 0, 0x20 };
	char ifname[IF_NAMESIZE] = "ethsta0";
	int ret;

	r->name = "ethsta0 + /dev/espbus0";
	r->bus = true;
	r->dev_fd = open("/dev/espbus0", O_RDWR | O_CLOEXEC);
	if (r->dev_fd < 0)
		return -errno;
	ret = relay_event(r->dev_fd, NS_BUS_EV_INIT, cp_mac) ?:
	      relay_event(r->dev_fd, NS_BUS_EV_LINK_UP, cp_mac) ?:
	      relay_run(r, ifname, pps);
	close(r->dev_fd);
	return ret;
}

static int relay_tap(struct relay *r, double *pps)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int ret;

	r->name = "TAP bench0";
	r->bus = false;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "bench0");
	r->dev_fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (r->dev_fd < 0)
		return -errno;
	ret = ioctl(r->dev_fd, TUNSETIFF, &ifr) ? -errno :
						  relay_run(r, "bench0", pps);
	close(r->dev_fd);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "frames", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 's' },
		{ "bus-only", no_argument, NULL, 'b' },
		{ "late-reader", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	static struct relay relay = { .frames = 200000, .size = 64 };
	double esp_pps = 0, tun_pps = 0;
	bool bus_only = false;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'n')
			relay.frames = (unsigned int)strtoul(optarg, NULL, 0);
		else if (opt == 's')
			relay.size = (unsigned int)strtoul(optarg, NULL, 0);
		else if (opt == 'b')
			bus_only = true;
		else if (opt == 'l')
			relay.late_reader_ms = (unsigned int)strtoul(optarg, NULL, 0);
		else
			return 2;
	}
	if (relay.size < ETH_ZLEN || relay.size > NS_BUS_PAYLOAD_MAX - 4 ||
	    !relay.frames) {
		fprintf(stderr, "busrelay: --size is %d to %d bytes, --frames at least 1\n",
			ETH_ZLEN, NS_BUS_PAYLOAD_MAX - 4);
		return 2;
	}
	ret = relay_espbus(&relay, &esp_pps);
	if (ret) {
		fprintf(stderr, "busrelay: through ethsta0: %s\n", strerror(-ret));
		return 1;
	}
	if (bus_only)
		return 0;
	ret = relay_tap(&relay, &tun_pps);
	if (ret) {
		fprintf(stderr, "busrelay: through a TAP device: %s\n",
			strerror(-ret));
		return 1;
	}
	printf("bench: driver esp_pps=%.0f tun_pps=%.0f\n", esp_pps, tun_pps);
	return 0;
}
