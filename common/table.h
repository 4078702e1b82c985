/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * How a side's rule table moves (SPEC 2, 5): versions count changes and
 * only move forward, also across restarts of either side; two sides agree
 * when their contents (the policy digests) agree. Shared by the core and
 * by netsplitd's table in its pinned maps (userspace/lib/sync.c).
 */
#ifndef NETSPLIT_TABLE_H
#define NETSPLIT_TABLE_H

#include <netsplit/proto.h>

/*
 * ns_rules_digest() out of line: one copy of the wire form's code for all
 * who ask (it is a few hundred bytes of an MCU's flash).
 */
__u32 ns_table_digest(const struct ns_rules *rules);

/*
 * The table a side takes when rules comes from its peer, over its own
 * current one: the policy of rules, the learned fields of current, and
 * the higher version (current's plus one when the policy is new to it).
 */
void ns_table_merge(struct ns_rules *next, const struct ns_rules *rules,
		    const struct ns_rules *current);

/*
 * The version of a table edited on this side: its own when that went past
 * the last one (`netsplitctl rules load` bumps it), else the next.
 */
__u32 ns_table_edit_version(__u32 last, __u32 edited);

/*
 * The ephemeral ports of the side that owns the TCP range tcp and the UDP
 * range after it: the part they share; the TCP range when they share none
 * (false).
 */
bool ns_table_own_range(const struct ns_rules *rules, enum ns_range_id tcp,
			__u16 *lo, __u16 *hi);

#endif /* NETSPLIT_TABLE_H */
