// SPDX-License-Identifier: GPL-2.0-only
#include <netinet/in.h>
#include <string.h>

#include "classes.h"

void bench_classes(struct bench_class classes[BENCH_CLASSES],
		   struct ns_rules *rules)
{
	static const char wake[] =
		"wakeup-host: motion detected at the front door, "
		"camera 2, confidence 0.93, clip id 20261122-0001, "
		"please upload the last 30 seconds";
	struct bench_class *mqtt_class = &classes[BENCH_CLASS_MQTT];
	__u8 mqtt[512];
	size_t n;

	memset(classes, 0, BENCH_CLASSES * sizeof(*classes));
	ns_rules_default(rules);
	fr_use_test_addresses(rules);
	classes[0].name = "arp_request";
	classes[0].len = fr_arp(classes[0].frame, 1);
	classes[1].name = "icmp_echo_request";
	classes[1].len = fr_build(classes[1].frame,
				  &(struct fr_spec){.family = 4,
						    .proto = IPPROTO_ICMP,
						    .icmp_type = 8});
	classes[2].name = "tcp_host_range";
	classes[2].len = fr_build(classes[2].frame,
				  &(struct fr_spec){.family = 4,
						    .proto = IPPROTO_TCP,
						    .sport = 443,
						    .dport = 50000});
	classes[3].name = "tcp_slave_range";
	classes[3].len = fr_build(classes[3].frame,
				  &(struct fr_spec){.family = 4,
						    .proto = IPPROTO_TCP,
						    .sport = 443,
						    .dport = 62000});
	classes[4].name = "udp_static_port";
	classes[4].len = fr_build(classes[4].frame,
				  &(struct fr_spec){.family = 4,
						    .proto = IPPROTO_UDP,
						    .sport = 40000,
						    .dport = 53});
	mqtt_class->name = "mqtt_wake_publish";
	n = fr_mqtt_publish(mqtt, sizeof(mqtt), 4, 1, "home/host/wake", wake,
			    strlen(wake), 0);
	mqtt_class->len =
		fr_tcp_payload(mqtt_class->frame, 4, 1883, 50001, mqtt, n);
	mqtt_class->host_state = NS_HOST_SLEEPING;
	classes[6].name = "malformed";
	classes[6].len = classes[2].len - 10;
	memcpy(classes[6].frame, classes[2].frame, classes[6].len);
}
