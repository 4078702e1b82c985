// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include <netsplit/rules.h>

#include "frames.h"

static const __u8 fr_our_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x50, 0x10 };
static const __u8 fr_peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x50, 0x01 };
static const __u8 fr_group_mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };

void fr_use_test_addresses(struct ns_rules *rules)
{
	inet_pton(AF_INET, FR_OURS4, rules->table.ipv4);
	rules->table.ipv4_prefix = 24;
	inet_pton(AF_INET6, FR_OURS6, rules->table.ipv6[0]);
	rules->table.ipv6_count = 1;
}

static void fr_put16(__u8 *p, __u16 v)
{
	p[0] = (__u8)(v >> 8);
	p[1] = (__u8)v;
}

static void fr_put32(__u8 *p, __u32 v)
{
	fr_put16(p, (__u16)(v >> 16));
	fr_put16(p + 2, (__u16)v);
}

static __u16 fr_csum(const __u8 *p, size_t n)
{
	__u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (__u32)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (__u32)(p[n - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

static size_t fr_eth(__u8 *buf, bool group, __u16 proto)
{
	memcpy(buf, group ? fr_group_mac : fr_our_mac, 6);
	memcpy(buf + 6, fr_peer_mac, 6);
	fr_put16(buf + 12, proto);
	return 14;
}

/* L4 header and payload; returns its length. */
static size_t fr_l4(__u8 *p, const struct fr_spec *s)
{
	size_t hlen = 8;

	switch (s->proto) {
	case IPPROTO_TCP:
		hlen = 20;
		fr_put16(p, s->sport);
		fr_put16(p + 2, s->dport);
		fr_put32(p + 4, 1000);
		fr_put32(p + 8, 0);
		p[12] = 5 << 4;
		p[13] = s->tcp_flags ? s->tcp_flags : 0x10;
		fr_put16(p + 14, 65535);
		memset(p + 16, 0, 4);
		break;
	case IPPROTO_UDP:
		fr_put16(p, s->sport);
		fr_put16(p + 2, s->dport);
		fr_put16(p + 4, (__u16)(8 + s->payload_len));
		fr_put16(p + 6, 0);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		p[0] = s->icmp_type;
		p[1] = s->icmp_code;
		memset(p + 2, 0, 6);
		break;
	default:
		hlen = 0;
	}
	if (s->payload_len)
		memcpy(p + hlen, s->payload, s->payload_len);
	return hlen + s->payload_len;
}

static size_t fr_ipv4(__u8 *ip, const struct fr_spec *s)
{
	size_t hlen = 20 + s->ip_options;
	size_t l4 = s->frag_offset ? s->payload_len : 0;

	ip[0] = (__u8)(0x40 | hlen / 4);
	ip[1] = 0;
	fr_put16(ip + 4, (__u16)s->frag_id);
	fr_put16(ip + 6, (__u16)((s->more_fragments ? 0x2000 : 0) |
				 s->frag_offset));
	ip[8] = 64;
	ip[9] = s->proto;
	inet_pton(AF_INET, s->src ? s->src : FR_PEER4, ip + 12);
	inet_pton(AF_INET, s->dst ? s->dst : FR_OURS4, ip + 16);
	/* Options: NOPs, then end of list. */
	memset(ip + 20, 1, s->ip_options);
	if (s->ip_options)
		ip[hlen - 1] = 0;
	/* A later fragment carries payload only, no L4 header. */
	if (s->frag_offset)
		memcpy(ip + hlen, s->payload, s->payload_len);
	else
		l4 = fr_l4(ip + hlen, s);
	fr_put16(ip + 2, (__u16)(hlen + l4));
	fr_put16(ip + 10, 0);
	fr_put16(ip + 10, fr_csum(ip, hlen));
	return hlen + l4;
}

static size_t fr_ipv6(__u8 *ip, const struct fr_spec *s)
{
	__u8 *p = ip + 40;
	__u8 *next = ip + 6;
	size_t len;
	int i;

	ip[0] = 0x60;
	ip[1] = ip[2] = ip[3] = 0;
	ip[7] = 64;
	inet_pton(AF_INET6, s->src ? s->src : FR_PEER6, ip + 8);
	inet_pton(AF_INET6, s->dst ? s->dst : FR_OURS6, ip + 24);
	if (s->hop_by_hop) {
		*next = 0;
		memset(p, 0, 8);
		p[2] = 1; /* PadN */
		p[3] = 4;
		next = p;
		p += 8;
	}
	for (i = 0; i < s->dst_options; i++) {
		*next = 60;
		memset(p, 0, 8);
		p[2] = 1;
		p[3] = 4;
		next = p;
		p += 8;
	}
	if (s->frag_header) {
		*next = 44;
		memset(p, 0, 8);
		fr_put16(p + 2, (__u16)(s->frag_offset << 3 |
					(s->more_fragments ? 1 : 0)));
		fr_put32(p + 4, s->frag_id);
		next = p;
		p += 8;
	}
	*next = s->proto;
	if (s->frag_offset) {
		memcpy(p, s->payload, s->payload_len);
		len = s->payload_len;
	} else {
		len = fr_l4(p, s);
	}
	len += (size_t)(p - (ip + 40));
	fr_put16(ip + 4, (__u16)len);
	return 40 + len;
}

size_t fr_build(__u8 *buf, const struct fr_spec *s)
{
	size_t n;

	if (s->family == 6) {
		n = fr_eth(buf, s->l2_group, 0x86dd);
		return n + fr_ipv6(buf + n, s);
	}
	n = fr_eth(buf, s->l2_group, 0x0800);
	return n + fr_ipv4(buf + n, s);
}

size_t fr_arp(__u8 *buf, __u16 op)
{
	__u8 *a = buf + fr_eth(buf, op == 1, 0x0806);

	if (op == 1)
		memset(buf, 0xff, 6);
	fr_put16(a, 1);
	fr_put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	fr_put16(a + 6, op);
	memcpy(a + 8, fr_peer_mac, 6);
	inet_pton(AF_INET, FR_PEER4, a + 14);
	memcpy(a + 18, op == 1 ? (const __u8[6]){ 0 } : fr_our_mac, 6);
	inet_pton(AF_INET, FR_OURS4, a + 24);
	return 14 + 28;
}

size_t fr_icmp_error(__u8 *buf, int family, __u8 type, __u8 code,
		     __u8 quoted_proto, __u16 quoted_sport, __u16 quoted_dport)
{
	struct fr_spec quoted = {
		.family = family,
		.src = family == 4 ? FR_OURS4 : FR_OURS6,
		.dst = family == 4 ? FR_PEER4 : FR_PEER6,
		.proto = quoted_proto,
		.sport = quoted_sport,
		.dport = quoted_dport,
	};
	__u8 inner[FR_MAX];
	size_t inner_len = fr_build(inner, &quoted) - 14;
	struct fr_spec outer = {
		.family = family,
		.proto = family == 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6,
		.icmp_type = type,
		.icmp_code = code,
		.payload = inner + 14,
		/* RFC 792 quotes the header and 8 bytes; send just that. */
		.payload_len = inner_len < 28 + 40 ? inner_len : 28 + 40,
	};

	return fr_build(buf, &outer);
}

static size_t fr_varint(__u8 *p, size_t v)
{
	size_t n = 0;

	do {
		p[n] = (__u8)(v & 0x7f);
		v >>= 7;
		if (v)
			p[n] |= 0x80;
		n++;
	} while (v);
	return n;
}

size_t fr_mqtt_publish(__u8 *out, size_t cap, int version, int qos,
		       const char *topic, const void *payload,
		       size_t payload_len, size_t props_len)
{
	__u8 body[FR_MAX];
	size_t n = 0, topic_len = strlen(topic), i;

	fr_put16(body, (__u16)topic_len);
	memcpy(body + 2, topic, topic_len);
	n = 2 + topic_len;
	if (qos) {
		fr_put16(body + n, 0x1234);
		n += 2;
	}
	if (version == 5) {
		n += fr_varint(body + n, props_len);
		/* User properties are long; content type (3) makes filler. */
		for (i = 0; i < props_len; i++)
			body[n + i] = i == 0 ? 0x03 : 'x';
		if (props_len >= 3) {
			body[n + 1] = 0;
			body[n + 2] = (__u8)(props_len - 3);
		}
		n += props_len;
	}
	memcpy(body + n, payload, payload_len);
	n += payload_len;

	i = 0;
	out[i++] = (__u8)(0x30 | qos << 1);
	i += fr_varint(out + i, n);
	if (i + n > cap)
		return 0;
	memcpy(out + i, body, n);
	return i + n;
}

size_t fr_tcp_payload(__u8 *buf, int family, __u16 sport, __u16 dport,
		      const void *payload, size_t len)
{
	struct fr_spec s = {
		.family = family,
		.proto = IPPROTO_TCP,
		.sport = sport,
		.dport = dport,
		.tcp_flags = 0x18, /* PSH|ACK */
		.payload = payload,
		.payload_len = len,
	};

	return fr_build(buf, &s);
}
