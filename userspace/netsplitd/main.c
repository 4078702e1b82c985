// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplitd: restores the host's network from the co-processor, keeps the
 * rule tables of both sides equal, reports the host's state.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "prog_attach.h"
#include "daemon.h"
#include "hostd.h"
#include "log.h"
#include "options.h"

static const struct ns_option hostd_options[] = {
	{"interface", "IF", "interface", NULL,
	 "the co-processor's interface, which netsplitd configures"},
	{"control", "ENDPOINT", "control", NULL,
	 "the co-processor: unix:PATH, or the driver's /dev/espctl0"},
	{"ctrl", "ENDPOINT", "control", NULL, "the same as --control"},
	{"socket", "unix:PATH", "socket", NULL,
	 "where netsplitctl finds netsplitd"},
	{"resolv-conf", "auto|resolved|resolvconf|PATH", "resolv_conf", NULL,
	 "where the co-processor's DNS servers go"},
	{"metric", "N", "metric", NULL, "the default routes' metric"},
	{"heartbeat-interval", "MS", "heartbeat_interval", NULL,
	 "how often netsplitd says it is there"},
	{"pin-root", "DIR", "pin_root", NULL,
	 "where the guard's maps are pinned"},
	{"keep-on-exit", NULL, "keep_on_exit", "yes",
	 "leave what netsplitd added in place when it exits"},
	{"no-guard", NULL, "guard", "no", "no guard on the interface"},
	{"generic", NULL, "xdp_mode", "generic",
	 "the guard in generic XDP mode"},
	{NULL},
};

static const struct ns_daemon hostd_daemon = {
	.prog = "netsplitd",
	.about = "The host's side of netsplit: waits for the co-processor, "
		 "restores MAC,\n"
		 "addresses, default routes and DNS on the interface through "
		 "rtnetlink, keeps\n"
		 "them there, sets the ephemeral port range to the host range, "
		 "keeps the\n"
		 "rule tables of both sides equal, sends heartbeats and "
		 "reports sleep and\n"
		 "wake. SIGHUP reloads the config; SIGTERM removes what "
		 "netsplitd added\n"
		 "(unless keep_on_exit).\n",
	.section = NS_SETTINGS_HOST,
	.options = hostd_options,
};

/*
 * The table to start with is the config file's, at a version past the one
 * this host's maps were pinned with by its last run (the same one when
 * nothing changed), so that versions only move forward across restarts.
 */
static int hostd_table_start(struct hostd *h)
{
	struct ns_rules *pinned = malloc(sizeof(*pinned));
	int ret;

	if (!pinned)
		return -ENOMEM;
	ret = ns_maps_read_pinned(h->cfg.host.pin_root, pinned);
	if (ret) {
		ns_sync_detached(&h->sync, &h->cfg.rules);
		ret = 0;
	} else {
		ns_sync_detached(&h->sync, pinned);
		ret = ns_sync_adopt(&h->sync, &h->cfg.rules);
	}
	free(pinned);
	return ret;
}

static void hostd_reload(struct hostd *h)
{
	struct ns_config *cfg;
	char err[512];
	int ret, lock;

	if (!h->config_path) {
		ns_log(LOG_NOTICE, "SIGHUP: no config file to reload");
		return;
	}
	cfg = malloc(sizeof(*cfg));
	if (!cfg)
		return;
	ret = ns_config_load_all(h->config_path, cfg, err, sizeof(err));
	if (ret) {
		ns_log(LOG_ERR, "SIGHUP: %s; keeping the table in use", err);
		free(cfg);
		return;
	}
	lock = ns_lock_root(h->cfg.host.pin_root);
	ret = ns_maps_install_rules(&h->dp.maps, &cfg->rules);
	if (lock >= 0)
		close(lock);
	if (ret)
		ns_log(LOG_ERR, "SIGHUP: cannot write the rule table: %s",
		       strerror(-ret));
	else
		ns_log(LOG_NOTICE, "SIGHUP: reloaded %s", h->config_path);
	free(cfg);
	/* The next rules tick sees the new version and pushes it. */
	h->next_rules = 0;
}

static void hostd_signal(struct hostd *h)
{
	struct signalfd_siginfo si;

	while (read(h->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP)
			hostd_reload(h);
		else if (si.ssi_signo != SIGCHLD)
			h->stopping = true;
	}
}

