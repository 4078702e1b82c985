// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplit-fw: the co-processor's firmware (the core inside lwIP) as a
 * Linux process. One thread, as on an MCU: a poll loop over the uplink,
 * the host link or bus, the peers and the console, with lwIP's timers and
 * the core's tick in between.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "conn.h"
#include "daemon.h"
#include "fw.h"
#include "log.h"
#include "options.h"
#include "saved.h"

/* Fragments the firmware remembers (an ESP32 has room for about this). */
#define FW_FRAG_SLOTS 256

/* What each polled descriptor is; the fixed ones in this order. */
enum fw_tag {
	FW_TAG_SIGNAL,
	FW_TAG_LISTEN,
	FW_TAG_UPLINK,
	FW_TAG_HOST,
	FW_TAG_CONSOLE,
	FW_TAG_PEER, /* + index */
};

#define FW_POLL_MAX (FW_TAG_PEER + NS_CORE_PEERS)

static int fw_port_arg(const char *text, __u16 *port)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);

	if (*end || !v || v > 65535) {
		fprintf(stderr, "netsplit-fw: --iperf: '%s' is no port\n",
			text);
		return -EINVAL;
	}
	*port = (__u16)v;
	return 0;
}

static const struct ns_option fw_options[] = {
	{"state", "FILE", "state_file", NULL,
	 "the network and table kept across restarts"},
	{"uplink", "IF", "uplink", NULL,
	 "the Wi-Fi side: lwIP owns the shared address there"},
	{"host-link", "IF", "host_link", NULL,
	 "the host's side, a veth or TAP (not with --bus)"},
	{"bus", "DEVICE", "bus", NULL,
	 "the ethsta driver's bus (/dev/espbus0), usb-ffs:MOUNTPOINT, a USB device controller's FunctionFS, or spi-sim:DEVICE, the VM checks' simulated SPI controller, as the host's side"},
	{"listen", "unix:PATH", "listen", NULL,
	 "where netsplitctl (and without --bus, netsplitd) finds netsplit-fw"},
	{"wake-command", "CMD", "wake_command", NULL,
	 "run on every wake, with NETSPLIT_WAKE_REASON and NETSPLIT_WAKE_RULE"},
	{"heartbeat-interval", "MS", "heartbeat_interval", NULL,
	 "the host's heartbeat interval when its hello gives none"},
	{"console", "unix:PATH", NULL, NULL,
	 "commands: 'iperf PORT', 'iperf off', 'stats'"},
	{"iperf", "PORT", NULL, NULL,
	 "lwiperf (iperf 2, TCP) listens on PORT from the start"},
	{"access-points", "FILE", NULL, NULL,
	 "the uplink is a Wi-Fi station hearing the access points FILE lists, a line each: SSID BSSID RSSI [PASSPHRASE]"},
	{NULL},
};

static int fw_own_option(void *ctx, const struct ns_option *opt,
			 const char *arg)
{
	struct fw *fw = ctx;

	if (!strcmp(opt->name, "console")) {
		fw->console_path = arg;
		return 0;
	}
	if (!strcmp(opt->name, "access-points")) {
		fw->access_points = arg;
		return 0;
	}
	return fw_port_arg(arg, &fw->iperf_port);
}

static const struct ns_daemon fw_daemon = {
	.prog = "netsplit-fw",
	.about = "The co-processor's firmware as a Linux process: the portable "
		 "core inside\n"
		 "lwIP, which owns the shared address on the uplink (its DHCP "
		 "client,\n"
		 "SLAAC) and answers for it (ARP, ping, its own services) "
		 "while every\n"
		 "frame is split before lwIP sees it. The uplink must have no "
		 "address of\n"
		 "Linux's own; IPv6 is turned off on it and on the host link.\n"
		 "\n"
		 "The host link is an interface (a veth or TAP) whose peer is "
		 "the host's,\n"
		 "or with --bus the ethsta driver's /dev/espbus0, which "
		 "carries the host's\n"
		 "control stream too (netsplitd --ctrl /dev/espctl0); --listen "
		 "serves\n"
		 "netsplitctl and, without --bus, netsplitd.\n",
	.after = "Exit status: 0 stopped by a signal, 1 could not start or "
		 "failed, 2 usage.\n",
	.section = NS_SETTINGS_COPROCESSOR,
	.options = fw_options,
	.own = fw_own_option,
};

/*
 * lwIP first (the core's first table goes to it), then the core from what
 * was saved, else the config's table, then the network: up, DHCP.
 */
static int fw_core_start(struct fw *fw)
{
	struct ns_core_settings set = {
		.heartbeat_ms = fw->cfg.cp.heartbeat_ms,
		.heartbeat_misses = fw->cfg.cp.heartbeat_misses,
		.wake_burst = fw->cfg.cp.wake_burst,
		.wake_interval_ms = fw->cfg.cp.wake_interval_s * 1000,
	};
	struct ns_core_saved *saved = malloc(sizeof(*saved));
	struct ns_mcu_board board;

	fw->queue = calloc(fw->cfg.cp.wake_queue, sizeof(*fw->queue));
	fw->frags = calloc(FW_FRAG_SLOTS, sizeof(*fw->frags));
	if (!saved || !fw->queue || !fw->frags) {
		free(saved);
		ns_log(LOG_ERR, "out of memory");
		return -ENOMEM;
	}
	fw->wake.command = fw->cfg.cp.wake_command;
	ns_saved_load(fw->cfg.cp.state_file, saved);
	fw_board(fw, &board);
	ns_mcu_start(&fw->mcu, &board, fw->mac, fw->mtu, &set, fw->queue,
		     fw->cfg.cp.wake_queue, fw->frags, FW_FRAG_SLOTS, saved,
		     &fw->cfg.rules);
	ns_scrub(saved, sizeof(*saved));
	free(saved);
	return 0;
}

