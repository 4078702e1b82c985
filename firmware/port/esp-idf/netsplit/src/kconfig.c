// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "sdkconfig.h"

#include "kconfig.h"
#include "words.h"

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

int ns_esp_sub(struct ns_wake_sub *sub, const char *broker, const char *topic,
	       const char *prefix, const char *client_id, const char *username,
	       const char *password_key, __u32 keepalive, struct ns_problem *p)
{
	__builtin_memset(sub, 0, sizeof(*sub));
	if (!*broker)
		return 0;
	if (ns_parse_broker(broker, sub))
		return ns_problem_set(p, "NETSPLIT_SUB_BROKER",
				      "expected A.B.C.D:PORT or [IPV6]:PORT",
				      -1);
	if (keepalive > 65535)
		return ns_problem_set(p, "NETSPLIT_SUB_KEEPALIVE",
				      "at most 65535 seconds", -1);
	sub->keepalive =
		(__u16)(keepalive ? keepalive : NS_SUB_KEEPALIVE_DEFAULT);
	if (ns_parse_text(topic, sub->topic, &sub->topic_len, NS_SUB_STR_MAX) ||
	    ns_parse_text(prefix, sub->prefix, &sub->prefix_len,
			  NS_SUB_STR_MAX) ||
	    ns_parse_text(client_id, sub->client_id, &sub->client_id_len,
			  NS_SUB_STR_MAX) ||
	    ns_parse_text(username, sub->username, &sub->username_len,
			  NS_SUB_STR_MAX) ||
	    ns_parse_text(password_key, sub->password_file,
			  &sub->password_file_len, NS_SUB_PATH_MAX))
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
		if (ns_parse_port_list(kconfig[i].ports, &r->list[i]))
			return ns_problem_set(p, kconfig[i].name,
					      "expected up to 15 ports, none "
					      "twice, as 22,8554",
					      -1);
	return 0;
}

static int ns_esp_wake(struct ns_rules *r, struct ns_problem *p)
{
	struct ns_wake_pattern *w = &r->wake[0];

	r->table.wake_count = NS_ESP_WAKE_MQTT;
	if (!NS_ESP_WAKE_MQTT)
		return 0;
	w->broker_port = CONFIG_NETSPLIT_WAKE_MQTT_BROKER_PORT;
	if (ns_parse_text(CONFIG_NETSPLIT_WAKE_MQTT_TOPIC, w->topic,
			  &w->topic_len, NS_WAKE_STR_MAX) ||
	    ns_parse_text(CONFIG_NETSPLIT_WAKE_MQTT_PREFIX, w->prefix,
			  &w->prefix_len, NS_WAKE_STR_MAX))
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
	if (ns_parse_name(CONFIG_NETSPLIT_DEFAULT_DEST, ns_dest_name,
			  NS_DEST_COUNT, &t->default_dest))
		return ns_problem_set(p, "NETSPLIT_DEFAULT_DEST",
				      "slave, host, both or drop", -1);
	if (ns_parse_name(CONFIG_NETSPLIT_DHCP_OWNER, ns_dest_name,
			  NS_DEST_COUNT, &t->dhcp_owner))
		return ns_problem_set(p, "NETSPLIT_DHCP_OWNER",
				      "slave, host or both", -1);
	if (ns_parse_name(CONFIG_NETSPLIT_BROADCAST, ns_dest_name,
			  NS_DEST_COUNT, &t->broadcast))
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
	set->core.wake_burst = CONFIG_NETSPLIT_WAKE_BURST;
	set->core.wake_interval_ms = CONFIG_NETSPLIT_WAKE_INTERVAL_S * 1000u;
	set->wake_queue = CONFIG_NETSPLIT_WAKE_QUEUE;
	set->frag_slots = CONFIG_NETSPLIT_FRAG_SLOTS;
	return ns_rules_check(r, p);
}
