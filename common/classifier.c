// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The classifier's engine functions (ns_env_*, classify.h) as the firmware
 * and the native build provide them (classifier.h): the table and lists
 * read in memory, the fragment table, the MQTT windows copied out of the
 * frame.
 */
#include <netsplit/classify.h>
#include <netsplit/proto.h>

#include "classifier.h"

NS_STATIC_ASSERT(sizeof(struct ns_env_windows) >= sizeof(struct ns_mqtt_scratch),
		 "room for the MQTT windows");

static NS_TINY const struct ns_table *ns_env_table(struct ns_env *env)
{
	return &env->rules->table;
}

static NS_TINY const struct ns_port_range *
ns_env_range(struct ns_env *env, __u32 id)
{
	return id < NS_RANGE_COUNT ? &env->rules->range[id] : 0;
}

static NS_TINY const struct ns_port_list *
ns_env_lists(struct ns_env *env)
{
	return env->rules->list;
}

static NS_TINY const struct ns_wake_pattern *
ns_env_wake(struct ns_env *env, __u32 index)
{
	return index < NS_WAKE_MAX ? &env->rules->wake[index] : 0;
}

static __always_inline bool ns_env_slave_listens(struct ns_env *env,
						 const struct ns_flow *flow)
{
	return env->listens && env->listens(env->ctx, env->frame, flow);
}

static __u32 ns_frag_set(const struct ns_frag_table *t,
			 const struct ns_frag_key *key)
{
	const __u8 *p = (const __u8 *)key;
	__u32 h = 2166136261u;
	__u32 i;

	for (i = 0; i < sizeof(*key); i++)
		h = (h ^ p[i]) * 16777619u;
	return h % t->sets;
}

static __always_inline bool ns_env_frag_lookup(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 *dest)
{
	struct ns_frag_table *t = env->frags;
	struct ns_frag_slot *set;
	int i;

	if (!t->sets)
		return false;
	set = &t->slots[ns_frag_set(t, key) * NS_FRAG_WAYS];
	for (i = 0; i < NS_FRAG_WAYS; i++) {
		if (set[i].used && ns_same(&set[i].key, key, sizeof(*key))) {
			set[i].used = ++t->clock;
			*dest = set[i].dest;
			return true;
		}
	}
	return false;
}

/* A datagram's slot if it has one, else the least recently used. */
static __always_inline void ns_env_frag_record(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 dest)
{
	struct ns_frag_table *t = env->frags;
	struct ns_frag_slot *set, *victim;
	int i;

	if (!t->sets)
		return;
	set = &t->slots[ns_frag_set(t, key) * NS_FRAG_WAYS];
	victim = &set[0];
	for (i = 0; i < NS_FRAG_WAYS; i++) {
		if (set[i].used && ns_same(&set[i].key, key, sizeof(*key))) {
			victim = &set[i];
			break;
		}
		if (set[i].used < victim->used)
			victim = &set[i];
	}
	victim->key = *key;
	victim->dest = dest;
	victim->used = ++t->clock;
}

static __always_inline bool ns_env_load(struct ns_env *env, __u32 off,
					void *buf, __u32 len, __u32 size)
{
	__u64 word;
	__u32 i;

	if (len < 1 || len > size || off > env->frame_len ||
	    len > env->frame_len - off)
		return false;
	if (size % 8 || env->frame_len - off < size) {
		__builtin_memcpy(buf, env->frame + off, len);
		return true;
	}
	/*
	 * The whole buffer, a word at a time, when the frame has it (the rest
	 * of buf may change): a memcpy of len bytes is a call, and gcc makes a
	 * constant 64-byte one a `rep movs`; both cost more than the parse.
	 */
#pragma GCC unroll 8
	for (i = 0; i < size; i += 8) {
		__builtin_memcpy(&word, env->frame + off + i, 8);
		__builtin_memcpy((__u8 *)buf + i, &word, 8);
	}
	return true;
}

static NS_TINY struct ns_mqtt_scratch *
ns_env_scratch(struct ns_env *env)
{
	return (struct ns_mqtt_scratch *)&env->scratch;
}

static __always_inline bool ns_env_ipv6_walk(struct ns_env *env,
					     struct ns_ipv6_walk *walk)
{
	return ns_ipv6_walk(env, walk);
}

static __always_inline bool ns_env_mqtt_wake(struct ns_env *env,
					     struct ns_wake_query *query)
{
	return ns_mqtt_wake(env, query);
}

static __always_inline int ns_env_mqtt_packet(struct ns_env *env,
					      struct ns_wake_query *query)
{
	return ns_mqtt_packet(env, query);
}

void ns_frags_init(struct ns_frag_table *t, struct ns_frag_slot *slots,
		   __u32 slot_count)
{
	t->slots = slots;
	t->sets = slot_count / NS_FRAG_WAYS;
	ns_frags_reset(t);
}

void ns_frags_reset(struct ns_frag_table *t)
{
	__u32 i;

	/* Every use of a slot moves the clock: at 0, none is in use. */
	if (!t->clock)
		return;
	for (i = 0; i < t->sets * NS_FRAG_WAYS; i++)
		t->slots[i].used = 0;
	t->clock = 0;
}

void ns_env_run(struct ns_env *env, const __u8 *frame, __u32 len,
		struct ns_result *res)
{
	env->frame = frame;
	env->frame_len = len;
	ns_classify_frame(env, frame, frame + len, res, true);
}

void ns_env_run_long(struct ns_env *env, const __u8 *frame, __u32 len,
		     struct ns_result *res)
{
	env->frame = frame;
	env->frame_len = len;
	ns_classify_frame(env, frame, frame + len, res, false);
}

bool ns_env_egress(struct ns_env *env, const __u8 *frame, __u32 len)
{
	env->frame = frame;
	env->frame_len = len;
	return ns_egress_collides(env, frame, frame + len);
}
