/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef NETSPLITCTL_METRICS_H
#define NETSPLITCTL_METRICS_H

#include <stdbool.h>

#include <netsplit/engine.h>
#include <netsplit/proto.h>
#include <netsplit/reasons.h>
#include <netsplit/rules.h>

/* What stats --prometheus prints; from the maps, or a daemon's status. */
struct ns_metrics {
	struct ns_counter stats[NS_REASON_COUNT];
	__u8 host_state;
	__u32 rules_version;
	bool have_peer; /* a daemon's: the other side's table */
	__u32 peer_version;
	bool agree;
	bool have_wakes; /* a daemon's count of wakes */
	__u32 wakes;
	bool have_wake_limited; /* a co-processor's wakes held back */
	__u32 wake_limited;
	bool have_overflow; /* a co-processor's frames it had no room for */
	__u32 wake_dropped;
	__u32 ring_full;
	bool have_coprocessor; /* netsplitd's: whether it answers */
	bool coprocessor_up;
	bool have_wifi; /* the co-processor's station, when it has one */
	struct ns_wifi_status wifi;
};

void ns_metrics_print(const struct ns_metrics *m);

#endif /* NETSPLITCTL_METRICS_H */
