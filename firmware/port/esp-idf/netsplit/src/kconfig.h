/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The ESP-IDF component's rule table and settings from its Kconfig
 * (CONFIG_NETSPLIT_*). No vendor call: make check builds it on Linux with
 * every Kconfig default and compares the result with the rule table's
 * defaults (tests/unit/test_kconfig.c).
 */
#ifndef NETSPLIT_ESP_KCONFIG_H
#define NETSPLIT_ESP_KCONFIG_H

#include <netsplit/validate.h>

#include "core.h"

/* The firmware's settings that are not the table. */
struct ns_esp_settings {
	struct ns_core_settings core;
	__u32 wake_queue; /* frames kept while the host wakes */
	__u32 frag_slots; /* a multiple of NS_FRAG_WAYS */
};

/*
 * The wake subscription from its options, as netsplit.conf's subscribe =
 * has them: broker "A.B.C.D:PORT" (empty: none), the strings, keepalive (0:
 * the default). 0, or -1 with *p set.
 */
int ns_esp_sub(struct ns_wake_sub *sub, const char *broker, const char *topic,
	       const char *prefix, const char *client_id, const char *username,
	       const char *password_key, __u32 keepalive, struct ns_problem *p);

/* The table and settings of the Kconfig. 0, or -1 with *p set. */
int ns_esp_config(struct ns_rules *rules, struct ns_esp_settings *set,
		  struct ns_problem *p);

#endif /* NETSPLIT_ESP_KCONFIG_H */
