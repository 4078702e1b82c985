// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>

#include "core.h"
#include "fw_engine.h"
#include "portset.h"

struct ns_fw_engine {
	struct ns_core core;
	struct ns_port_set slave;
	struct ns_frag_slot frags[NS_FRAGS_MAX];
};

struct ns_fw_engine *ns_fw_engine_new(const struct ns_rules *rules)
{
	struct ns_fw_engine *e = calloc(1, sizeof(*e));
	/* The core asks the platform; the platform here is a list. */
	struct ns_core_ops ops = { .slave_listens = ns_port_set_listens };
	struct ns_core_settings set = { .heartbeat_ms = 1000,
					.heartbeat_misses = 3 };

	if (!e)
		return NULL;
	ops.ctx = &e->slave;
	ns_core_init(&e->core, &ops, &set, NULL, 0, e->frags, NS_FRAGS_MAX);
	ns_fw_engine_set_rules(e, rules);
	return e;
}

void ns_fw_engine_free(struct ns_fw_engine *engine)
{
	free(engine);
}

void ns_fw_engine_set_rules(struct ns_fw_engine *engine,
			    const struct ns_rules *rules)
{
	ns_core_start(&engine->core, NULL, rules, 0);
}

int ns_fw_engine_add_slave_port(struct ns_fw_engine *engine, __u8 proto,
				__u16 port)
{
	return ns_port_set_add(&engine->slave, proto, port);
}

void ns_fw_engine_reset_fragments(struct ns_fw_engine *engine)
{
	ns_frags_reset(&engine->core.frags);
}

void ns_fw_engine_classify(struct ns_fw_engine *engine, const void *frame,
			   size_t len, struct ns_result *res)
{
	ns_core_classify(&engine->core, frame, (__u32)len, res);
}
