/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Validation of a whole rule table (SPEC section 2). Used by everything that
 * accepts a table: the config parser, `netsplitctl rules load`, the control
 * protocol and the firmware. A table is taken whole or not at all.
 */
#ifndef NETSPLIT_VALIDATE_H
#define NETSPLIT_VALIDATE_H

#include "types.h"
#include "rules.h"

/* What is wrong, in words meant for the user. */
struct ns_problem {
	const char *field; /* the config key, e.g. "host_tcp" */
	const char *rule;  /* what it breaks */
	int index;         /* list or pattern index, or -1 */
};

static inline int ns_problem_set(struct ns_problem *p, const char *field,
				 const char *rule, int index)
{
	p->field = field;
	p->rule = rule;
	p->index = index;
	return -1;
}

static inline bool ns_ranges_overlap(const struct ns_port_range *a,
				     const struct ns_port_range *b)
{
	return a->lo <= b->hi && b->lo <= a->hi;
}

static inline bool ns_bytes_zero(const __u8 *p, __u32 from, __u32 to)
{
	__u32 i;

	for (i = from; i < to; i++)
		if (p[i])
			return false;
	return true;
}

/* Bytes a word of the config may hold: no spaces, no control bytes. */
static inline bool ns_sub_word(const __u8 *s, __u32 len, __u32 max)
{
	__u32 i;

	if (len > max || !ns_bytes_zero(s, len, max))
		return false;
	for (i = 0; i < len; i++)
		if (s[i] <= 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/*
 * An MQTT topic filter: `+` is a whole level, `#` the whole last level
 * (MQTT 3.1.1 section 4.7).
 */
static inline bool ns_mqtt_filter_ok(const __u8 *f, __u32 len)
{
	__u32 i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		if (f[i] != '+' && f[i] != '#')
			continue;
		if ((i && f[i - 1] != '/') ||
		    (i + 1 < len && (f[i] == '#' || f[i + 1] != '/')))
			return false;
	}
	return true;
}

static inline int ns_sub_check(const struct ns_wake_sub *s,
			       struct ns_problem *p)
{
	if (!s->broker_port)
		return ns_bytes_zero((const __u8 *)s, 0, sizeof(*s)) ?
			       0 :
			       ns_problem_set(p, "subscribe",
					      "a subscription without a broker port must be all zero",
					      -1);
	if (s->family != 4 && s->family != 6)
		return ns_problem_set(p, "subscribe",
				      "the broker is an IPv4 or IPv6 address", -1);
	if ((s->family == 4 && !ns_bytes_zero(s->broker, 4, 16)) ||
	    !ns_bytes_zero(s->reserved, 0, sizeof(s->reserved)))
		return ns_problem_set(p, "subscribe",
				      "unused bytes must be zero", -1);
	if (!ns_sub_word(s->topic, s->topic_len, NS_SUB_STR_MAX) ||
	    !ns_mqtt_filter_ok(s->topic, s->topic_len))
		return ns_problem_set(p, "subscribe",
				      "topic= is an MQTT topic filter of 1-64 bytes without spaces; + stands for a whole level, # for the whole last one",
				      -1);
	if (!ns_sub_word(s->prefix, s->prefix_len, NS_SUB_STR_MAX))
		return ns_problem_set(p, "subscribe",
				      "prefix= is at most 64 bytes without spaces",
				      -1);
	if (s->keepalive < NS_SUB_KEEPALIVE_MIN)
		return ns_problem_set(p, "subscribe",
				      "keepalive= is 5-65535 seconds", -1);
	if (!ns_sub_word(s->client_id, s->client_id_len, NS_SUB_STR_MAX) ||
	    !ns_sub_word(s->username, s->username_len, NS_SUB_STR_MAX))
		return ns_problem_set(p, "subscribe",
				      "client_id= and username= are at most 64 bytes without spaces",
				      -1);
	if (!ns_sub_word(s->password_file, s->password_file_len,
			 NS_SUB_PATH_MAX) ||
	    (s->password_file_len && s->password_file[0] != '/'))
		return ns_problem_set(p, "subscribe",
				      "password_file= is an absolute path of at most 128 bytes without spaces",
				      -1);
	return 0;
}

/* Whether port is among the first n ports of l. */
static inline bool ns_port_in(const struct ns_port_list *l, __u32 n,
			      __u16 port)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (l->port[i] == port)
			return true;
	return false;
}

/* Returns 0, or -1 with *p saying which field breaks which rule. */
static inline int ns_rules_check(const struct ns_rules *r,
				 struct ns_problem *p)
{
	const struct ns_table *t = &r->table;
	const struct ns_wake_pattern *w;
	__u32 i, j;

