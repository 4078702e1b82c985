// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "sdkconfig.h"

#include "kconfig.h"

/* Kconfig leaves a bool that is n undefined. */
#ifdef CONFIG_NETSPLIT_PORT_COLLISION_DROP
#define NS_ESP_COLLISION_FLAGS NS_TABLE_F_DROP_COLLISIONS
#else
#define NS_ESP_COLLISION_FLAGS 0
#endif
#ifdef CONFIG_NETSPLIT_WAKE_MQTT
#define NS_ESP_WAKE_MQTT 1
#else
#define NS_ESP_WAKE_MQTT 0
#endif

static __u32 ns_esp_strlen(const char *s)
{
	__u32 n = 0;

	while (s[n])
		n++;
	return n;
}

static bool ns_esp_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* A string into a zero-padded field of max bytes, with its length. */
static int ns_esp_text(__u8 *field, __u8 *len, __u32 max, const char *s)
{
	__u32 n = ns_esp_strlen(s), i;

	if (n > max)
		return -1;
	for (i = 0; i < n; i++)
		field[i] = (__u8)s[i];
	*len = (__u8)n;
	return 0;
}

/* A decimal number up to max, ending at a character of stop (or NUL). */
static const char *ns_esp_number(const char *s, __u32 max, __u32 *v)
{
	const char *start = s;

	for (*v = 0; *s >= '0' && *s <= '9'; s++) {
		*v = *v * 10 + (__u32)(*s - '0');
		if (*v > max)
			return 0;
	}
	return s == start ? 0 : s;
}

/* "22, 8554" or "": a port list. */
static int ns_esp_ports(const char *s, struct ns_port_list *list)
{
	__u32 port;

	list->count = 0;
	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		s = ns_esp_number(s, 65535, &port);
		if (!s || !port || list->count == NS_PORT_LIST_MAX)
			return -1;
		list->port[list->count++] = (__u16)port;
	}
	return 0;
}

static int ns_esp_dest(const char *name, __u8 *dest)
{
	__u8 d;

	for (d = 0; d < NS_DEST_COUNT; d++)
		if (ns_esp_streq(name, ns_dest_name[d])) {
			*dest = d;
			return 0;
		}
	return -1;
}

/* "A.B.C.D:PORT" */
static int ns_esp_broker(const char *s, struct ns_wake_sub *sub)
{
	__u32 v, i;

	for (i = 0; i < 4; i++) {
		s = ns_esp_number(s, 255, &v);
		if (!s || *s != (i < 3 ? '.' : ':'))
			return -1;
		sub->broker[i] = (__u8)v;
		s++;
	}
	s = ns_esp_number(s, 65535, &v);
	if (!s || *s || !v)
		return -1;
	sub->broker_port = (__u16)v;
	sub->family = 4;
	return 0;
}

int ns_esp_sub(struct ns_wake_sub *sub, const char *broker, const char *topic,
	       const char *prefix, const char *client_id, const char *username,
	       const char *password_key, __u32 keepalive, struct ns_problem *p)
{
	__builtin_memset(sub, 0, sizeof(*sub));
	if (!*broker)
		return 0;
	if (ns_esp_broker(broker, sub))
		return ns_problem_set(p, "NETSPLIT_SUB_BROKER",
				      "expected A.B.C.D:PORT", -1);
	if (keepalive > 65535)
		return ns_problem_set(p, "NETSPLIT_SUB_KEEPALIVE",
				      "at most 65535 seconds", -1);
	sub->keepalive =
		(__u16)(keepalive ? keepalive : NS_SUB_KEEPALIVE_DEFAULT);
	if (ns_esp_text(sub->topic, &sub->topic_len, NS_SUB_STR_MAX, topic) ||
	    ns_esp_text(sub->prefix, &sub->prefix_len, NS_SUB_STR_MAX,
			prefix) ||
	    ns_esp_text(sub->client_id, &sub->client_id_len, NS_SUB_STR_MAX,
			client_id) ||
	    ns_esp_text(sub->username, &sub->username_len, NS_SUB_STR_MAX,
			username) ||
	    ns_esp_text(sub->password_file, &sub->password_file_len,
			NS_SUB_PATH_MAX, password_key))
		return ns_problem_set(p, "NETSPLIT_SUB_*",
				      "strings are at most 64 bytes", -1);
	return ns_sub_check(sub, p);
}

