// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The core's start and its time-based work. */
#include "internal.h"

static bool ns_core_listens(void *ctx, const __u8 *frame,
			    const struct ns_flow *flow)
{
	struct ns_core *core = ctx;

	return core->ops.slave_listens &&
	       core->ops.slave_listens(core->ops.ctx, frame, flow);
}

void ns_core_init(struct ns_core *core, const struct ns_core_ops *ops,
		  const struct ns_core_settings *set,
		  struct ns_core_frame *queue, __u32 queue_slots,
		  struct ns_frag_slot *frags, __u32 frag_slots)
{
	int i;

	ns_zero(core, sizeof(*core));
	core->ops = *ops;
	core->set = *set;
	core->heartbeat_ms = set->heartbeat_ms;
	core->host = -1;
	core->bus_peer = -1;
	core->next_id = 1;
	core->link = NS_CORE_LINK_UNKNOWN;
	core->queue = queue;
	core->queue_slots = queue_slots;
	ns_frags_init(&core->frags, frags, frag_slots);
	core->env.rules = &core->rules;
	core->env.frags = &core->frags;
	core->env.listens = ns_core_listens;
	core->env.ctx = core;
	for (i = 0; i < NS_CORE_PEERS; i++)
		ns_stream_init(&core->peers[i].stream);
}

void ns_core_start(struct ns_core *core, const struct ns_core_saved *saved,
		   const struct ns_rules *config, __u64 now)
{
	const struct ns_rules *first = config;

	if (saved) {
		core->saved = *saved;
		if (saved->rules_known)
			first = &saved->rules;
	}
	core->host_state = first->table.host_state;
	core->last_heartbeat = now;
	/*
	 * On a bus the host's control stream may be open already; started
	 * again (a new table from the platform), the core keeps it.
	 */
	if (core->ops.bus_write && core->bus_peer < 0)
		core->bus_peer = ns_core_peer_open(core, true);
	/* The table as it is: the platform sets its datapath from it. */
	ns_core_table_set(core, first, NS_CORE_POLICY | NS_CORE_LEARNED);
}

void ns_core_tick(struct ns_core *core, __u64 now)
{
	core->last_tick = now;
	ns_core_host_tick(core, now);
	ns_core_sub_tick(core, now);
	ns_core_peers_tick(core, now);
}
