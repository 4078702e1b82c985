// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplit-cpd on the ethsta driver's bus (--bus /dev/espbus0), the way the
 * co-processor's firmware does it on SPI or SDIO. The host link is a TAP
 * device that this process relays to and from the bus in network frames;
 * the host's control stream comes and goes in control frames, through a
 * socket pair whose other end is an ordinary connection, so the protocol
 * code cannot tell it from the lab's unix socket. The init event announces
 * the uplink's MAC; link events follow the uplink's carrier.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netsplit/bus.h>

#include "cpd.h"
#include "log.h"

/* Frames handled per wakeup of each descriptor, so none starves another. */
#define CPD_BUS_BATCH 64

enum { CPD_BUS_LINK_UNKNOWN = 2 };

static int cpd_bus_write(struct cpd *cpd, const __u8 *frame, __u32 len)
{
	if (write(cpd->bus_fd, frame, len) == (ssize_t)len)
		return 0;
	ns_log(LOG_WARNING, "cannot write to %s: %s", cpd->cfg.cp.bus,
	       strerror(errno));
	return -errno;
}

static int cpd_bus_send(struct cpd *cpd, __u8 *frame,
			const struct ns_bus_frame *f)
{
	struct ns_bus_frame sealed = *f;

	sealed.seq = cpd->bus_seq++;
	return cpd_bus_write(cpd, frame, ns_bus_seal(frame, &sealed));
}

static void cpd_bus_event(struct cpd *cpd, __u8 event)
{
	__u8 frame[NS_BUS_HDR_LEN + sizeof(cpd->status.mac)];

	cpd_bus_write(cpd, frame,
		      ns_bus_seal_event(frame, event, cpd->status.mac,
					cpd->bus_seq++));
}

/* A new control stream: the old connection goes, with anything half read. */
static int cpd_bus_new_stream(struct cpd *cpd)
{
	int pair[2];

	if (cpd->bus_conn)
		cpd_conn_drop(cpd, cpd->bus_conn);
	if (cpd->bus_ctrl_fd >= 0)
		close(cpd->bus_ctrl_fd);
	cpd->bus_conn = NULL;
	cpd->bus_ctrl_fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0,
		       pair))
		return -errno;
	cpd->bus_ctrl_fd = pair[0];
	cpd->bus_conn = cpd_conn_add(cpd, pair[1]);
	return cpd->bus_conn ? 0 : -EMFILE;
}

static int cpd_tap_open(struct cpd *cpd)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int sock, ret = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", cpd->cfg.cp.host_link);
	cpd->tap_fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (cpd->tap_fd < 0 || ioctl(cpd->tap_fd, TUNSETIFF, &ifr))
		return -errno;
	/* Before it is up: up, the stack would speak there at once. */
	ret = cpd_host_link_quiet(cpd);
	if (ret)
		return ret;
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -errno;
	if (ioctl(sock, SIOCGIFFLAGS, &ifr))
		ret = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (!ret && ioctl(sock, SIOCSIFFLAGS, &ifr))
		ret = -errno;
	close(sock);
	return ret;
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
	cpd->bus_fd = open(cpd->cfg.cp.bus, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (cpd->bus_fd < 0) {
		ret = -errno;
		ns_log(LOG_ERR, "cannot open %s: %s%s", cpd->cfg.cp.bus,
		       strerror(-ret),
		       ret == -EBUSY ? " (another process is the co-processor there)" :
		       ret == -ENOENT ? " (is the ethsta module loaded?)" : "");
		return ret;
	}
	cpd->bus_link = CPD_BUS_LINK_UNKNOWN;
	ret = cpd_bus_new_stream(cpd);
	if (ret)
		ns_log(LOG_ERR, "cannot make the bus's control connection: %s",
		       strerror(-ret));
	return ret;
}

void cpd_bus_close(struct cpd *cpd)
{
	if (cpd->bus_ctrl_fd >= 0)
		close(cpd->bus_ctrl_fd);
	if (cpd->bus_fd >= 0)
		close(cpd->bus_fd);
	if (cpd->tap_fd >= 0)
		close(cpd->tap_fd);
}

