/* SPDX-License-Identifier: GPL-2.0-only */
/* netsplit-cpd: the co-processor's side, on Linux. */
#ifndef NETSPLIT_CPD_H
#define NETSPLIT_CPD_H

#include <poll.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <netsplit/bus.h>
#include <netsplit/proto.h>

#include "config.h"
#include "conn.h"
#include "datapath.h"
#include "ports.h"
#include "rtnl.h"
#include "sync.h"

#define CPD_CONNS_MAX 8
#define CPD_TICK_MS 100
#define CPD_RULES_EVERY_MS 250

struct cpd_frame {
	__u16 len;
	__u8 data[NS_WAKE_FRAME_MAX];
};

struct mosquitto;

/* The wake subscription (subscribe.c). */
struct cpd_sub {
	struct mosquitto *mosq; /* NULL: none */
	struct ns_wake_sub cfg; /* what it was made from */
	enum ns_sub_state state;
	char error[NS_TEXT_MAX + 1]; /* the last one */
	__u32 backoff_ms;
	__u64 retry_at, attempt_since;
};

/* What state_file holds (state.c). */
struct cpd_state {
	struct ns_net_status network; /* the last good one */
	bool network_known;
	struct ns_rules rules; /* the last table given */
	bool rules_known;
};

struct cpd {
	struct ns_config cfg;
	const char *config_path;
	struct ns_datapath dp;
	struct ns_rules_sync sync;
	unsigned int uplink, host_link;
	struct ns_rtnl rtnl, monitor;
	int listen_fd, signal_fd, packet_fd;
	struct ring_buffer *ring;
	struct ns_conn *conns[CPD_CONNS_MAX];
	struct ns_conn *host; /* the connection that said hello as host */

	/* The network as last reported. */
	struct ns_net_status status;
	bool status_known;
	struct stat dns_file; /* the DNS file as last read */
	struct ns_net_status saved; /* the last good network (state file) */
	bool saved_known;

	/* Host state machine. */
	__u8 host_state;
	__u64 last_heartbeat;
	__u32 heartbeat_ms;

	/* Woken frames, oldest first, until the host is awake. */
	struct cpd_frame *queue;
	unsigned int queue_head, queue_count, queue_dropped;
	__u32 wake_count;
	bool waking; /* told the host to wake; not awake yet */
	pid_t wake_pid;
	struct cpd_sub sub;

	/* The driver's bus, with --bus (bus.c); all -1 without. */
	int bus_fd, tap_fd, bus_ctrl_fd;
	struct ns_conn *bus_conn; /* the host's control stream on the bus */
	__u8 bus_mac[6];	  /* as announced in the init event */
	bool bus_announced;
	__u8 bus_link;		  /* as last reported; 2 = not yet */
	__u16 bus_seq;
	__u64 bus_refused[NS_BUS_ERRORS];
	__u64 bus_tap_dropped;

	struct ns_port_sysctl ports; /* the slave's own ephemeral ports */
	__u64 next_rules;
	bool stopping;
};

/* main.c: a connection for fd in a free slot (NULL if none); one freed. */
struct ns_conn *cpd_conn_add(struct cpd *cpd, int fd);
void cpd_conn_drop(struct cpd *cpd, struct ns_conn *conn);

/* bus.c */
int cpd_bus_open(struct cpd *cpd);
void cpd_bus_close(struct cpd *cpd);
void cpd_bus_report(struct cpd *cpd);
void cpd_bus_receive(struct cpd *cpd);
void cpd_bus_from_tap(struct cpd *cpd);
void cpd_bus_from_ctrl(struct cpd *cpd);

/* network.c */
int cpd_network_start(struct cpd *cpd);
void cpd_network_update(struct cpd *cpd);
void cpd_dns_check(struct cpd *cpd);
void cpd_status_fill(const struct cpd *cpd, struct ns_msg *msg);

/* state.c: a missing file is no state; a bad one is said and ignored. */
int cpd_state_load(struct cpd *cpd, struct cpd_state *state);
void cpd_state_save(struct cpd *cpd);

/* hostlink.c */
int cpd_host_link_quiet(struct cpd *cpd);

/* host.c */
int cpd_handle(struct ns_conn *conn, const struct ns_msg *msg,
	       struct ns_msg *reply, void *ctx);
void cpd_host_tick(struct cpd *cpd, __u64 now);
void cpd_rules_tick(struct cpd *cpd);
int cpd_rules_changed(struct cpd *cpd);
int cpd_set_host_state(struct cpd *cpd, __u8 state, const char *why);
void cpd_broadcast(struct cpd *cpd, const struct ns_msg *msg);
void cpd_status_changed(struct cpd *cpd);

/* wake.c */
int cpd_wake_start(struct cpd *cpd);
void cpd_wake_stop(struct cpd *cpd);
void cpd_wake_deliver(struct cpd *cpd);
void cpd_wake_reap(struct cpd *cpd);
/* Tells the host to wake, once until it is awake: reason, rule. */
void cpd_wake_host(struct cpd *cpd, __u8 reason, __u8 rule);

/* subscribe.c */
void cpd_sub_update(struct cpd *cpd);
void cpd_sub_stop(struct cpd *cpd);
/* The descriptor to poll and its events; -1 when none. */
int cpd_sub_poll(const struct cpd *cpd, short *events);
void cpd_sub_io(struct cpd *cpd, short revents);
void cpd_sub_tick(struct cpd *cpd, __u64 now);

#endif /* NETSPLIT_CPD_H */