	for (i = 0; i < NS_RANGE_COUNT; i++) {
		if (!r->range[i].lo)
			return ns_problem_set(p, ns_range_key[i],
					      "ports are 1-65535", -1);
		if (r->range[i].lo > r->range[i].hi)
			return ns_problem_set(p, ns_range_key[i],
					      "the low port must not exceed the high port",
					      -1);
	}
	for (i = 0; i < 2; i++)
		if (ns_ranges_overlap(&r->range[NS_RANGE_HOST_TCP + i],
				      &r->range[NS_RANGE_SLAVE_TCP + i]))
			return ns_problem_set(p, ns_range_key[NS_RANGE_SLAVE_TCP + i],
					      "host and slave ranges of one protocol must not overlap",
					      -1);
	for (i = 0; i < NS_LIST_COUNT; i++) {
		if (r->list[i].count > NS_PORT_LIST_MAX)
			return ns_problem_set(p, ns_list_key[i],
					      "at most 15 ports per list", -1);
		for (j = 0; j < r->list[i].count; j++) {
			if (!r->list[i].port[j])
				return ns_problem_set(p, ns_list_key[i],
						      "ports are 1-65535", (int)j);
			if (ns_port_in(&r->list[i], j, r->list[i].port[j]))
				return ns_problem_set(p, ns_list_key[i],
						      "a port is listed once",
						      (int)j);
		}
		for (j = r->list[i].count; j < NS_PORT_LIST_MAX; j++)
			if (r->list[i].port[j])
				return ns_problem_set(p, ns_list_key[i],
						      "unused list slots must be zero",
						      (int)j);
	}
	if (t->host_state >= NS_HOST_STATE_COUNT)
		return ns_problem_set(p, "host_state",
				      "must be awake, sleeping or down", -1);
	if (t->default_dest >= NS_DEST_COUNT)
		return ns_problem_set(p, "default",
				      "must be slave, host, both or drop", -1);
	if (t->dhcp_owner >= NS_DEST_DROP)
		return ns_problem_set(p, "dhcp", "must be slave, host or both",
				      -1);
	if (t->broadcast != NS_DEST_SLAVE && t->broadcast != NS_DEST_BOTH)
		return ns_problem_set(p, "broadcast", "must be slave or both",
				      -1);
	if (t->flags & ~NS_TABLE_F_DROP_COLLISIONS)
		return ns_problem_set(p, "flags", "unknown flag set", -1);
	if (t->ipv4_prefix > 32)
		return ns_problem_set(p, "ipv4_prefix", "must be 0-32", -1);
	if (t->ipv6_count > NS_IPV6_MAX)
		return ns_problem_set(p, "ipv6", "at most 4 addresses", -1);
	if (t->wake_count > NS_WAKE_MAX)
		return ns_problem_set(p, "mqtt", "at most 8 wake patterns", -1);
	for (i = 0; i < t->wake_count; i++) {
		w = &r->wake[i];
		if (!w->broker_port)
			return ns_problem_set(p, "mqtt",
					      "the broker port must be 1-65535",
					      (int)i);
		if (w->topic_len > NS_WAKE_STR_MAX ||
		    w->prefix_len > NS_WAKE_STR_MAX)
			return ns_problem_set(p, "mqtt",
					      "topic and prefix are at most 64 bytes",
					      (int)i);
		/* The classifier compares whole zero-padded words. */
		if (!ns_bytes_zero(w->topic, w->topic_len, NS_WAKE_STR_MAX) ||
		    !ns_bytes_zero(w->prefix, w->prefix_len, NS_WAKE_STR_MAX))
			return ns_problem_set(p, "mqtt",
					      "topic and prefix must be zero-padded",
					      (int)i);
		/* What the config file can say: words. */
		if (!ns_sub_word(w->topic, w->topic_len, NS_WAKE_STR_MAX) ||
		    !ns_sub_word(w->prefix, w->prefix_len, NS_WAKE_STR_MAX))
			return ns_problem_set(p, "mqtt",
					      "topic and prefix have no spaces or control bytes",
					      (int)i);
	}
	for (; i < NS_WAKE_MAX; i++)
		if (!ns_bytes_zero((const __u8 *)&r->wake[i], 0,
				   sizeof(r->wake[i])))
			return ns_problem_set(p, "mqtt",
					      "unused wake patterns must be zero",
					      (int)i);
	return ns_sub_check(&r->sub, p);
}

/*
 * Static host destination ports inside the slave range are allowed (the
 * static rule is checked first and wins) but worth reporting. Returns the
 * list id of the first such port at or after position *pos and sets *port
 * and *pos past it, or returns -1.
 */
static inline int ns_rules_static_in_slave_range(const struct ns_rules *r,
						 __u32 *pos, __u16 *port)
{
	const struct ns_port_range *slave;
	__u32 id, i, n;

	for (n = *pos; n < 2 * NS_PORT_LIST_MAX; n++) {
		id = NS_LIST_STATIC_TCP_DST + n / NS_PORT_LIST_MAX;
		i = n % NS_PORT_LIST_MAX;
		slave = &r->range[NS_RANGE_SLAVE_TCP + id];
		if (i < r->list[id].count && r->list[id].port[i] >= slave->lo &&
		    r->list[id].port[i] <= slave->hi) {
			*pos = n + 1;
			*port = r->list[id].port[i];
			return (int)id;
		}
	}
	return -1;
}

#endif /* NETSPLIT_VALIDATE_H */
