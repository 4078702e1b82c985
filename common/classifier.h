/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The classifier of include/netsplit/classify.h, as the firmware runs it
 * (and the native engine of the Linux programs): the table in memory, a
 * fragment table of the caller's size (NS_FRAG_WAYS-way set associative,
 * least recently used out), and a question to the platform, at
 * classification time, whether its own stack has a socket for a flow.
 */
#ifndef NETSPLIT_CLASSIFIER_H
#define NETSPLIT_CLASSIFIER_H

#include <netsplit/engine.h>
#include <netsplit/flow.h>
#include <netsplit/result.h>
#include <netsplit/rules.h>

#define NS_FRAG_WAYS 4

struct ns_frag_slot {
	struct ns_frag_key key;
	__u32 used; /* 0 = empty; else when last used */
	__u8 dest;
};

struct ns_frag_table {
	struct ns_frag_slot *slots; /* sets * NS_FRAG_WAYS, the caller's */
	__u32 sets;
	__u32 clock;
};

/* Whether the own stack has a socket for flow, which frame carries. */
typedef bool (*ns_listens_fn)(void *ctx, const __u8 *frame,
			      const struct ns_flow *flow);

/* The MQTT matcher's windows: as in BPF's per-CPU map, a place of its own. */
struct ns_env_windows {
	__u64 w[4][NS_WAKE_STR_MAX / 8 + 1];
};

struct ns_env {
	const struct ns_rules *rules;
	struct ns_frag_table *frags;
	ns_listens_fn listens;
	void *ctx;
	const __u8 *frame; /* the frame being classified */
	__u32 frame_len;
	struct ns_env_windows scratch;
};

/* slot_count: a multiple of NS_FRAG_WAYS. */
void ns_frags_init(struct ns_frag_table *t, struct ns_frag_slot *slots,
		   __u32 slot_count);
/* Forgets every fragment. */
void ns_frags_reset(struct ns_frag_table *t);

/* The verdict on a frame. */
void ns_env_run(struct ns_env *env, const __u8 *frame, __u32 len,
		struct ns_result *res);
/* The same without the classifier's fast path, for the tests to compare. */
void ns_env_run_long(struct ns_env *env, const __u8 *frame, __u32 len,
		     struct ns_result *res);
/* Whether a frame the host sends would draw its replies elsewhere. */
bool ns_env_egress(struct ns_env *env, const __u8 *frame, __u32 len);

#endif /* NETSPLIT_CLASSIFIER_H */
