// SPDX-License-Identifier: GPL-2.0-only
/*
 * The native engine: the classifier as the firmware runs it (common/classifier.c), with
 * as many fragment entries as the BPF LRU map and the slave listening on
 * the ports it is given.
 */
#include <stdlib.h>
#include <string.h>

#include <netsplit/bpf_abi.h>

#include "classifier.h"
#include "native.h"
#include "portset.h"

struct ns_native {
	struct ns_rules rules;
	struct ns_env env;
	struct ns_frag_table frags;
	struct ns_port_set slave;
	struct ns_frag_slot slots[NS_FRAGS_MAX];
};

struct ns_native *ns_native_new(const struct ns_rules *rules)
{
	struct ns_native *engine = calloc(1, sizeof(*engine));

	if (!engine)
		return NULL;
	engine->rules = *rules;
	ns_frags_init(&engine->frags, engine->slots, NS_FRAGS_MAX);
	engine->env.rules = &engine->rules;
	engine->env.frags = &engine->frags;
	engine->env.listens = ns_port_set_listens;
	engine->env.ctx = &engine->slave;
	return engine;
}

void ns_native_free(struct ns_native *engine)
{
	free(engine);
}

struct ns_rules *ns_native_rules(struct ns_native *engine)
{
	return &engine->rules;
}

int ns_native_add_slave_port(struct ns_native *engine, __u8 proto,
			     __u16 port)
{
	return ns_port_set_add(&engine->slave, proto, port);
}

void ns_native_reset_fragments(struct ns_native *engine)
{
	ns_frags_reset(&engine->frags);
}

void ns_native_classify(struct ns_native *engine, const void *frame,
			size_t len, struct ns_result *res)
{
	ns_env_run(&engine->env, frame, (__u32)len, res);
}

void ns_native_classify_long(struct ns_native *engine, const void *frame,
			     size_t len, struct ns_result *res)
{
	ns_env_run_long(&engine->env, frame, (__u32)len, res);
}

bool ns_native_egress_collides(struct ns_native *engine, const void *frame,
			       size_t len)
{
	return ns_env_egress(&engine->env, frame, (__u32)len);
}
