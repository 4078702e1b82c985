// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netsplit/classify.h>
#include <netsplit/datapath.h>

#include "native.h"

/* As many fragment entries as the BPF LRU map, 4-way set associative. */
#define NS_FRAG_WAYS 4
#define NS_FRAG_SETS (NS_FRAGS_MAX / NS_FRAG_WAYS)

struct ns_frag_slot {
	struct ns_frag_key key;
	__u64 used; /* 0 = empty */
	__u8 dest;
};

struct ns_env {
	struct ns_rules rules;
	const __u8 *frame;
	size_t frame_len;
	struct ns_slave_port slave[NS_SLAVE_PORTS_MAX];
	__u32 slave_count;
	__u64 clock;
	struct ns_mqtt_scratch scratch;
	struct ns_frag_slot frags[NS_FRAG_SETS][NS_FRAG_WAYS];
};

struct ns_native {
	struct ns_env env;
};

static __always_inline const struct ns_table *ns_env_table(struct ns_env *env)
{
	return &env->rules.table;
}

static __always_inline const struct ns_port_range *
ns_env_range(struct ns_env *env, __u32 id)
{
	return id < NS_RANGE_COUNT ? &env->rules.range[id] : NULL;
}

static __always_inline const struct ns_port_list *
ns_env_lists(struct ns_env *env)
{
	return env->rules.list;
}

static __always_inline const struct ns_wake_pattern *
ns_env_wake(struct ns_env *env, __u32 index)
{
	return index < NS_WAKE_MAX ? &env->rules.wake[index] : NULL;
}

static bool ns_native_listed(const struct ns_env *env, __u8 proto,
			     __u16 port)
{
	__u32 i;

	for (i = 0; i < env->slave_count; i++)
		if (env->slave[i].proto == proto && env->slave[i].port == port)
			return true;
	return false;
}

/* The slave listens on the ports it was given, from any peer. */
static __always_inline bool ns_env_slave_listens(struct ns_env *env,
						 const struct ns_flow *flow)
{
	return ns_native_listed(env, flow->proto, flow->dport);
}

static __u32 ns_frag_set(const struct ns_frag_key *key)
{
	const __u8 *p = (const __u8 *)key;
	__u32 h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof(*key); i++)
		h = (h ^ p[i]) * 16777619u;
	return h % NS_FRAG_SETS;
}

static __always_inline bool ns_env_frag_lookup(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 *dest)
{
	struct ns_frag_slot *set = env->frags[ns_frag_set(key)];
	int i;

	for (i = 0; i < NS_FRAG_WAYS; i++) {
		if (set[i].used && !memcmp(&set[i].key, key, sizeof(*key))) {
			set[i].used = ++env->clock;
			*dest = set[i].dest;
			return true;
		}
	}
	return false;
}

static __always_inline void ns_env_frag_record(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 dest)
{
	struct ns_frag_slot *set = env->frags[ns_frag_set(key)];
	struct ns_frag_slot *victim = &set[0];
	int i;

	for (i = 0; i < NS_FRAG_WAYS; i++) {
		if (set[i].used && !memcmp(&set[i].key, key, sizeof(*key))) {
			victim = &set[i];
			break;
		}
		if (set[i].used < victim->used)
			victim = &set[i];
	}
	victim->key = *key;
	victim->dest = dest;
	victim->used = ++env->clock;
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
		memcpy(buf, env->frame + off, len);
		return true;
	}
	/*
	 * The whole buffer, a word at a time, when the frame has it (the rest
	 * of buf may change): memcpy of len bytes is a call, and gcc makes a
	 * constant 64-byte one a `rep movs`; both cost more than the parse.
	 */
#pragma GCC unroll 8
	for (i = 0; i < size; i += 8) {
		memcpy(&word, env->frame + off + i, 8);
		memcpy((__u8 *)buf + i, &word, 8);
	}
	return true;
}

static __always_inline struct ns_mqtt_scratch *
ns_env_scratch(struct ns_env *env)
{
	return &env->scratch;
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

struct ns_native *ns_native_new(const struct ns_rules *rules)
{
	struct ns_native *engine = calloc(1, sizeof(*engine));

	if (engine)
		engine->env.rules = *rules;
	return engine;
}

void ns_native_free(struct ns_native *engine)
{
	free(engine);
}

struct ns_rules *ns_native_rules(struct ns_native *engine)
{
	return &engine->env.rules;
}

int ns_native_add_slave_port(struct ns_native *engine, __u8 proto,
			     __u16 port)
{
	struct ns_env *env = &engine->env;

	if (ns_native_listed(env, proto, port))
		return 0;
	if (env->slave_count == NS_SLAVE_PORTS_MAX)
		return -ENOSPC;
	env->slave[env->slave_count].proto = proto;
	env->slave[env->slave_count].port = port;
	env->slave_count++;
	return 0;
}

void ns_native_reset_fragments(struct ns_native *engine)
{
	memset(engine->env.frags, 0, sizeof(engine->env.frags));
	engine->env.clock = 0;
}

void ns_native_classify(struct ns_native *engine, const void *frame,
			size_t len, struct ns_result *res)
{
	engine->env.frame = frame;
	engine->env.frame_len = len;
	ns_classify(&engine->env, frame, (const __u8 *)frame + len, res);
}

void ns_native_classify_long(struct ns_native *engine, const void *frame,
			     size_t len, struct ns_result *res)
{
	engine->env.frame = frame;
	engine->env.frame_len = len;
	ns_classify_frame(&engine->env, frame, (const __u8 *)frame + len, res,
			  false);
}

bool ns_native_egress_collides(struct ns_native *engine, const void *frame,
			       size_t len)
{
	engine->env.frame = frame;
	engine->env.frame_len = len;
	return ns_egress_collides(&engine->env, frame,
				  (const __u8 *)frame + len);
}
