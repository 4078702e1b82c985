// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplit-cpd: loads and attaches the splitter, runs the co-processor's
 * core (the control protocol, the host state, waking) on its events: the
 * peers' sockets, rtnetlink, the ring buffer, the bus, the subscription.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <mosquitto.h>

#include "prog_attach.h"
#include "busdev.h"
#include "conn.h"
#include "cpd.h"
#include "daemon.h"
#include "log.h"
#include "options.h"
#include "saved.h"

/* What each polled descriptor is; the fixed ones in this order. */
enum cpd_tag {
	CPD_TAG_LISTEN,
	CPD_TAG_SIGNAL,
	CPD_TAG_RTNL,
	CPD_TAG_RING,
	CPD_TAG_BUS,
	CPD_TAG_TAP,
	CPD_TAG_SUB,
	CPD_TAG_PEER, /* + index */
};

#define CPD_POLL_MAX (CPD_TAG_PEER + NS_CORE_PEERS)

static const struct ns_option cpd_options[] = {
	{"uplink", "IF", "uplink", NULL,
	 "the Wi-Fi side, where the splitter runs"},
	{"host-link", "IF", "host_link", NULL,
	 "the host's side, a veth or TAP (with --bus, the TAP it makes)"},
	{"listen", "unix:PATH", "listen", NULL,
	 "where netsplitd and netsplitctl find netsplit-cpd"},
	{"pin-root", "DIR", "pin_root", NULL,
	 "where the splitter's maps are pinned"},
	{"state-file", "FILE", "state_file", NULL,
	 "the network and table kept across restarts"},
	{"dns", "FILE", "dns", NULL,
	 "the resolv.conf the uplink's DHCP client writes"},
	{"wake-command", "CMD", "wake_command", NULL,
	 "run on every wake, with NETSPLIT_WAKE_REASON and NETSPLIT_WAKE_RULE"},
	{"heartbeat-interval", "MS", "heartbeat_interval", NULL,
	 "the host's heartbeat interval when its hello gives none"},
	{"bus", "DEVICE", "bus", NULL,
	 "be the co-processor's end of the ethsta driver's bus (/dev/espbus0), or of USB as a gadget (usb-ffs:MOUNTPOINT, FunctionFS)"},
	{"generic", NULL, "xdp_mode", "generic",
	 "the splitter in generic XDP mode"},
	{NULL},
};

static const struct ns_daemon cpd_daemon = {
	.prog = "netsplit-cpd",
	.about = "The co-processor's side of netsplit on Linux: attaches the "
		 "splitter to the\n"
		 "uplink and the forwarder to the host link, serves the "
		 "control protocol,\n"
		 "reports the uplink's network to the host, restores it from "
		 "the state file\n"
		 "when the uplink has no address, and keeps the host's state "
		 "(down after\n"
		 "missed heartbeats).\n"
		 "\n"
		 "With --bus (the ethsta driver's /dev/espbus0) it is the "
		 "co-processor's end\n"
		 "of that bus: the host link is a TAP device it makes and "
		 "relays to the bus,\n"
		 "and the host's control stream arrives there too (netsplitd "
		 "--ctrl\n"
		 "/dev/espctl0); --listen still serves netsplitctl.\n",
	.after = "The datapath stays attached when netsplit-cpd exits, so "
		 "traffic keeps\n"
		 "flowing across a restart; 'netsplitctl detach' removes it.\n",
	.section = NS_SETTINGS_COPROCESSOR,
	.options = cpd_options,
};

