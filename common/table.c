// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The rule table between the sides: see table.h. */
#include "table.h"

void ns_rules_to_wire(const struct ns_rules *r, __u8 *out)
{
	const struct ns_table *t = &r->table;
	__u8 *p = out;
	int i, j;

	ns_put32(p, t->version);
	p[4] = t->host_state;
	p[5] = t->default_dest;
	p[6] = t->dhcp_owner;
	p[7] = t->broadcast;
	p[8] = t->wake_count;
	p[9] = t->ipv4_prefix;
	p[10] = t->ipv6_count;
	p[11] = t->flags;
	ns_copy(p + 12, t->mac, 6);
	p[18] = 0;
	p[19] = 0;
	ns_copy(p + 20, t->ipv4, 4);
	ns_copy(p + 24, t->ipv6, sizeof(t->ipv6));
	p += sizeof(*t);
	for (i = 0; i < NS_RANGE_COUNT; i++, p += 4) {
		ns_put16(p, r->range[i].lo);
		ns_put16(p + 2, r->range[i].hi);
	}
	for (i = 0; i < NS_LIST_COUNT; i++) {
		ns_put16(p, r->list[i].count);
		p += 2;
		for (j = 0; j < NS_PORT_LIST_MAX; j++, p += 2)
			ns_put16(p, r->list[i].port[j]);
	}
	for (i = 0; i < NS_WAKE_MAX; i++) {
		const struct ns_wake_pattern *w = &r->wake[i];

		ns_copy(p, w->topic, NS_WAKE_STR_MAX);
		ns_copy(p + NS_WAKE_STR_MAX, w->prefix, NS_WAKE_STR_MAX);
		p += 2 * NS_WAKE_STR_MAX;
		ns_put16(p, w->broker_port);
		p[2] = w->topic_len;
		p[3] = w->prefix_len;
		ns_put32(p + 4, 0);
		p += 8;
	}
	ns_copy(p, r->sub.broker, 16);
	ns_put16(p + 16, r->sub.broker_port);
	ns_put16(p + 18, r->sub.keepalive);
	p[20] = r->sub.family;
	p[21] = r->sub.topic_len;
	p[22] = r->sub.prefix_len;
	p[23] = r->sub.client_id_len;
	p[24] = r->sub.username_len;
	p[25] = r->sub.password_file_len;
	ns_zero(p + 26, sizeof(r->sub.reserved));
	ns_copy(p + 32, r->sub.topic, sizeof(r->sub) - 32);
}

void ns_rules_from_wire(const __u8 *in, struct ns_rules *r)
{
	struct ns_table *t = &r->table;
	const __u8 *p = in;
	int i, j;

	ns_zero(r, sizeof(*r));
	t->version = ns_get32(p);
	t->host_state = p[4];
	t->default_dest = p[5];
	t->dhcp_owner = p[6];
	t->broadcast = p[7];
	t->wake_count = p[8];
	t->ipv4_prefix = p[9];
	t->ipv6_count = p[10];
	t->flags = p[11];
	ns_copy(t->mac, p + 12, 6);
	ns_copy(t->ipv4, p + 20, 4);
	ns_copy(t->ipv6, p + 24, sizeof(t->ipv6));
	p += sizeof(*t);
	for (i = 0; i < NS_RANGE_COUNT; i++, p += 4) {
		r->range[i].lo = ns_get16(p);
		r->range[i].hi = ns_get16(p + 2);
	}
	for (i = 0; i < NS_LIST_COUNT; i++) {
		r->list[i].count = ns_get16(p);
		p += 2;
		for (j = 0; j < NS_PORT_LIST_MAX; j++, p += 2)
			r->list[i].port[j] = ns_get16(p);
	}
	for (i = 0; i < NS_WAKE_MAX; i++) {
		struct ns_wake_pattern *w = &r->wake[i];

		ns_copy(w->topic, p, NS_WAKE_STR_MAX);
		ns_copy(w->prefix, p + NS_WAKE_STR_MAX, NS_WAKE_STR_MAX);
		p += 2 * NS_WAKE_STR_MAX;
		w->broker_port = ns_get16(p);
		w->topic_len = p[2];
		w->prefix_len = p[3];
		p += 8;
	}
	ns_copy(r->sub.broker, p, 16);
	r->sub.broker_port = ns_get16(p + 16);
	r->sub.keepalive = ns_get16(p + 18);
	r->sub.family = p[20];
	r->sub.topic_len = p[21];
	r->sub.prefix_len = p[22];
	r->sub.client_id_len = p[23];
	r->sub.username_len = p[24];
	r->sub.password_file_len = p[25];
	ns_copy(r->sub.topic, p + 32, sizeof(r->sub) - 32);
}

void ns_rules_take_learned(struct ns_rules *dst, const struct ns_rules *src)
{
	dst->table.host_state = src->table.host_state;
	dst->table.ipv4_prefix = src->table.ipv4_prefix;
	dst->table.ipv6_count = src->table.ipv6_count;
	ns_copy(dst->table.mac, src->table.mac, sizeof(dst->table.mac));
	ns_copy(dst->table.ipv4, src->table.ipv4, sizeof(dst->table.ipv4));
	ns_copy(dst->table.ipv6, src->table.ipv6, sizeof(dst->table.ipv6));
}

__u32 ns_rules_digest(const struct ns_rules *r)
{
	__u8 wire[NS_RULES_WIRE_LEN];
	struct ns_rules policy;
	__u32 hash = 2166136261u;
	__u32 i;

	ns_copy(&policy, r, sizeof(policy));
	ns_zero(&policy.table, sizeof(policy.table));
	policy.table.default_dest = r->table.default_dest;
	policy.table.dhcp_owner = r->table.dhcp_owner;
	policy.table.broadcast = r->table.broadcast;
	policy.table.wake_count = r->table.wake_count;
	policy.table.flags = r->table.flags;
	ns_rules_to_wire(&policy, wire);
	for (i = 0; i < NS_RULES_WIRE_LEN; i++) {
		hash ^= wire[i];
		hash *= 16777619u;
	}
	return hash;
}

void ns_rules_learn(struct ns_rules *r, const struct ns_net_status *st,
		    __u8 host_state)
{
	int i;

	ns_copy(r->table.mac, st->mac, 6);
	ns_zero(r->table.ipv4, 4);
	r->table.ipv4_prefix = 0;
	if (st->ipv4.family == 4) {
		ns_copy(r->table.ipv4, st->ipv4.addr, 4);
		r->table.ipv4_prefix = st->ipv4.prefix;
	}
	ns_zero(r->table.ipv6, sizeof(r->table.ipv6));
	r->table.ipv6_count = st->ipv6_count;
	for (i = 0; i < st->ipv6_count && i < NS_IPV6_MAX; i++)
		ns_copy(r->table.ipv6[i], st->ipv6[i].addr, 16);
	r->table.host_state = host_state;
}

void ns_table_merge(struct ns_rules *next, const struct ns_rules *rules,
		    const struct ns_rules *current)
{
	__u32 ours = current->table.version;

	if (ns_rules_digest(rules) != ns_rules_digest(current))
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