static int ns_esp_lists(struct ns_rules *r, struct ns_problem *p)
{
	static const struct {
		const char *ports, *name;
	} kconfig[NS_LIST_COUNT] = {
#define NS_ESP_LIST(id, sym) [id] = {CONFIG_##sym, #sym}
		NS_ESP_LIST(NS_LIST_STATIC_TCP_DST, NETSPLIT_STATIC_TCP_DST),
		NS_ESP_LIST(NS_LIST_STATIC_UDP_DST, NETSPLIT_STATIC_UDP_DST),
		NS_ESP_LIST(NS_LIST_STATIC_TCP_SRC, NETSPLIT_STATIC_TCP_SRC),
		NS_ESP_LIST(NS_LIST_STATIC_UDP_SRC, NETSPLIT_STATIC_UDP_SRC),
		NS_ESP_LIST(NS_LIST_SHARED_TCP, NETSPLIT_SHARED_TCP),
		NS_ESP_LIST(NS_LIST_SHARED_UDP, NETSPLIT_SHARED_UDP),
		NS_ESP_LIST(NS_LIST_WAKE_SYN, NETSPLIT_SYN_PORTS),
#undef NS_ESP_LIST
	};
	int i;

	for (i = 0; i < NS_LIST_COUNT; i++)
		if (ns_esp_ports(kconfig[i].ports, &r->list[i]))
			return ns_problem_set(
				p, kconfig[i].name,
				"expected up to 15 ports, as 22,8554", -1);
	return 0;
}

static int ns_esp_wake(struct ns_rules *r, struct ns_problem *p)
{
	struct ns_wake_pattern *w = &r->wake[0];

	r->table.wake_count = NS_ESP_WAKE_MQTT;
	if (!NS_ESP_WAKE_MQTT)
		return 0;
	w->broker_port = CONFIG_NETSPLIT_WAKE_MQTT_BROKER_PORT;
	if (ns_esp_text(w->topic, &w->topic_len, NS_WAKE_STR_MAX,
			CONFIG_NETSPLIT_WAKE_MQTT_TOPIC) ||
	    ns_esp_text(w->prefix, &w->prefix_len, NS_WAKE_STR_MAX,
			CONFIG_NETSPLIT_WAKE_MQTT_PREFIX))
		return ns_problem_set(p, "NETSPLIT_WAKE_MQTT_*",
				      "topic and prefix are at most 64 bytes",
				      -1);
	return 0;
}

int ns_esp_config(struct ns_rules *r, struct ns_esp_settings *set,
		  struct ns_problem *p)
{
	struct ns_table *t = &r->table;

	__builtin_memset(r, 0, sizeof(*r));
	t->version = 1;
	t->host_state = NS_HOST_AWAKE;
	t->flags = NS_ESP_COLLISION_FLAGS;
	r->range[NS_RANGE_HOST_TCP] = (struct ns_port_range){
		CONFIG_NETSPLIT_HOST_TCP_FIRST, CONFIG_NETSPLIT_HOST_TCP_LAST};
	r->range[NS_RANGE_HOST_UDP] = (struct ns_port_range){
		CONFIG_NETSPLIT_HOST_UDP_FIRST, CONFIG_NETSPLIT_HOST_UDP_LAST};
	r->range[NS_RANGE_SLAVE_TCP] =
		(struct ns_port_range){CONFIG_NETSPLIT_SLAVE_TCP_FIRST,
				       CONFIG_NETSPLIT_SLAVE_TCP_LAST};
	r->range[NS_RANGE_SLAVE_UDP] =
		(struct ns_port_range){CONFIG_NETSPLIT_SLAVE_UDP_FIRST,
				       CONFIG_NETSPLIT_SLAVE_UDP_LAST};
	if (ns_esp_dest(CONFIG_NETSPLIT_DEFAULT_DEST, &t->default_dest))
		return ns_problem_set(p, "NETSPLIT_DEFAULT_DEST",
				      "slave, host, both or drop", -1);
	if (ns_esp_dest(CONFIG_NETSPLIT_DHCP_OWNER, &t->dhcp_owner))
		return ns_problem_set(p, "NETSPLIT_DHCP_OWNER",
				      "slave, host or both", -1);
	if (ns_esp_dest(CONFIG_NETSPLIT_BROADCAST, &t->broadcast))
		return ns_problem_set(p, "NETSPLIT_BROADCAST", "slave or both",
				      -1);
	if (ns_esp_lists(r, p) || ns_esp_wake(r, p) ||
	    ns_esp_sub(&r->sub, CONFIG_NETSPLIT_SUB_BROKER,
		       CONFIG_NETSPLIT_SUB_TOPIC, CONFIG_NETSPLIT_SUB_PREFIX,
		       CONFIG_NETSPLIT_SUB_CLIENT_ID,
		       CONFIG_NETSPLIT_SUB_USERNAME,
		       CONFIG_NETSPLIT_SUB_PASSWORD_KEY,
		       CONFIG_NETSPLIT_SUB_KEEPALIVE, p))
		return -1;
	set->core.heartbeat_ms = CONFIG_NETSPLIT_HEARTBEAT_MS;
	set->core.heartbeat_misses = CONFIG_NETSPLIT_HEARTBEAT_MISSES;
	set->wake_queue = CONFIG_NETSPLIT_WAKE_QUEUE;
	set->frag_slots = CONFIG_NETSPLIT_FRAG_SLOTS;
	return ns_rules_check(r, p);
}
