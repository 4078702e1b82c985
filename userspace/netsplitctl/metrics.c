// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats --prometheus: the counters, the host state, the wakes, the rule
 * table's version, what a co-processor had no room for, whether
 * netsplitd's co-processor answers and its Wi-Fi station's state and
 * signal, in Prometheus' text format (version 0.0.4), for node_exporter's
 * textfile collector:
 *
 *   netsplitctl stats --prometheus --socket ... >
 * /var/lib/node_exporter/netsplit.prom.$$ && mv
 * /var/lib/node_exporter/netsplit.prom.$$ /var/lib/node_exporter/netsplit.prom
 */
#include <stdio.h>

#include "metrics.h"

static void ns_metric_head(const char *name, const char *type, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A counter by reason: the frames, or (bytes) their bytes. */
static void ns_metric_reasons(const struct ns_metrics *m, const char *name,
			      const char *help, bool bytes)
{
	int i;

	ns_metric_head(name, "counter", help);
	for (i = 0; i < NS_REASON_COUNT; i++)
		printf("%s{reason=\"%s\"} %llu\n", name, ns_reason_name[i],
		       (unsigned long long)(bytes ? m->stats[i].bytes
						  : m->stats[i].packets));
}

void ns_metrics_print(const struct ns_metrics *m)
{
	int i;

	ns_metric_reasons(m, "netsplit_frames_total",
			  "Frames classified, by the reason of their verdict.",
			  false);
	ns_metric_reasons(m, "netsplit_bytes_total",
			  "Bytes of those frames, by reason.", true);
	ns_metric_head("netsplit_host_state", "gauge",
		       "The host's state: 1 for the one it is in.");
	for (i = 0; i < NS_HOST_STATE_COUNT; i++)
		printf("netsplit_host_state{state=\"%s\"} %d\n",
		       ns_host_state_name[i], i == m->host_state);
	ns_metric_head("netsplit_rules_version", "gauge",
		       "The version of the rule table in force here.");
	printf("netsplit_rules_version %u\n", m->rules_version);
	if (m->have_peer) {
		ns_metric_head("netsplit_peer_rules_version", "gauge",
			       "The version of the other side's rule table.");
		printf("netsplit_peer_rules_version %u\n", m->peer_version);
		ns_metric_head(
			"netsplit_rules_agree", "gauge",
			"1 when both sides' tables have the same contents.");
		printf("netsplit_rules_agree %d\n", m->agree);
	}
	if (m->have_wakes) {
		ns_metric_head("netsplit_wakes_total", "counter",
			       "Times the host was woken.");
		printf("netsplit_wakes_total %u\n", m->wakes);
	}
	if (m->have_wake_limited) {
		ns_metric_head("netsplit_wake_limited_total", "counter",
			       "Wakes a pattern's token bucket held back (deferred, not dropped).");
		printf("netsplit_wake_limited_total %u\n", m->wake_limited);
	}
	if (m->have_overflow) {
		ns_metric_head("netsplit_wake_dropped_total", "counter",
			       "Woken frames the full wake queue dropped.");
		printf("netsplit_wake_dropped_total %u\n", m->wake_dropped);
		ns_metric_head("netsplit_ring_full_total", "counter",
			       "Frames the receive ring had no room for.");
		printf("netsplit_ring_full_total %u\n", m->ring_full);
	}
	if (m->have_coprocessor) {
		ns_metric_head("netsplit_coprocessor_up", "gauge",
			       "1 while the co-processor answers netsplitd; 0 while it is silent or not connected.");
		printf("netsplit_coprocessor_up %d\n", m->coprocessor_up);
	}
	if (!m->have_wifi)
		return;
	ns_metric_head("netsplit_wifi_state", "gauge",
		       "The co-processor's Wi-Fi station: 1 for the state it is in.");
	for (i = 0; i < NS_WIFI_STATE_COUNT; i++)
		printf("netsplit_wifi_state{state=\"%s\"} %d\n",
		       ns_wifi_state_name[i], i == m->wifi.state);
	if (m->wifi.state != NS_WIFI_CONNECTED)
		return;
	ns_metric_head("netsplit_wifi_rssi_dbm", "gauge",
		       "The signal of the access point the station is connected to.");
	printf("netsplit_wifi_rssi_dbm %d\n", m->wifi.rssi);
}