static void hostd_tick(struct hostd *h, __u64 now)
{
	int ret;

	hostd_peer_tick(h, now);
	if (!h->dp.skel && !h->loader.running &&
	    (h->restored || now - h->started > HOSTD_READY_WAIT_MS)) {
		h->error = hostd_guard_start(h);
		h->stopping = h->error != 0;
	}
	if (now >= h->next_rules) {
		h->next_rules = now + HOSTD_RULES_EVERY_MS;
		ret = ns_sync_poll(&h->sync);
		if (ret < 0)
			ns_log(LOG_ERR, "the rule table in %s was edited into one that breaks a rule (%s); not pushed",
			       h->cfg.host.pin_root, strerror(-ret));
		if (ret > 0) {
			ns_log(LOG_NOTICE, "rule table changed here: now version %u",
			       h->sync.rules.table.version);
			hostd_push_rules(h);
			hostd_rules_changed(h);
		}
	}
	if (now >= h->next_check) {
		h->next_check = now + HOSTD_CHECK_EVERY_MS;
		hostd_apply(h);
	}
}

/*
 * netsplitd may start before the interface exists: the ethsta driver makes
 * it when the co-processor's first init event arrives. It waits for it
 * over rtnetlink (told to systemd as ready, with a status, so that a boot
 * does not time out), and stops at SIGTERM. 0, 1 when stopped while
 * waiting, or -errno.
 */
static int hostd_wait_interface(struct hostd *h)
{
	const char *name = h->cfg.host.interface;
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	struct ns_rtnl watch;
	char status[96];
	int ret;

	h->ifindex = if_nametoindex(name);
	if (h->ifindex)
		return 0;
	ret = ns_rtnl_open(&watch, RTMGRP_LINK);
	if (ret)
		return ret;
	pfd[0] = (struct pollfd){ .fd = ns_rtnl_fd(&watch), .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = ns_signalfd(), .events = POLLIN };
	ns_log(LOG_NOTICE,
	       "waiting for %s: the ethsta driver makes it when the co-processor's first init event arrives (or give --interface)",
	       name);
	snprintf(status, sizeof(status), "READY=1\nSTATUS=waiting for %s",
		 name);
	ns_sd_notify(status);
	/* Looked for again after each event: it may come before the socket. */
	while (!(h->ifindex = if_nametoindex(name))) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		if ((pfd[1].revents & POLLIN) &&
		    read(pfd[1].fd, &si, sizeof(si)) == sizeof(si) &&
		    si.ssi_signo != SIGHUP && si.ssi_signo != SIGCHLD) {
			ret = 1;
			break;
		}
		ns_rtnl_drain(&watch);
	}
	close(pfd[1].fd);
	ns_rtnl_close(&watch);
	if (h->ifindex)
		ns_log(LOG_NOTICE, "%s is there (index %u)", name, h->ifindex);
	return ret;
}

/*
 * A guard attached by iproute2 (ip link set dev ethsta0 xdp obj
 * netsplit.bpf.o) has its maps where iproute2 pins them. With none pinned
 * at its own pin root, netsplitd takes those, so that the table it keeps
 * is the one that guard reads.
 */
static void hostd_adopt_pins(struct hostd *h)
{
	char *root = h->cfg.host.pin_root, found[PATH_MAX];
	struct ns_maps maps;

	if (ns_maps_open_pinned(&maps, root, found, sizeof(found)))
		return;
	ns_maps_close(&maps);
	if (!strcmp(found, root))
		return;
	ns_log(LOG_NOTICE, "adopting the maps iproute2 pinned in %s (none in %s)",
	       found, root);
	snprintf(root, sizeof(h->cfg.host.pin_root), "%s", found);
}

static int hostd_start(struct hostd *h)
{
	int ret;

	ret = hostd_wifi_check(h);
	if (!ret)
		ret = hostd_wait_interface(h);
	if (ret)
		return ret;
	hostd_adopt_pins(h);
	ret = hostd_table_start(h);
	if (ret)
		return ret;
	ret = ns_rtnl_open(&h->rtnl, 0);
	if (!ret)
		ret = ns_rtnl_open(&h->monitor, NS_RTNL_GROUPS);
	if (ret) {
		ns_log(LOG_ERR, "cannot open rtnetlink: %s", strerror(-ret));
		return ret;
	}
	ret = hostd_rules_changed(h);
	if (ret)
		return ret;
	h->local_fd = ns_endpoint_listen(h->cfg.host.socket,
					  h->cfg.host.socket_group);
	if (h->local_fd < 0) {
		ns_log(LOG_ERR, "cannot listen on %s: %s%s", h->cfg.host.socket,
		       strerror(-h->local_fd),
		       h->local_fd == -EADDRINUSE ?
			       " (another netsplitd answers there)" :
			       "");
		return h->local_fd;
	}
	h->signal_fd = ns_signalfd();
	h->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (h->signal_fd < 0 || h->epfd < 0)
		return -EMFILE;
	ret = ns_epoll_add(h->epfd, h->signal_fd, HOSTD_TAG_SIGNAL);
	ret = ret ?: ns_epoll_add(h->epfd, ns_rtnl_fd(&h->monitor),
				  HOSTD_TAG_RTNL);
	ret = ret ?: ns_epoll_add(h->epfd, h->local_fd, HOSTD_TAG_LOCAL);
	if (ret)
		return ret;
	h->started = ns_now_ms();
	h->backoff_ms = HOSTD_BACKOFF_MIN_MS;
	return 0;
}

