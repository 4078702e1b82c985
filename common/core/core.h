/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The co-processor's behaviour (SPEC 10), one implementation: the firmware
 * runs it, and so does netsplit-cpd on Linux. Freestanding C: no libc
 * beyond the compiler's own headers, no malloc, no OS calls, no clock of its
 * own. The caller gives the memory (struct ns_core, and the storage of the
 * wake queue and the fragment table), the time (every entry point takes
 * now, in ms of a monotonic clock) and the platform's effects, through one
 * table of operations (struct ns_core_ops).
 *
 * What it keeps:
 *   - the rule table, its version and digest (versions only move forward;
 *     two sides agree when their contents agree), and what to keep across
 *     a restart (the table, the last good network);
 *   - the host state: awake and sleeping as the host says; down at once
 *     when the host's control stream closes without a goodbye, down after
 *     heartbeat_misses heartbeats missed while awake, awake on the next;
 *   - waking the host, once until it is awake, and the bounded queue of the
 *     frames that woke it, delivered in order once it is; wakes limited by
 *     a token bucket per pattern, a limited one deferred, never dropped;
 *   - the control protocol (proto.h) with up to NS_CORE_PEERS peers: the
 *     host, and clients such as netsplitctl;
 *   - the bus (bus.h): the host's end of an ESP-Hosted-style link carries
 *     network frames, the control stream and events;
 *   - the classifier of include/netsplit/ on frames from the uplink
 *     (classifier.h), with its own fragment table, asking the platform at
 *     classification time whether its own stack has a socket for a shared
 *     port;
 *   - the wake subscription: when to connect and connect again, and its
 *     messages (the platform holds the connection);
 *   - the Wi-Fi station's credentials as the host last sent them, kept
 *     for the platform's station (which connects), and the station's state
 *     as the platform reports it.
 */
#ifndef NETSPLIT_CORE_H
#define NETSPLIT_CORE_H

#include <netsplit/bus.h>
#include <netsplit/proto.h>
#include <netsplit/result.h>

#include "classifier.h"
#include "stream.h"

/*
 * Peers of the control protocol at once: the host, and clients. On an MCU
 * the one stream is the host's, on the bus.
 */
#ifndef NS_CORE_PEERS
#ifdef NS_MCU
#define NS_CORE_PEERS 1
#else
#define NS_CORE_PEERS 16
#endif
#endif

/*
 * The storage an MCU gives the core by default (firmware/board/mcu.h): the
 * frames kept while the host wakes (1,538 bytes each), and the fragment
 * table's slots (a multiple of NS_FRAG_WAYS).
 */
#define NS_MCU_WAKE_QUEUE 2
#define NS_MCU_FRAG_SLOTS 16

/* Levels of the log lines, as syslog's. */
enum ns_core_log {
	NS_CORE_ERR = 3,
	NS_CORE_WARNING = 4,
	NS_CORE_NOTICE = 5,
	NS_CORE_INFO = 6,
	NS_CORE_DEBUG = 7, /* the platform shows these when asked (-v) */
};

/* ops->table: what changed in the table. */
#define NS_CORE_POLICY 0x1  /* the policy (and its version) */
#define NS_CORE_LEARNED 0x2 /* the learned fields: addresses, MAC, state */

/* The station's credentials (psk "": an open network). */
struct ns_wifi_creds {
	char ssid[NS_WIFI_SSID_MAX + 1];
	char psk[NS_WIFI_PSK_MAX + 1];
};

/*
 * What the core keeps across a restart; the platform stores it, where
 * only it can read (the passphrase is in it).
 */
struct ns_core_saved {
	struct ns_net_status network; /* the last good one: link up, IPv4 */
	bool network_known;
	struct ns_rules rules; /* the last table in force */
	bool rules_known;
	struct ns_wifi_creds wifi; /* as the host last sent them */
	bool wifi_known;
};

/* A frame held for the host until it is awake. */
struct ns_core_frame {
	__u16 len;
	__u8 data[NS_WAKE_FRAME_MAX];
};

struct ns_core;

/*
 * The platform. ctx is given back to each operation. An operation a
 * platform has no use for may be NULL where this says so.
 */
