// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ESP-IDF component's Kconfig against the rule table's defaults: its
 * kconfig.c, built here with every Kconfig default (tests/tools/
 * idf-sdkconfig makes sdkconfig.h from ESP-IDF's Kconfig and ours, as
 * ESP-IDF does; nothing force-includes it), must give the
 * table ns_rules_default() gives, the co-processor's settings of
 * netsplit.conf, the MCU's storage defaults, and, with a broker and a
 * topic, the subscription netsplit.conf's subscribe = gives.
 */
#include <string.h>

#include "sdkconfig.h"

#include "check.h"
#include "kconfig.h"
#include "settings.h"
#include "wakesub.h"

static void same(const void *a, const void *b, size_t n, const char *what)
{
	CHECK(!memcmp(a, b, n), "Kconfig's %s differs from the table's default",
	      what);
}

static void test_table(void)
{
	struct ns_rules want, got;
	struct ns_esp_settings set;
	struct ns_host_settings host;
	struct ns_cp_settings cp;
	struct ns_problem p = {0};
	char name[32];
	int i;

	ns_rules_default(&want);
	CHECK(ns_esp_config(&got, &set, &p) == 0,
	      "the defaults make a table: %s %s", p.field, p.rule);
	same(&got.table, &want.table, sizeof(got.table), "table");
	for (i = 0; i < NS_RANGE_COUNT; i++)
		same(&got.range[i], &want.range[i], sizeof(got.range[i]),
		     ns_range_key[i]);
	for (i = 0; i < NS_LIST_COUNT; i++)
		same(&got.list[i], &want.list[i], sizeof(got.list[i]),
		     ns_list_key[i]);
	for (i = 0; i < NS_WAKE_MAX; i++) {
		snprintf(name, sizeof(name), "wake pattern %d", i);
		same(&got.wake[i], &want.wake[i], sizeof(got.wake[i]), name);
	}
	same(&got.sub, &want.sub, sizeof(got.sub), "subscription");
	CHECK(!memcmp(&got, &want, sizeof(got)), "the whole table");

	ns_settings_default(&host, &cp);
	CHECK(set.core.heartbeat_ms == cp.heartbeat_ms &&
		      set.core.heartbeat_misses == cp.heartbeat_misses,
	      "heartbeat %u ms, %u misses: netsplit.conf's are %u, %u",
	      set.core.heartbeat_ms, set.core.heartbeat_misses, cp.heartbeat_ms,
	      cp.heartbeat_misses);
	CHECK(set.core.wake_burst == cp.wake_burst &&
		      set.core.wake_interval_ms == cp.wake_interval_s * 1000,
	      "wakes limited to %u, then one each %u ms: netsplit.conf's are %u, %u s",
	      set.core.wake_burst, set.core.wake_interval_ms, cp.wake_burst,
	      cp.wake_interval_s);
	CHECK(set.wake_queue == NS_MCU_WAKE_QUEUE &&
		      set.frag_slots == NS_MCU_FRAG_SLOTS,
	      "wake queue %u, fragments %u: the MCU's defaults are %u, %u",
	      set.wake_queue, set.frag_slots, NS_MCU_WAKE_QUEUE,
	      NS_MCU_FRAG_SLOTS);
}

static void test_subscription(void)
{
	struct ns_wake_sub want, got;
	struct ns_problem p = {0};

	CHECK(ns_wake_sub_parse("192.0.2.7:1883 topic=home/host", &want) == 0,
	      "netsplit.conf's subscribe parses");
	CHECK(ns_esp_sub(&got, "192.0.2.7:1883", "home/host",
			 CONFIG_NETSPLIT_SUB_PREFIX,
			 CONFIG_NETSPLIT_SUB_CLIENT_ID,
			 CONFIG_NETSPLIT_SUB_USERNAME,
			 CONFIG_NETSPLIT_SUB_PASSWORD_KEY,
			 CONFIG_NETSPLIT_SUB_KEEPALIVE, &p) == 0,
	      "a broker and a topic with the other defaults: %s %s", p.field,
	      p.rule);
	same(&got, &want, sizeof(got), "subscription with a broker");
	CHECK(ns_esp_sub(&got, "192.0.2.7", "", "", "", "", "", 0, &p) &&
		      !strcmp(p.field, "NETSPLIT_SUB_BROKER"),
	      "a broker without its port is refused, and named");
}

int main(void)
{
	test_table();
	test_subscription();
	return check_report();
}