/* Starts the core: from the saved table, else the config file's. */
static int cpd_core_start(struct cpd *cpd)
{
	struct ns_core_settings set = {
		.heartbeat_ms = cpd->cfg.cp.heartbeat_ms,
		.heartbeat_misses = cpd->cfg.cp.heartbeat_misses,
		.wake_burst = cpd->cfg.cp.wake_burst,
		.wake_interval_ms = cpd->cfg.cp.wake_interval_s * 1000,
	};
	struct ns_core_saved *saved = malloc(sizeof(*saved));
	struct ns_core_ops ops;
	struct ns_rules first;
	int ret;

	cpd->wake.command = cpd->cfg.cp.wake_command;
	cpd->queue = calloc(cpd->cfg.cp.wake_queue, sizeof(*cpd->queue));
	if (!saved || !cpd->queue) {
		free(saved);
		return -ENOMEM;
	}
	ns_saved_load(cpd->cfg.cp.state_file, saved);
	cpd_ops(cpd, &ops);
	ns_core_init(&cpd->core, &ops, &set, cpd->queue,
		     cpd->cfg.cp.wake_queue, NULL, 0);
	first = saved->rules_known ? saved->rules : cpd->cfg.rules;
	ret = cpd_datapath_load(cpd, &first);
	if (!ret) {
		if (saved->rules_known)
			saved->rules = first;
		ns_core_start(&cpd->core, saved, &first, ns_now_ms());
		ret = cpd_datapath_attach(cpd);
	}
	free(saved);
	return ret;
}

static void cpd_signal(struct cpd *cpd)
{
	struct signalfd_siginfo si;

	while (read(cpd->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			ns_wake_cmd_reap(&cpd->wake);
			break;
		case SIGHUP:
			ns_log(LOG_NOTICE, "SIGHUP: the host's table is the one that counts; edit it there, or use 'netsplitctl rules load' here");
			break;
		default:
			cpd->stopping = true;
		}
	}
}

static void cpd_tick(struct cpd *cpd, __u64 now)
{
	cpd_ring_full_update(cpd);
	ns_core_tick(&cpd->core, now);
	cpd_sub_tick(cpd);
	if (now >= cpd->next_rules) {
		cpd->next_rules = now + CPD_RULES_EVERY_MS;
		cpd_table_poll(cpd);
		cpd_dns_check(cpd);
	}
}

/* The file descriptors to wait on, each with what it is. */
static int cpd_poll_set(struct cpd *cpd, struct pollfd *pfd, int *tag)
{
	short sub_events = 0;
	int fds[] = { cpd->peers.listen_fd, cpd->signal_fd,
		      ns_rtnl_fd(&cpd->monitor), ring_buffer__epoll_fd(cpd->ring),
		      cpd->bus.fd, cpd->tap_fd, cpd_sub_poll(cpd, &sub_events) };
	int n = 0, i;

	for (i = 0; i < CPD_TAG_PEER; i++) {
		if (fds[i] < 0)
			continue;
		pfd[n] = (struct pollfd){ .fd = fds[i],
					  .events = i == CPD_TAG_SUB ? sub_events :
								       POLLIN };
		tag[n++] = i;
	}
	for (i = 0; i < NS_CORE_PEERS; i++) {
		if (cpd->peers.fd[i] < 0)
			continue;
		pfd[n] = (struct pollfd){ .fd = cpd->peers.fd[i], .events = POLLIN };
		tag[n++] = CPD_TAG_PEER + i;
	}
	return n;
}

/*
 * After every wakeup, time-based work (heartbeat deadline, table and
 * DNS polls) runs before any request is answered, so a reply never shows
 * a state that time has already changed. Wakeups from the timeout alone can
 * come late (an idle VM here delivered them seconds late); any descriptor
 * that becomes ready brings the state up to date first.
 */