void cpd_bus_report(struct cpd *cpd)
{
	if (cpd->bus_fd < 0)
		return;
	if (!cpd->bus_announced ||
	    memcmp(cpd->bus_mac, cpd->status.mac, sizeof(cpd->bus_mac))) {
		cpd_bus_event(cpd, NS_BUS_EV_INIT);
		memcpy(cpd->bus_mac, cpd->status.mac, sizeof(cpd->bus_mac));
		cpd->bus_announced = true;
		cpd->bus_link = CPD_BUS_LINK_UNKNOWN;
	}
	if (cpd->bus_link != cpd->status.link_up) {
		cpd_bus_event(cpd, cpd->status.link_up ? NS_BUS_EV_LINK_UP :
							 NS_BUS_EV_LINK_DOWN);
		cpd->bus_link = cpd->status.link_up;
	}
}

static void cpd_bus_signal(struct cpd *cpd, __u8 flags)
{
	if (flags & NS_BUS_F_PS_START) {
		cpd_set_host_state(cpd, NS_HOST_SLEEPING,
				   "the host suspends: power-save start on the bus");
	} else if (flags & NS_BUS_F_PS_STOP) {
		cpd->last_heartbeat = ns_now_ms();
		cpd_set_host_state(cpd, NS_HOST_AWAKE,
				   "the host resumed: power-save stop on the bus");
	} else if (cpd_bus_new_stream(cpd)) {
		ns_log(LOG_ERR, "cannot make the bus's control connection");
	}
}

static void cpd_bus_control(struct cpd *cpd, const __u8 *data, __u16 len)
{
	ssize_t n = -1;

	if (cpd->bus_ctrl_fd >= 0)
		n = send(cpd->bus_ctrl_fd, data, len, MSG_DONTWAIT);
	if (n != len)
		ns_log(LOG_WARNING, "%d of %u control bytes from the bus lost; the host will reconnect",
		       (int)(n < 0 ? len : len - n), len);
}

void cpd_bus_receive(struct cpd *cpd)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	enum ns_bus_error err;
	struct ns_bus_frame f;
	const __u8 *payload;
	ssize_t n;
	int i;

	for (i = 0; i < CPD_BUS_BATCH; i++) {
		n = read(cpd->bus_fd, frame, sizeof(frame));
		if (n <= 0)
			break;
		err = ns_bus_parse(frame, (__u32)n, &f);
		if (err) {
			if (!cpd->bus_refused[err]++)
				ns_log(LOG_WARNING, "refused a frame from the bus: %s (logged once per reason)",
				       ns_bus_error_str(err));
			continue;
		}
		payload = frame + f.offset;
		if (f.if_type == NS_BUS_IF_NETWORK) {
			if (write(cpd->tap_fd, payload, f.len) < 0 &&
			    !cpd->bus_tap_dropped++)
				ns_log(LOG_WARNING, "cannot pass a frame to %s: %s (logged once)",
				       cpd->cfg.cp.host_link, strerror(errno));
		} else if (f.if_type == NS_BUS_IF_CONTROL) {
			if (f.len)
				cpd_bus_control(cpd, payload, f.len);
			else
				cpd_bus_signal(cpd, f.flags);
		}
	}
}

void cpd_bus_from_tap(struct cpd *cpd)
{
	struct ns_bus_frame f = { .if_type = NS_BUS_IF_NETWORK };
	__u8 frame[NS_BUS_FRAME_MAX];
	ssize_t n;
	int i;

	for (i = 0; i < CPD_BUS_BATCH; i++) {
		n = read(cpd->tap_fd, frame + NS_BUS_HDR_LEN, NS_BUS_PAYLOAD_MAX);
		if (n <= 0)
			break;
		f.len = (__u16)n;
		cpd_bus_send(cpd, frame, &f);
	}
}

void cpd_bus_from_ctrl(struct cpd *cpd)
{
	struct ns_bus_frame f = { .if_type = NS_BUS_IF_CONTROL };
	__u8 frame[NS_BUS_FRAME_MAX];
	ssize_t n;

	n = read(cpd->bus_ctrl_fd, frame + NS_BUS_HDR_LEN, NS_BUS_PAYLOAD_MAX);
	if (n > 0) {
		f.len = (__u16)n;
		cpd_bus_send(cpd, frame, &f);
	} else if (n == 0 || errno != EAGAIN) {
		/* The connection gave up on the stream; start a clean one. */
		cpd_bus_new_stream(cpd);
	}
}