struct ns_core_ops {
	void *ctx;
	/*
	 * Control messages to a peer (a socket, or nothing: a peer on the bus
	 * goes through bus_write). 0, or -1: the peer is gone.
	 */
	int (*send)(void *ctx, int peer, const __u8 *buf, __u32 len);
	/* The core finished a peer's stream: close the platform's end. */
	void (*close)(void *ctx, int peer);
	/* A frame for the host link. */
	int (*to_host)(void *ctx, const __u8 *frame, __u32 len);
	/*
	 * A frame for the co-processor's own stack (NULL: not classifying):
	 * its last use, so the stack may take it over and change it.
	 */
	void (*to_stack)(void *ctx, const __u8 *frame, __u32 len);
	/* A frame from the host, for the uplink. */
	int (*to_uplink)(void *ctx, const __u8 *frame, __u32 len);
	/* A bus frame for the host (NULL: no bus). */
	int (*bus_write)(void *ctx, const __u8 *frame, __u32 len);
	/*
	 * Whether the own stack has a socket for flow, which frame carries: a
	 * listener on its port, or its connection. Asked as the frame is
	 * classified, never remembered.
	 */
	bool (*slave_listens)(void *ctx, const __u8 *frame,
			      const struct ns_flow *flow);
	/*
	 * The table changed (NS_CORE_POLICY, NS_CORE_LEARNED): into the
	 * platform's datapath, and its own ports (the slave range). 0 or -1.
	 */
	int (*table)(void *ctx, const struct ns_rules *rules, unsigned int what);
	/* What to keep across a restart changed: store it. */
	void (*save)(void *ctx, const struct ns_core_saved *saved);
	/* Wake the host (a GPIO, a command), with why. */
	void (*wake)(void *ctx, __u8 reason, __u8 rule);
	/*
	 * Connect the wake subscription and subscribe: an attempt, whose end
	 * the platform reports with ns_core_sub_connected() or
	 * ns_core_sub_failed(), as it does a connection lost later. NULL: the
	 * platform holds none.
	 */
	void (*sub_connect)(void *ctx, const struct ns_wake_sub *sub);
	/* Drop the subscription's connection, if there is one; no report. */
	void (*sub_disconnect)(void *ctx);
	/*
	 * Credentials for the platform's Wi-Fi station, usable ones
	 * (ns_wifi_usable()): it connects with them, and reports its state
	 * with ns_core_set_wifi(). 0, or -1 when it cannot. NULL: the uplink
	 * is no station of the platform's (a wire, or Linux's own Wi-Fi).
	 */
	int (*wifi_set)(void *ctx, const char *ssid, const char *psk);
	/* Per-reason counters where the platform counts (NULL: the core's). */
	int (*stats)(void *ctx, struct ns_counter stats[NS_REASON_COUNT]);
	/* A line for the log. */
	void (*log)(void *ctx, int level, const char *line);
};

/* Wakes per pattern: a burst, then one a period (0 in the settings). */
#define NS_CORE_WAKE_BURST	 5
#define NS_CORE_WAKE_INTERVAL_MS 10000

/* Settings, from the platform's config. */
struct ns_core_settings {
	__u32 heartbeat_ms;	/* when the host does not say */
	__u32 heartbeat_misses; /* down after this many */
	/* A wake storm must not keep the host awake on battery. */
	__u32 wake_burst;	/* 0: NS_CORE_WAKE_BURST */
	__u32 wake_interval_ms; /* a token back; 0: NS_CORE_WAKE_INTERVAL_MS */
};

/* A pattern's wakes: tokens left, and when the last came back. */
struct ns_core_wake_bucket {
	__u32 tokens;
	__u64 refilled;
	bool started;
};
/* The patterns, then syn_ports', then the subscription's. */
#define NS_CORE_WAKE_BUCKETS (NS_WAKE_MAX + 2)

struct ns_core_peer {
	bool open;
	__u8 role;	 /* from its hello; 0 before */
	bool may_change; /* ns_msg_changes_state() messages */
	struct ns_stream stream;
};

struct ns_core {
	struct ns_core_ops ops;
	struct ns_core_settings set;

	/* The table, with its digest. */
	struct ns_rules rules;
	__u32 digest;
	struct ns_core_saved saved;

	/* The shared network, as the platform last reported it. */
	struct ns_net_status status;
	bool status_known;

	/* The Wi-Fi station, as the platform last reported it. */
	struct ns_wifi_status wifi;
	bool wifi_known;

	/* The host. */
	__u8 host_state;
	int host; /* its peer, or -1 */
	__u32 next_id;
	__u64 last_heartbeat;
	__u32 heartbeat_ms;
	bool waking; /* told to wake; not awake yet */
	__u32 wakes_while_waking;
	__u32 wake_count;
	struct ns_core_wake_bucket wake_buckets[NS_CORE_WAKE_BUCKETS];
	__u64 last_tick; /* ns_core_tick()'s last now */
	/* A wake its bucket held back, until a token is back. */
	bool wake_deferred;
	__u8 deferred_reason, deferred_rule;
	__u32 wake_limited;

	/* Frames that woke the host, oldest first (the caller's storage). */
	struct ns_core_frame *queue;
	__u32 queue_slots, queue_head, queue_count, queue_dropped;
	/* The platform's count of frames its receive ring had no room for. */
	__u32 ring_full;

	/* Classifying frames from the uplink. */
	struct ns_frag_table frags;
	struct ns_env env;
	struct ns_counter stats[NS_REASON_COUNT];

	/* The wake subscription (subscription.c). */
	bool subscribed; /* set from a table (none counts) */
	__u8 sub_state;	 /* enum ns_sub_state */
	char sub_error[NS_TEXT_MAX + 1];
	__u32 sub_backoff_ms;
	__u64 sub_retry_at, sub_since;

