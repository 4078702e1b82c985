/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netsplit-cpd: the co-processor's side on Linux. Its behaviour (host state,
 * heartbeats, waking, the queue, the control protocol, the bus, the table's
 * versions) is the firmware's core (common/core/); these files are the
 * Linux glue around it: BPF maps and ring buffer, rtnetlink, sockets, TAP,
 * the state file, libmosquitto. main.c wires the core's operations (ops.c)
 * and runs the poll loop; no glue file calls main.c or ops.c.
 */
#ifndef NETSPLIT_CPD_H
#define NETSPLIT_CPD_H

#include <poll.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "busdev.h"
#include "config.h"
#include "core.h"
#include "datapath.h"
#include "peers.h"
#include "port_range.h"
#include "rtnl.h"
#include "wakecmd.h"

#define CPD_TICK_MS 100
#define CPD_RULES_EVERY_MS 250

struct mosquitto;
struct ring_buffer;

/* The wake subscription's client, made with libmosquitto (subscribe.c). */
struct cpd_sub {
	struct mosquitto *mosq; /* NULL: none */
	struct ns_wake_sub cfg; /* what it was made from */
};

struct cpd {
	struct ns_config cfg;
	const char *config_path;
	struct ns_core core;
	struct ns_core_frame *queue; /* the core's wake queue, wake_queue */

	struct ns_datapath dp;
	unsigned int uplink, host_link;
	struct ring_buffer *ring;
	int packet_fd; /* frames to the host link */
	struct ns_port_sysctl ports; /* the slave's own ephemeral ports */
	__u32 refused_digest;	     /* an edit of the maps, said once */

	struct ns_rtnl rtnl, monitor;
	struct stat dns_file; /* the DNS file as last read */

	struct ns_peers peers; /* the core's peers on the listening socket */
	int signal_fd;

	/* The host's bus, with --bus (bus_tap.c); bus.fd -1 without. */
	struct ns_busdev bus;
	int tap_fd;
	__u64 bus_tap_dropped;

	struct cpd_sub sub;
	struct ns_wake_cmd wake;
	__u64 next_rules;
	bool stopping;
};

/* splitter.c */
/* Loads the splitter and the table to start from (saved, else config). */
int cpd_datapath_load(struct cpd *cpd, struct ns_rules *first);
int cpd_datapath_attach(struct cpd *cpd);
int cpd_table_write(struct cpd *cpd, const struct ns_rules *rules,
		    unsigned int what);
/* An edit of the maps (bpftool, `netsplitctl rules load`) goes to the core. */
void cpd_table_poll(struct cpd *cpd);
int cpd_ring_open(struct cpd *cpd);
void cpd_ring_read(struct cpd *cpd);
/* The splitter's count of waking frames the ring had no room for. */
void cpd_ring_full_update(struct cpd *cpd);
void cpd_datapath_close(struct cpd *cpd);

/* network.c */
int cpd_network_start(struct cpd *cpd);
void cpd_network_update(struct cpd *cpd);
void cpd_dns_check(struct cpd *cpd);

/* hostlink.c */
int cpd_host_link_send(struct cpd *cpd, const __u8 *frame, __u32 len);
int cpd_host_link_open(struct cpd *cpd);

/* bus_tap.c */
int cpd_bus_open(struct cpd *cpd);
void cpd_bus_close(struct cpd *cpd);
int cpd_tap_write(struct cpd *cpd, const __u8 *frame, __u32 len);
void cpd_bus_from_tap(struct cpd *cpd);

/* subscribe.c: the core's sub_connect and sub_disconnect. */
void cpd_sub_connect(struct cpd *cpd, const struct ns_wake_sub *sub);
void cpd_sub_disconnect(struct cpd *cpd);
/* The descriptor to poll and its events; -1 when none. */
int cpd_sub_poll(const struct cpd *cpd, short *events);
void cpd_sub_io(struct cpd *cpd, short revents);
void cpd_sub_tick(struct cpd *cpd);

/* ops.c: the core's operations on Linux. */
void cpd_ops(struct cpd *cpd, struct ns_core_ops *ops);

#endif /* NETSPLIT_CPD_H */
