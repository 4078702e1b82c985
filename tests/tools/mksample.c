// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes tests/data/sample.pcap: one frame of each kind the demo explains.
 * Usage: mksample FILE
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "frames.h"
#include "pcapw.h"

int main(int argc, char **argv)
{
	static const char wake[] = "wakeup-host now";
	struct fr_pcap *p;
	__u8 f[FR_MAX], mqtt[256];
	size_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: mksample FILE\n");
		return 2;
	}
	p = fr_pcap_open(argv[1]);
	if (!p) {
		fprintf(stderr, "mksample: cannot write %s\n", argv[1]);
		return 1;
	}
	fr_pcap_add(p, f, fr_arp(f, 1));
	fr_pcap_add(p, f, fr_arp(f, 2));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_ICMP, .icmp_type = 8 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_ICMP, .icmp_type = 0 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_TCP, .sport = 40000, .dport = 22, .tcp_flags = 0x02 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_TCP, .sport = 80, .dport = 50000 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_TCP, .sport = 80, .dport = 62000 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_UDP, .sport = 33000, .dport = 53 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_UDP, .sport = 67, .dport = 68, .l2_group = true, .dst = "255.255.255.255" }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_UDP, .sport = 5353, .dport = 5353, .l2_group = true, .dst = "224.0.0.251" }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_TCP, .sport = 80, .dport = 50000, .dst = "192.168.50.99" }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_TCP, .sport = 5201, .dport = 5001 }));
	fr_pcap_add(p, f, fr_icmp_error(f, 4, 3, 4, IPPROTO_TCP, 50123, 443));
	fr_pcap_add(p, f, fr_icmp_error(f, 4, 3, 3, IPPROTO_UDP, 62001, 53));
	n = fr_mqtt_publish(mqtt, sizeof(mqtt), 4, 0, "home/host", wake, strlen(wake), 0);
	fr_pcap_add(p, f, fr_tcp_payload(f, 4, 1883, 50001, mqtt, n));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 6, .proto = IPPROTO_ICMPV6, .icmp_type = 135, .l2_group = true, .dst = "ff02::1:ff00:10" }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 6, .proto = IPPROTO_ICMPV6, .icmp_type = 128 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 6, .proto = IPPROTO_TCP, .sport = 443, .dport = 55000 }));
	fr_pcap_add(p, f, fr_build(f, &(struct fr_spec){ .family = 6, .proto = IPPROTO_UDP, .sport = 123, .dport = 64000, .dst_options = 1 }));
	n = fr_build(f, &(struct fr_spec){ .family = 4, .proto = IPPROTO_TCP, .sport = 80, .dport = 50000 });
	fr_pcap_add(p, f, n - 30);
	return fr_pcap_close(p) ? 1 : 0;
}
