// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "table.h"

__u32 ns_table_digest(const struct ns_rules *rules)
{
	return ns_rules_digest(rules);
}

void ns_table_merge(struct ns_rules *next, const struct ns_rules *rules,
		    const struct ns_rules *current)
{
	__u32 ours = current->table.version;

	if (ns_table_digest(rules) != ns_table_digest(current))
		ours++;
	*next = *rules;
	next->table.version = rules->table.version > ours ?
				      rules->table.version :
				      ours;
	ns_rules_take_learned(next, current);
}

__u32 ns_table_edit_version(__u32 last, __u32 edited)
{
	return edited > last ? edited : last + 1;
}

bool ns_table_own_range(const struct ns_rules *rules, enum ns_range_id tcp,
			__u16 *lo, __u16 *hi)
{
	const struct ns_port_range *t = &rules->range[tcp];
	const struct ns_port_range *u = &rules->range[tcp + 1];

	*lo = t->lo > u->lo ? t->lo : u->lo;
	*hi = t->hi < u->hi ? t->hi : u->hi;
	if (*lo <= *hi)
		return true;
	*lo = t->lo;
	*hi = t->hi;
	return false;
}