/*
 * As in netsplit-cpd: after every wakeup, time-based work first, then the
 * descriptors that are ready.
 */
static int hostd_loop(struct hostd *h)
{
	struct epoll_event events[16];
	__u64 tag, now = ns_now_ms(), next_tick = 0;
	int n, i;

	while (!h->stopping) {
		n = epoll_wait(h->epfd, events, 16,
			       next_tick > now ? (int)(next_tick - now) : 0);
		if (n < 0 && errno != EINTR)
			return -errno;
		now = ns_now_ms();
		if (now >= next_tick) {
			next_tick = now + HOSTD_TICK_MS;
			hostd_tick(h, now);
			if (h->stopping)
				break;
		}
		for (i = 0; i < n; i++) {
			tag = events[i].data.u64;
			if (tag == HOSTD_TAG_SIGNAL)
				hostd_signal(h);
			else if (tag == HOSTD_TAG_PEER)
				hostd_peer_receive(h);
			else if (tag == HOSTD_TAG_RTNL && ns_rtnl_drain(&h->monitor))
				hostd_apply(h);
			else if (tag == HOSTD_TAG_LOCAL)
				hostd_local_accept(h);
			else if (tag == HOSTD_TAG_LOADED) {
				h->error = hostd_guard_loaded(h);
				h->stopping = h->error != 0;
			}
			else if (tag >= HOSTD_TAG_CLIENT)
				hostd_local_receive(h, (unsigned int)(tag - HOSTD_TAG_CLIENT));
		}
		/* Free slots at once: netsplitctl calls come in bursts. */
		hostd_local_reap(h);
	}
	return h->error;
}

/*
 * Our socket goes first: from here on netsplitctl is told at once that
 * netsplitd is not running, not kept waiting while we clean up.
 */
static void hostd_stop(struct hostd *h)
{
	unsigned int i;

	ns_endpoint_close(h->local_fd, h->cfg.host.socket);
	for (i = 0; i < HOSTD_CLIENTS_MAX; i++) {
		if (!h->clients[i])
			continue;
		ns_conn_close(h->clients[i]);
		free(h->clients[i]);
	}
	hostd_guard_stop(h);
	if (h->peer && !h->peer->closed)
		hostd_report_state(h, NS_HOST_DOWN);
	if (!h->cfg.host.keep_on_exit) {
		if (h->rtnl.nl)
			hostd_unapply(h);
		ns_port_sysctl_restore(&h->ports);
		/*
		 * Stopped before its own guard loaded, the guard an earlier
		 * netsplitd kept is still there, reading maps no one updates.
		 */
		if (h->cfg.host.guard && h->ifindex)
			ns_detach_guard(h->ifindex);
	}
	if (h->peer) {
		ns_conn_close(h->peer);
		free(h->peer);
	}
	ns_rtnl_close(&h->rtnl);
	ns_rtnl_close(&h->monitor);
	if (h->epfd >= 0)
		close(h->epfd);
	if (h->signal_fd >= 0)
		close(h->signal_fd);
	ns_datapath_close(&h->dp);
}

int main(int argc, char **argv)
{
	static struct hostd h = { .epfd = -1, .signal_fd = -1, .local_fd = -1,
				  .ports.whose = "host" };
	int ret;

	ret = ns_daemon_start(&hostd_daemon, NULL, argc, argv, &h.config_path,
			      &h.cfg);
	if (ret != NS_DAEMON_RUN)
		return ret;
	ret = hostd_start(&h);
	if (!ret)
		ret = hostd_loop(&h);
	/* Stopped while it waited for the interface: nothing went wrong. */
	if (ret == 1)
		ret = 0;
	ns_sd_notify("STOPPING=1");
	hostd_stop(&h);
	if (ret)
		ns_log(LOG_ERR, "stopped: %s", strerror(-ret));
	else
		ns_log(LOG_NOTICE, "stopped%s", h.cfg.host.keep_on_exit ?
							", network left in place" :
							", what it added removed");
	return ret ? 1 : 0;
}
