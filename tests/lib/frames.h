/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Frame builders for the tests, the benchmarks and the sample capture:
 * Ethernet + IPv4/IPv6 (options, extension headers, fragments) + TCP, UDP,
 * ICMP, ARP, and MQTT PUBLISH payloads.
 */
#ifndef NETSPLIT_TEST_FRAMES_H
#define NETSPLIT_TEST_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <netsplit/types.h>

#define FR_MAX 2048

/* Addresses used throughout the tests. */
#define FR_OURS4 "192.168.50.10"
#define FR_PEER4 "192.168.50.1"
#define FR_OURS6 "fd00:50::10"
#define FR_PEER6 "fd00:50::1"

struct ns_rules;

/* Makes FR_OURS4 (/24) and FR_OURS6 the table's shared addresses. */
void fr_use_test_addresses(struct ns_rules *rules);

struct fr_spec {
	int family;		/* 4 or 6 */
	const char *src;	/* default: the peer */
	const char *dst;	/* default: ours */
	__u8 proto;		/* IPPROTO_* */
	__u16 sport, dport;
	__u8 tcp_flags;		/* default ACK */
	__u8 icmp_type, icmp_code;
	const void *payload;
	size_t payload_len;
	bool l2_group;		/* multicast destination MAC */
	__u8 ip_options;	/* IPv4: bytes of options, multiple of 4 */
	__u16 frag_offset;	/* in 8-byte units */
	bool more_fragments;
	bool frag_header;	/* IPv6: add a fragment header */
	__u32 frag_id;
	__u8 hop_by_hop;	/* IPv6: 8-byte hop-by-hop headers, 0 or 1 */
	__u8 dst_options;	/* IPv6: 8-byte destination options headers */
};

/* Builds the frame into buf (FR_MAX bytes); returns its length. */
size_t fr_build(__u8 *buf, const struct fr_spec *spec);

/* ARP for IPv4 over Ethernet, op 1 (request) or 2 (reply). */
size_t fr_arp(__u8 *buf, __u16 op);

/*
 * An ICMP (family 4) or ICMPv6 (family 6) error quoting a TCP or UDP packet
 * our side sent from quoted_sport to quoted_dport.
 */
size_t fr_icmp_error(__u8 *buf, int family, __u8 type, __u8 code,
		     __u8 quoted_proto, __u16 quoted_sport,
		     __u16 quoted_dport);

/*
 * An MQTT PUBLISH: version 4 (3.1.1) or 5 (with props_len bytes of
 * properties), QoS 0-2. Returns its length in out.
 */
size_t fr_mqtt_publish(__u8 *out, size_t cap, int version, int qos,
		       const char *topic, const void *payload,
		       size_t payload_len, size_t props_len);

/* A TCP segment from the broker port carrying the given payload. */
size_t fr_tcp_payload(__u8 *buf, int family, __u16 sport, __u16 dport,
		      const void *payload, size_t len);

#endif /* NETSPLIT_TEST_FRAMES_H */
