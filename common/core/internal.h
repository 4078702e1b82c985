/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What the core's files share among themselves (not part of core.h). They
 * are layered, each calling only the ones above it:
 *
 *   fmt, stream, table, env   no state of the core's
 *   out                       log lines, messages, bus frames, status out
 *   sub                       the wake subscription's life
 *   state                     the table, the network
 *   host                      host state, heartbeats, waking, the queue
 *   serve                     peers and the control protocol
 *   bus, frame, core          bus frames in, uplink frames, start, tick
 */
#ifndef NETSPLIT_CORE_INTERNAL_H
#define NETSPLIT_CORE_INTERNAL_H

#include "core.h"

/* struct ns_core.link before the first report. */
#define NS_CORE_LINK_UNKNOWN 2

/* A stream's context: whose it is, and when. */
struct ns_core_call {
	struct ns_core *core;
	int peer;
	__u64 now;
};

/* out.c */
void ns_core_log(struct ns_core *core, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The stream io of a peer; handle may be NULL (sending only). */
void ns_core_io(struct ns_core *core, struct ns_core_call *call,
		ns_stream_handler handle, struct ns_stream_io *io);
/* To the host, if there is one; a failed send finishes its stream. */
void ns_core_to_host_msg(struct ns_core *core, const struct ns_msg *msg);
void ns_core_bus_event(struct ns_core *core, __u8 event);
/* state.c: the init event if not said yet for this MAC, then the link. */
void ns_core_bus_report(struct ns_core *core);

void ns_core_status_fill(const struct ns_core *core, struct ns_msg *msg);
/* The station's fields, when the platform has a station. */
void ns_core_wifi_fill(const struct ns_core *core, struct ns_msg *msg);
void ns_core_status_changed(struct ns_core *core);

/* subscription.c */
/* The table's subscription is new: the old one goes, this one starts. */
void ns_core_sub_set(struct ns_core *core);
void ns_core_sub_tick(struct ns_core *core, __u64 now);

/* state.c */
/* A new table: into the platform (what: NS_CORE_*), saved, subscribed. */
int ns_core_table_set(struct ns_core *core, const struct ns_rules *next,
		      unsigned int what);
void ns_core_push_rules(struct ns_core *core);
/*
 * Credentials from a peer for the platform's station, kept when it takes
 * them: 0, or -NS_PERR_*.
 */
int ns_core_wifi_creds(struct ns_core *core, const char *ssid,
		       const char *psk);

/* host.c */
void ns_core_heartbeat(struct ns_core *core, __u64 now);
void ns_core_host_tick(struct ns_core *core, __u64 now);

/* serve.c */
void ns_core_peers_tick(struct ns_core *core, __u64 now);
/* A peer's stream is gone: the host's going means down. */
void ns_core_peer_gone(struct ns_core *core, int peer, __u64 now);

#endif /* NETSPLIT_CORE_INTERNAL_H */