static int cpd_loop(struct cpd *cpd)
{
	struct pollfd pfd[CPD_POLL_MAX];
	int tag[CPD_POLL_MAX];
	__u64 now = ns_now_ms(), next_tick = 0;
	int n, i;

	while (!cpd->stopping) {
		n = cpd_poll_set(cpd, pfd, tag);
		if (poll(pfd, (nfds_t)n,
			 next_tick > now ? (int)(next_tick - now) : 0) < 0 &&
		    errno != EINTR)
			return -errno;
		now = ns_now_ms();
		if (now >= next_tick) {
			next_tick = now + CPD_TICK_MS;
			cpd_tick(cpd, now);
		}
		for (i = 0; i < n; i++) {
			if (!pfd[i].revents)
				continue;
			if (tag[i] == CPD_TAG_LISTEN)
				ns_peers_accept(&cpd->peers);
			else if (tag[i] == CPD_TAG_SIGNAL)
				cpd_signal(cpd);
			else if (tag[i] == CPD_TAG_RTNL &&
				 ns_rtnl_drain(&cpd->monitor))
				cpd_network_update(cpd);
			else if (tag[i] == CPD_TAG_RING)
				cpd_ring_read(cpd);
			else if (tag[i] == CPD_TAG_BUS)
				ns_busdev_receive(&cpd->bus);
			else if (tag[i] == CPD_TAG_TAP)
				cpd_bus_from_tap(cpd);
			else if (tag[i] == CPD_TAG_SUB)
				cpd_sub_io(cpd, pfd[i].revents);
			else if (tag[i] >= CPD_TAG_PEER &&
				 cpd->peers.fd[tag[i] - CPD_TAG_PEER] >= 0)
				ns_peers_read(&cpd->peers, tag[i] - CPD_TAG_PEER);
		}
	}
	return 0;
}

static int cpd_start(struct cpd *cpd)
{
	int ret;

	ret = cpd_bus_open(cpd);
	if (!ret)
		ret = cpd_core_start(cpd);
	if (!ret)
		ret = cpd_network_start(cpd);
	if (!ret)
		ret = cpd_host_link_open(cpd);
	if (!ret)
		ret = cpd_ring_open(cpd);
	if (ret)
		return ret;
	ret = ns_peers_listen(&cpd->peers, cpd->cfg.cp.listen,
			      cpd->cfg.cp.socket_group, "netsplit-cpd");
	if (ret)
		return ret;
	cpd->signal_fd = ns_signalfd();
	return cpd->signal_fd < 0 ? cpd->signal_fd : 0;
}

/*
 * The datapath stays attached, and the host state with it: stopping, we
 * do not tell the core the peers went.
 */
static void cpd_stop(struct cpd *cpd)
{
	ns_peers_stop(&cpd->peers);
	cpd_bus_close(cpd);
	cpd_sub_disconnect(cpd);
	mosquitto_lib_cleanup();
	ns_port_sysctl_restore(&cpd->ports);
	ns_rtnl_close(&cpd->rtnl);
	ns_rtnl_close(&cpd->monitor);
	if (cpd->signal_fd >= 0)
		close(cpd->signal_fd);
	if (cpd->packet_fd >= 0)
		close(cpd->packet_fd);
	cpd_datapath_close(cpd);
	free(cpd->queue);
}

int main(int argc, char **argv)
{
	static struct cpd cpd = { .signal_fd = -1, .packet_fd = -1,
				  .ports.whose = "slave", .bus.fd = -1,
				  .tap_fd = -1 };
	int ret;

	ns_peers_init(&cpd.peers, &cpd.core);
	ret = ns_daemon_start(&cpd_daemon, NULL, argc, argv, &cpd.config_path,
			      &cpd.cfg);
	if (ret != NS_DAEMON_RUN)
		return ret;
	mosquitto_lib_init();
	ret = cpd_start(&cpd);
	if (!ret) {
		ns_log(LOG_NOTICE, "serving on %s; uplink %s, host link %s%s%s",
		       cpd.cfg.cp.listen, cpd.cfg.cp.uplink,
		       cpd.cfg.cp.host_link, cpd.bus.fd >= 0 ? " on " : "",
		       cpd.bus.fd >= 0 ? cpd.cfg.cp.bus : "");
		ns_sd_notify("READY=1");
		ret = cpd_loop(&cpd);
	}
	ns_sd_notify("STOPPING=1");
	cpd_stop(&cpd);
	if (ret)
		ns_log(LOG_ERR, "stopped: %s", strerror(-ret));
	return ret ? 1 : 0;
}
