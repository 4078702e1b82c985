/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The firmware engine: frames classified by a co-processor core
 * (common/core/), as the firmware classifies them from its uplink, with
 * its own fragment table (sized as the BPF map here, for comparisons) and
 * the slave listening on the ports it is given, asked through the core's
 * operations. Used by `netsplitctl classify --engine fw` and the tests.
 */
#ifndef NETSPLIT_FW_ENGINE_H
#define NETSPLIT_FW_ENGINE_H

#include <stddef.h>

#include <netsplit/result.h>
#include <netsplit/rules.h>

struct ns_fw_engine;

/* Returns NULL when out of memory. */
struct ns_fw_engine *ns_fw_engine_new(const struct ns_rules *rules);
void ns_fw_engine_free(struct ns_fw_engine *engine);

/* Puts a table in force (its learned fields too). */
void ns_fw_engine_set_rules(struct ns_fw_engine *engine,
			    const struct ns_rules *rules);
/* Returns 0, or -ENOSPC when NS_SLAVE_PORTS_MAX ports are listed already. */
int ns_fw_engine_add_slave_port(struct ns_fw_engine *engine, __u8 proto,
				__u16 port);
void ns_fw_engine_reset_fragments(struct ns_fw_engine *engine);
void ns_fw_engine_classify(struct ns_fw_engine *engine, const void *frame,
			   size_t len, struct ns_result *res);

#endif /* NETSPLIT_FW_ENGINE_H */