static int fw_start(struct fw *fw)
{
	int ret;

	ret = fw_host_open(fw);
	if (!ret)
		ret = fw_uplink_open(fw);
	if (!ret)
		ret = fw_core_start(fw);
	if (!ret && fw->iperf_port)
		ret = ns_lwip_iperf(&fw->mcu.lwip, fw->iperf_port) ? -EADDRINUSE
								   : 0;
	if (!ret)
		ret = ns_peers_listen(&fw->peers, fw->cfg.cp.listen,
				      fw->cfg.cp.socket_group, "netsplit-fw");
	if (!ret)
		ret = fw_console_open(fw);
	if (ret)
		return ret;
	fw->signal_fd = ns_signalfd();
	return fw->signal_fd < 0 ? fw->signal_fd : 0;
}

static void fw_signal(struct fw *fw)
{
	struct signalfd_siginfo si;

	while (read(fw->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			ns_wake_cmd_reap(&fw->wake);
		else if (si.ssi_signo != SIGHUP)
			fw->stopping = true;
	}
}

static int fw_poll_set(struct fw *fw, struct pollfd *pfd, int *tag)
{
	int fds[] = {fw->signal_fd, fw->peers.listen_fd, fw->uplink_fd,
		     fw->host_fd >= 0 ? fw->host_fd : fw->bus_fd,
		     fw->console_fd};
	int n = 0, i;

	for (i = 0; i < FW_TAG_PEER; i++) {
		if (fds[i] < 0)
			continue;
		pfd[n] = (struct pollfd){.fd = fds[i], .events = POLLIN};
		tag[n++] = i;
	}
	for (i = 0; i < NS_CORE_PEERS; i++) {
		if (fw->peers.fd[i] < 0)
			continue;
		pfd[n] = (struct pollfd){.fd = fw->peers.fd[i],
					 .events = POLLIN};
		tag[n++] = FW_TAG_PEER + i;
	}
	return n;
}

static void fw_ready(struct fw *fw, int tag)
{
	switch (tag) {
	case FW_TAG_SIGNAL:
		fw_signal(fw);
		break;
	case FW_TAG_LISTEN:
		ns_peers_accept(&fw->peers);
		break;
	case FW_TAG_UPLINK:
		fw_uplink_receive(fw);
		break;
	case FW_TAG_HOST:
		fw_host_receive(fw);
		break;
	case FW_TAG_CONSOLE:
		fw_console_serve(fw);
		break;
	default:
		if (fw->peers.fd[tag - FW_TAG_PEER] >= 0)
			ns_peers_read(&fw->peers, tag - FW_TAG_PEER);
	}
}

/*
 * The firmware's work and the radio's: the ms until either has more, as
 * poll() takes it.
 */
static int fw_work(struct fw *fw)
{
	__u32 wait = ns_mcu_poll(&fw->mcu);
	int radio = fw_radio_poll(fw);

	if (radio >= 0 && (__u32)radio < wait)
		return radio;
	return wait > INT_MAX ? -1 : (int)wait;
}

/*
 * The board's loop: the core's tick and lwIP's timers (ns_mcu_poll()) run
 * before any descriptor is served.
 */
static int fw_loop(struct fw *fw)
{
	struct pollfd pfd[FW_POLL_MAX];
	int tag[FW_POLL_MAX];
	int n, i, wait;

	wait = fw_work(fw);
	while (!fw->stopping) {
		n = fw_poll_set(fw, pfd, tag);
		if (poll(pfd, (nfds_t)n, wait) < 0 && errno != EINTR)
			return -errno;
		wait = fw_work(fw);
		fw_uplink_count_drops(fw, ns_now_ms());
		for (i = 0; i < n; i++)
			if (pfd[i].revents)
				fw_ready(fw, tag[i]);
	}
	return 0;
}

static void fw_stop(struct fw *fw)
{
	ns_peers_stop(&fw->peers);
	fw_console_close(fw);
	ns_lwip_sub_disconnect(&fw->mcu.lwip);
	fw_host_close(fw);
	if (fw->uplink_fd >= 0)
		close(fw->uplink_fd);
	if (fw->signal_fd >= 0)
		close(fw->signal_fd);
	free(fw->queue);
	free(fw->frags);
}

int main(int argc, char **argv)
{
	static struct fw fw = {.uplink_fd = -1,
			       .host_fd = -1,
			       .bus_fd = -1,
			       .console_fd = -1,
			       .signal_fd = -1};
	int ret;

	ns_peers_init(&fw.peers, &fw.mcu.core);
	ret = ns_daemon_start(&fw_daemon, &fw, argc, argv, &fw.config_path,
			      &fw.cfg);
	if (ret != NS_DAEMON_RUN)
		return ret;
	ret = fw_start(&fw);
	if (!ret) {
		ns_log(LOG_NOTICE,
		       "serving on %s; uplink %s (lwIP), host link %s",
		       fw.cfg.cp.listen, fw.cfg.cp.uplink,
		       fw.bus_fd >= 0 ? fw.cfg.cp.bus : fw.cfg.cp.host_link);
		ns_sd_notify("READY=1");
		ret = fw_loop(&fw);
	}
	ns_sd_notify("STOPPING=1");
	fw_stop(&fw);
	if (!ret && fw.rebooting) {
		execv("/proc/self/exe", argv);
		ret = -errno;
	}
	if (ret)
		ns_log(LOG_ERR, "stopped: %s", strerror(-ret));
	return ret ? 1 : 0;
}
