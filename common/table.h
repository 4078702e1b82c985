/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The rule table between the sides (SPEC 2, 5): its wire form (every
 * field, in order, big-endian: the control protocol's RULES field and the
 * state files), its digest, its learned and policy parts, and how it moves:
 * versions count changes and only move forward, also across restarts of
 * either side; two sides agree when their contents (the policy digests)
 * agree. Shared by the core and by netsplitd's table in its pinned maps
 * (userspace/lib/sync.c).
 */
#ifndef NETSPLIT_TABLE_H
#define NETSPLIT_TABLE_H

#include <netsplit/proto.h>

/* The table's wire form: NS_RULES_WIRE_LEN bytes at out, or in. */
void ns_rules_to_wire(const struct ns_rules *r, __u8 *out);
void ns_rules_from_wire(const __u8 *in, struct ns_rules *r);

/*
 * FNV-1a over the policy part of the wire form: two sides agree when
 * versions and digests are equal.
 */
__u32 ns_rules_digest(const struct ns_rules *r);

/*
 * The learned part of the table belongs to the co-processor: its host
 * state, MAC and addresses. The rest is policy, which both sides share.
 * This copies src's learned part into dst.
 */
void ns_rules_take_learned(struct ns_rules *dst, const struct ns_rules *src);

/* What the co-processor reports (st, host_state), as r's learned part. */
void ns_rules_learn(struct ns_rules *r, const struct ns_net_status *st,
		    __u8 host_state);

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
