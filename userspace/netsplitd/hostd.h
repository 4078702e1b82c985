/* SPDX-License-Identifier: GPL-2.0-only */
/* netsplitd: the host's side. */
#ifndef NETSPLIT_HOSTD_H
#define NETSPLIT_HOSTD_H

#include <pthread.h>
#include <stdbool.h>

#include <netsplit/proto.h>

#include "config.h"
#include "conn.h"
#include "datapath.h"
#include "port_range.h"
#include "rtnl.h"
#include "sync.h"

#define HOSTD_CLIENTS_MAX 16
#define HOSTD_TICK_MS 100
#define HOSTD_RULES_EVERY_MS 250
#define HOSTD_CHECK_EVERY_MS 1000
#define HOSTD_BACKOFF_MIN_MS 100
#define HOSTD_BACKOFF_MAX_MS 5000
#define HOSTD_READY_WAIT_MS 10000

/* epoll tags */
enum hostd_tag {
	HOSTD_TAG_SIGNAL = 1,
	HOSTD_TAG_PEER,
	HOSTD_TAG_RTNL,
	HOSTD_TAG_LOCAL,
	HOSTD_TAG_LOADED,
	HOSTD_TAG_CLIENT, /* + index */
};

/* A default route netsplitd put on the interface. */
struct hostd_route {
	bool on;
	struct ns_addr gateway;
};

/* What netsplitd put on the interface, so it can take exactly that away. */
struct hostd_applied {
	bool mac;
	__u8 mac_before[6];
	bool addr;
	struct ns_addr addr4;
	unsigned int n6;
	struct ns_addr addr6[NS_IPV6_MAX];
	struct hostd_route route4, route6;
};

struct hostd_dns {
	char place[PATH_MAX];  /* resolv_conf with "auto" decided */
	char written[512];     /* what we last wrote */
	bool saved;	       /* the file as it was before us */
	bool existed;
	char *before;
	size_t before_len;
};

/* The guard being loaded in a thread of its own (guard.c). */
struct hostd_loader {
	bool running;
	pthread_t thread;
	int done_fd; /* an eventfd: the thread is done */
	const char *pin_root;
	struct ns_datapath dp;
	int lock;
	int ret;
	char err[512];
};

struct hostd {
	struct ns_config cfg;
	const char *config_path;
	unsigned int ifindex;
	struct ns_rtnl rtnl, monitor;
	struct ns_datapath dp;
	struct hostd_loader loader;
	struct ns_rules_sync sync;
	int epfd, signal_fd, local_fd;

	/* The co-processor. */
	struct ns_conn *peer;
	__u64 next_connect;
	__u32 backoff_ms;
	__u64 next_heartbeat;
	__u64 last_heard;   /* its last message, or when we connected */
	__u64 last_greeted; /* our last hello */
	__u64 last_tick;    /* ours: a longer gap is time we were stopped */
	__u8 peer_state;  /* enum ns_peer_state */
	struct ns_net_status status;
	bool have_status;
	__u32 peer_version, peer_digest;
	bool peer_known; /* the two above came from this connection */
	__u8 sub_state;		/* of the co-processor's wake subscription */
	char sub_error[NS_TEXT_MAX + 1];
	struct ns_counter peer_stats[NS_REASON_COUNT];
	bool have_peer_stats;
	struct ns_wifi_status wifi; /* its station, when it has one */
	bool have_wifi;
	__u32 wifi_request; /* our last set-wifi */

	struct ns_conn *clients[HOSTD_CLIENTS_MAX];

	struct hostd_applied applied;
	struct hostd_dns dns;
	struct ns_port_sysctl ports;
	__u8 host_state; /* what we told the co-processor */
	__u32 wake_count;
	__u8 last_wake_reason, last_wake_rule;
	bool restored, ready;
	__u64 started, next_rules, next_check;
	bool stopping;
	int error; /* why it stopped, when not asked to */
};

/* peer.c */
void hostd_peer_tick(struct hostd *h, __u64 now);
void hostd_peer_receive(struct hostd *h);
void hostd_push_rules(struct hostd *h);
int hostd_report_state(struct hostd *h, __u8 state);
int hostd_rules_changed(struct hostd *h);

/* apply.c */
void hostd_apply(struct hostd *h);
void hostd_unapply(struct hostd *h);

/* dns.c */
int hostd_dns_apply(struct hostd *h);
void hostd_dns_remove(struct hostd *h);

/* guard.c */
int hostd_guard_start(struct hostd *h);
int hostd_guard_loaded(struct hostd *h);
void hostd_guard_stop(struct hostd *h);

/* wifi.c */
/* [wifi] as a start checks it: 0, or -errno said. */
int hostd_wifi_check(struct hostd *h);
/* [wifi]'s credentials to a co-processor that just connected. */
void hostd_wifi_greet(struct hostd *h);
/* The co-processor's answer to our set-wifi: its state, or an error. */
void hostd_wifi_answered(struct hostd *h, const struct ns_msg *msg);
/* netsplitctl's set-wifi: sent on; the reply is the state now. */
int hostd_wifi_local(struct hostd *h, const struct ns_msg *msg,
		     struct ns_msg *reply);

/* local.c */
void hostd_local_accept(struct hostd *h);
void hostd_local_receive(struct hostd *h, unsigned int i);
void hostd_local_reap(struct hostd *h);

#endif /* NETSPLIT_HOSTD_H */