	/* The bus, when there is one. */
	bool announced; /* the init event went out, with mac */
	__u8 announced_mac[6];
	__u8 link;	/* as last reported; NS_CORE_LINK_UNKNOWN */
	__u16 bus_seq;
	int bus_peer; /* the host's control stream on the bus, or -1 */
	__u64 bus_refused[NS_BUS_ERRORS];

	struct ns_core_peer peers[NS_CORE_PEERS];
	/* Scratch for the streams: one message at a time. */
	struct ns_msg msg, reply, event;
	__u8 out[NS_STREAM_MAX];
	__u8 bus_out[NS_BUS_FRAME_MAX];
};

/*
 * Starts the core with the platform's operations, settings, and storage
 * for queue_slots woken frames and frag_slots fragments (a multiple of
 * NS_FRAG_WAYS), then what was saved (NULL: nothing) and the table to use
 * when nothing was (the platform's config). The table goes out through
 * ops->table, and the subscription through ops->subscribe.
 */
void ns_core_init(struct ns_core *core, const struct ns_core_ops *ops,
		  const struct ns_core_settings *set,
		  struct ns_core_frame *queue, __u32 queue_slots,
		  struct ns_frag_slot *frags, __u32 frag_slots);
void ns_core_start(struct ns_core *core, const struct ns_core_saved *saved,
		   const struct ns_rules *config, __u64 now);

/* Time-based work (heartbeats, stalled streams); call every 100 ms or so. */
void ns_core_tick(struct ns_core *core, __u64 now);

/* --- the control protocol --- */

/*
 * A new peer stream: its number, or -1 when all are taken. A peer that may
 * not change state is answered permission-denied for what would
 * (ns_msg_changes_state()); the bus's host always may.
 */
int ns_core_peer_open(struct ns_core *core, bool may_change);
/*
 * Bytes from a peer; eof when it closed. A closing host that did not say
 * it goes down is down.
 */
void ns_core_peer_input(struct ns_core *core, int peer, const __u8 *data,
			__u32 len, bool eof, __u64 now);

/* --- the platform's news --- */

/* The shared network as the platform sees it now; true when it changed. */
bool ns_core_set_network(struct ns_core *core,
			 const struct ns_net_status *status, __u64 now);
/*
 * The platform's Wi-Fi station as it is now: to the host when it changed.
 */
void ns_core_set_wifi(struct ns_core *core, const struct ns_wifi_status *wifi);
/* The station's credentials as the host last sent them, or NULL. */
const struct ns_wifi_creds *ns_core_saved_wifi(const struct ns_core *core);
/* The last good network (for restoring it without DHCP), or NULL. */
const struct ns_net_status *ns_core_saved_network(const struct ns_core *core);
/*
 * The table was edited on the platform's side (bpftool on the maps): it
 * gets the next version, unless it has a higher one, and goes to the host.
 */
void ns_core_table_edited(struct ns_core *core, const struct ns_rules *rules);
/* Sets the host state (why: for the log); 0, or -1 when it cannot be. */
int ns_core_set_host_state(struct ns_core *core, __u8 state, const char *why,
			   __u64 now);
/* The wake subscription is subscribed. */
void ns_core_sub_connected(struct ns_core *core);
/* An attempt failed, or the connection was lost, with why: again later. */
void ns_core_sub_failed(struct ns_core *core, const char *why, __u64 now);
/* A message of the wake subscription: wakes the host if it matches. */
void ns_core_sub_message(struct ns_core *core, const char *topic,
			 const void *payload, __u32 len, bool retained);

/* --- frames --- */

/* A frame from the uplink: classified, then where the verdict says. */
void ns_core_uplink_frame(struct ns_core *core, const __u8 *frame, __u32 len,
			  __u64 now);
/* The verdict alone (the fragment table remembers first fragments). */
void ns_core_classify(struct ns_core *core, const __u8 *frame, __u32 len,
		      struct ns_result *res);
/*
 * The platform's receive ring (netsplit-cpd's wake ring, netsplit-fw's
 * uplink socket) had no room for total frames so far: reported in status.
 */
void ns_core_set_ring_full(struct ns_core *core, __u32 total);
/* A frame that wakes the host (from the platform's datapath, or ours). */
void ns_core_wake_frame(struct ns_core *core, const __u8 *frame, __u32 len,
			__u8 reason, __u8 rule, __u64 now);

/* --- the bus --- */

/* A bus frame from the host. */
void ns_core_bus_input(struct ns_core *core, const __u8 *frame, __u32 len,
		       __u64 now);
/* A frame for the host over the bus (what ops->to_host does on a bus). */
int ns_core_bus_network(struct ns_core *core, const __u8 *frame, __u32 len);
/*
 * A host's driver bound to the bus anew (USB's reset request) and knows
 * nothing of us: its old control stream is over, and the init event and
 * the link go again as soon as the network is known.
 */
void ns_core_bus_attach(struct ns_core *core, __u64 now);

#endif /* NETSPLIT_CORE_H */
