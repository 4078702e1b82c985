// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control protocol: every message both ways, every malformed case, and
 * the connection's answers to them over a real socket.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netsplit/proto.h>

#include "check.h"
#include "conn.h"

static void fill_status(struct ns_msg *m)
{
	struct ns_net_status *s = &m->status;
	static const __u8 mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };

	memcpy(s->mac, mac, 6);
	s->link_up = 1;
	s->ipv4 = (struct ns_addr){ .family = 4, .prefix = 24,
				    .addr = { 192, 168, 50, 10 } };
	memcpy(s->gateway4, (__u8[]){ 192, 168, 50, 1 }, 4);
	memcpy(s->gateway6, (__u8[]){ 0xfe, 0x80, [15] = 1 }, 16);
	s->dns_count = 2;
	s->dns[0] = (struct ns_addr){ .family = 4, .addr = { 192, 168, 50, 1 } };
	s->dns[1] = (struct ns_addr){ .family = 6,
				      .addr = { 0xfd, 0, 0, 0x50, [15] = 1 } };
	s->ipv6_count = 2;
	s->ipv6[0] = (struct ns_addr){ .family = 6, .prefix = 64,
				       .addr = { 0xfd, 0, 0, 0x50, [15] = 10 } };
	s->ipv6[1] = (struct ns_addr){ .family = 6, .prefix = 128,
				       .addr = { 0xfe, 0x80, [15] = 7 } };
	s->lease_valid = 3600;
	s->lease_preferred = 1800;
	s->mtu = 1500;
	m->fields |= NS_STATUS_FIELDS;
}

/* A station connected to an access point whose RSSI is negative. */
static void fill_wifi(struct ns_msg *m)
{
	m->wifi = (struct ns_wifi_status){
		.state = NS_WIFI_CONNECTED, .rssi = -67,
		.bssid = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 },
		.ssid = "lab network" };
	m->fields |= NS_WIFI_FIELDS;
}

/* A message of each type with every field it can carry. */
static void fill(struct ns_msg *m, __u8 type, bool reply)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->type = type;
	m->flags = reply ? NS_MSG_F_REPLY : 0;
	m->request_id = 0x01020304u + type;
	switch (type) {
	case NS_MSG_HELLO:
		m->role = reply ? NS_ROLE_COPROCESSOR : NS_ROLE_HOST;
		m->caps = NS_CAP_ALL;
		m->heartbeat_ms = 1000;
		m->fields = NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS) |
			    NS_FIELD(NS_TLV_HEARTBEAT_MS);
		break;
	case NS_MSG_GET_MAC:
		if (reply) {
			fill_status(m);
			memset(&m->status.link_up, 0,
			       sizeof(m->status) - sizeof(m->status.mac));
			m->fields = NS_FIELD(NS_TLV_MAC);
		}
		break;
	case NS_MSG_GET_STATUS:
	case NS_MSG_STATUS_EVENT:
		if (reply || type == NS_MSG_STATUS_EVENT) {
			fill_status(m);
			m->host_state = NS_HOST_SLEEPING;
			m->rules_version = 7;
			m->fields |= NS_FIELD(NS_TLV_HOST_STATE) |
				     NS_FIELD(NS_TLV_RULES_VERSION);
		}
		if (type == NS_MSG_GET_STATUS && reply) {
			strcpy(m->ifname, "ethsta0");
			m->peer_version = 7;
			m->peer_digest = 0xdeadbeef;
			m->rules_digest = 0xdeadbeef;
			m->connected = 1;
			m->xdp_mode = NS_XDP_NATIVE;
			m->wake_count = 3;
			m->sub_state = NS_SUB_RETRYING;
			strcpy(m->sub_error, "The connection was refused");
			m->peer_state = NS_PEER_SILENT;
			m->peer_silent_ms = 3412;
			m->fields |= NS_FIELD(NS_TLV_PEER_STATE) |
				     NS_FIELD(NS_TLV_PEER_SILENT_MS) |
				     NS_FIELD(NS_TLV_SUB_STATE) |
				     NS_FIELD(NS_TLV_SUB_ERROR) |
				     NS_FIELD(NS_TLV_IFNAME) |
				     NS_FIELD(NS_TLV_PEER_VERSION) |
				     NS_FIELD(NS_TLV_PEER_DIGEST) |
				     NS_FIELD(NS_TLV_RULES_DIGEST) |
				     NS_FIELD(NS_TLV_CONNECTED) |
				     NS_FIELD(NS_TLV_XDP_MODE) |
				     NS_FIELD(NS_TLV_WAKE_COUNT);
			fill_wifi(m);
		}
		break;
	case NS_MSG_SET_RULES:
	case NS_MSG_GET_RULES:
		if (type == NS_MSG_SET_RULES && reply) {
			m->rules_version = 9;
			m->rules_digest = 0x12345678;
			m->fields = NS_FIELD(NS_TLV_RULES_VERSION) |
				    NS_FIELD(NS_TLV_RULES_DIGEST);
			break;
		}
		if (type == NS_MSG_GET_RULES && !reply)
			break;
		ns_rules_default(&m->rules);
		m->rules.table.version = 9;
		m->rules.range[NS_RANGE_HOST_TCP].lo = 40000;
		m->rules.list[NS_LIST_WAKE_SYN] = (struct ns_port_list){ 2, { 22, 80 } };
		memcpy(m->rules.wake[0].topic, "home/wake", 9);
		m->rules.wake[0].topic_len = 9;
		m->rules.sub = (struct ns_wake_sub){
			.broker = { 0xfd, 0, 0, 0x50, [15] = 1 },
			.broker_port = 8883, .keepalive = 0x1234, .family = 6,
			.topic_len = 6, .topic = "home/#",
			.prefix_len = 2, .prefix = "up",
			.client_id_len = 3, .client_id = "cp1",
			.username_len = 1, .username = "u",
			.password_file_len = 4, .password_file = "/pwd",
		};
		m->fields = NS_FIELD(NS_TLV_RULES);
		break;
	case NS_MSG_SET_HOST_STATE:
	case NS_MSG_HEARTBEAT:
		if (type == NS_MSG_SET_HOST_STATE || reply) {
			m->host_state = NS_HOST_DOWN;
			m->fields = NS_FIELD(NS_TLV_HOST_STATE);
		}
		break;
	case NS_MSG_WAKE_EVENT:
		m->wake_reason = NS_REASON_MQTT_WAKE;
		m->wake_rule = 2;
		m->fields = NS_FIELD(NS_TLV_WAKE);
		break;
	case NS_MSG_GET_STATS:
		if (reply) {
			m->stats_count = NS_REASON_COUNT;
			for (i = 0; i < NS_REASON_COUNT; i++)
				m->stats[i] = (struct ns_counter){
					(__u64)i << 33 | 5, (__u64)i * 1500 };
			m->fields = NS_FIELD(NS_TLV_STATS);
		}
		break;
	case NS_MSG_SET_WIFI:
		if (reply) {
			fill_wifi(m);
			break;
		}
		strcpy(m->wifi.ssid, "lab network");
		strcpy(m->wifi_psk, "correct horse battery");
		m->fields = NS_FIELD(NS_TLV_WIFI_SSID) |
			    NS_FIELD(NS_TLV_WIFI_PSK);
		break;
	case NS_MSG_ERROR:
		m->error = NS_PERR_BAD_VALUE;
		strcpy(m->text, "bad-value in set-rules");
		m->fields = NS_FIELD(NS_TLV_ERROR) | NS_FIELD(NS_TLV_TEXT);
		break;
	}
}

static int encode(const struct ns_msg *m, __u8 *buf)
{
	return ns_msg_encode(m, buf, NS_MSG_MAX);
}

static void test_roundtrip(void)
{
	static struct ns_msg in, out;
	__u8 buf[NS_MSG_MAX];
	int type, reply, len;

	for (type = 1; type < NS_MSG_TYPE_COUNT; type++) {
		for (reply = 0; reply < 2; reply++) {
			fill(&in, (__u8)type, reply);
			len = encode(&in, buf);
			CHECK(len >= NS_MSG_HDR_LEN, "%s/%d: encode %d",
			      ns_msg_name[type], reply, len);
			CHECK(ns_msg_frame(buf, (__u32)len) == len,
			      "%s: framed", ns_msg_name[type]);
			CHECK(ns_msg_decode(buf, (__u32)len, &out) == 0,
			      "%s/%d: decode", ns_msg_name[type], reply);
			CHECK(!memcmp(&in, &out, sizeof(in)),
			      "%s/%d: decoded message differs",
			      ns_msg_name[type], reply);
		}
	}
}

static void test_encode_refuses(void)
{
	struct ns_msg m;
	__u8 buf[NS_MSG_MAX];

	fill(&m, NS_MSG_SET_RULES, false);
	m.fields = 0;
	CHECK(encode(&m, buf) == -NS_PERR_MISSING_FIELD, "set-rules without rules");
	m.type = NS_MSG_TYPE_COUNT;
	CHECK(encode(&m, buf) == -NS_PERR_UNKNOWN_TYPE, "unknown type encoded");
	fill(&m, NS_MSG_SET_RULES, false);
	CHECK(ns_msg_encode(&m, buf, 100) == -NS_PERR_TOO_LONG, "small buffer");
}

/* Decodes buf and expects the error want. */
static void expect(const __u8 *buf, __u32 len, int want, const char *what)
{
	static struct ns_msg m;
	int got = ns_msg_decode(buf, len, &m);

	CHECK(got == want, "%s: got %s, want %s", what,
	      got <= 0 && -got < NS_PERR_COUNT ? ns_perr_name[-got] : "?",
	      ns_perr_name[-want]);
}

/* Builds a GET_STATUS reply whose TLVs are given raw. */
static __u32 raw(__u8 *buf, __u8 type, __u16 flags, const __u8 *tlvs,
		 __u16 tlv_len)
{
	ns_put16(buf, NS_PROTO_MAGIC);
	buf[2] = NS_PROTO_VERSION;
	buf[3] = type;
	ns_put16(buf + 4, flags);
	ns_put16(buf + 6, tlv_len);
	ns_put32(buf + 8, 42);
	if (tlv_len)
		memcpy(buf + NS_MSG_HDR_LEN, tlvs, tlv_len);
	return NS_MSG_HDR_LEN + tlv_len;
}

static __u16 tlv(__u8 *p, __u16 type, __u16 len, const void *val)
{
	ns_put16(p, type);
	ns_put16(p + 2, len);
	memcpy(p + 4, val, len);
	return (__u16)(4 + len);
}

static void test_malformed(void)
{
	static struct ns_msg m;
	__u8 buf[NS_MSG_MAX + 64], t[NS_MSG_MAX];
	static const __u8 zero[NS_MSG_MAX];
	__u8 one = 1;
	__u32 len, i;
	__u16 n;
	int full;

	/* Every prefix of a valid message: need more, or truncated. */
	fill(&m, NS_MSG_STATUS_EVENT, false);
	full = encode(&m, buf);
	for (i = 0; i < (__u32)full; i++) {
		CHECK(ns_msg_frame(buf, i) == 0, "prefix %u framed", i);
		CHECK(ns_msg_decode(buf, i, &m) < 0, "prefix %u decoded", i);
	}

	fill(&m, NS_MSG_HEARTBEAT, false);
	len = (__u32)encode(&m, buf);
	buf[0] = 'X';
	CHECK(ns_msg_frame(buf, len) == -NS_PERR_BAD_MAGIC, "magic framed");
	expect(buf, len, -NS_PERR_BAD_MAGIC, "bad magic");
	buf[0] = 'N';
	buf[2] = 2;
	expect(buf, len, -NS_PERR_BAD_VERSION, "version 2");
	buf[2] = 0;
	expect(buf, len, -NS_PERR_BAD_VERSION, "version 0");
	buf[2] = NS_PROTO_VERSION;
	buf[3] = 0;
	expect(buf, len, -NS_PERR_UNKNOWN_TYPE, "type 0");
	buf[3] = NS_MSG_TYPE_COUNT;
	expect(buf, len, -NS_PERR_UNKNOWN_TYPE, "type past the last");
	buf[3] = 0xff;
	expect(buf, len, -NS_PERR_UNKNOWN_TYPE, "type 255");

	/* Oversize: the header claims more than the maximum. */
	raw(buf, NS_MSG_HEARTBEAT, 0, NULL, 0);
	ns_put16(buf + 6, NS_MSG_MAX - NS_MSG_HDR_LEN + 1);
	CHECK(ns_msg_frame(buf, sizeof(buf)) == -NS_PERR_TOO_LONG, "oversize framed");
	expect(buf, NS_MSG_MAX + 1, -NS_PERR_TOO_LONG, "oversize");
	ns_put16(buf + 6, 0xffff);
	CHECK(ns_msg_frame(buf, NS_MSG_HDR_LEN) == -NS_PERR_TOO_LONG,
	      "65535 framed");

	/* The header's length and the bytes given disagree. */
	len = raw(buf, NS_MSG_HEARTBEAT, 0, NULL, 0);
	ns_put16(buf + 6, 4);
	expect(buf, len, -NS_PERR_BAD_LENGTH, "length longer than bytes");
	ns_put16(buf + 6, 0);
	expect(buf, len + 4, -NS_PERR_BAD_LENGTH, "length shorter than bytes");

	/* Truncated TLVs: a partial TLV header, a value past the end. */
	len = raw(buf, NS_MSG_HEARTBEAT, 0, (__u8[]){ 0, 1, 0 }, 3);
	expect(buf, len, -NS_PERR_TRUNCATED, "3-byte TLV header");
	n = tlv(t, NS_TLV_HOST_STATE, 1, &one);
	ns_put16(t + 2, 5);
	len = raw(buf, NS_MSG_SET_HOST_STATE, 0, t, n);
	expect(buf, len, -NS_PERR_TRUNCATED, "TLV value past the end");
	ns_put16(t + 2, 0xffff);
	len = raw(buf, NS_MSG_SET_HOST_STATE, 0, t, n);
	expect(buf, len, -NS_PERR_TRUNCATED, "TLV length 65535");

	/* Every fixed-size TLV, one byte short and one byte long. */
	for (i = 1; i < NS_TLV_TYPE_COUNT; i++) {
		if (!ns_tlv_len[i])
			continue;
		n = tlv(t, (__u16)i, (__u16)(ns_tlv_len[i] - 1), zero);
		len = raw(buf, NS_MSG_HEARTBEAT, 0, t, n);
		expect(buf, len, -NS_PERR_BAD_LENGTH, "TLV one byte short");
		n = tlv(t, (__u16)i, (__u16)(ns_tlv_len[i] + 1), zero);
		len = raw(buf, NS_MSG_HEARTBEAT, 0, t, n);
		expect(buf, len, -NS_PERR_BAD_LENGTH, "TLV one byte long");
	}
	/* Variable sizes out of their sets. */
	n = tlv(t, NS_TLV_DNS, 6, zero);
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_LENGTH,
	       "DNS of 6 bytes");
	n = tlv(t, NS_TLV_STATS, 17, zero);
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_LENGTH,
	       "stats of 17 bytes");
	n = tlv(t, NS_TLV_STATS, 0, zero);
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_LENGTH,
	       "empty stats");
	n = tlv(t, NS_TLV_TEXT, 0, zero);
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_LENGTH,
	       "empty text");
	n = tlv(t, NS_TLV_TEXT, 128, zero);
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_LENGTH,
	       "text of 128 bytes");
	n = tlv(t, NS_TLV_IFNAME, 16, "ethsta0ethsta0xx");
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_LENGTH,
	       "ifname of 16 bytes");
	n = tlv(t, NS_TLV_TEXT, 3, "a\nb");
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "text with a newline");

	/* Values out of range. */
	n = tlv(t, NS_TLV_HOST_STATE, 1, (__u8[]){ NS_HOST_STATE_COUNT });
	expect(buf, raw(buf, NS_MSG_SET_HOST_STATE, 0, t, n),
	       -NS_PERR_BAD_VALUE, "host state 3");
	n = tlv(t, NS_TLV_ROLE, 1, (__u8[]){ 0 });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "role 0");
	n = tlv(t, NS_TLV_IPV4, 5, (__u8[]){ 10, 0, 0, 1, 33 });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "IPv4 prefix 33");
	n = tlv(t, NS_TLV_IPV6, 17, (__u8[]){ [16] = 129 });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "IPv6 prefix 129");
	n = tlv(t, NS_TLV_LINK, 1, (__u8[]){ 2 });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "link 2");
	n = tlv(t, NS_TLV_HEARTBEAT_MS, 4, (__u8[]){ 0, 0, 0, 10 });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "heartbeat of 10 ms");
	n = tlv(t, NS_TLV_LEASE, 8, (__u8[]){ 0, 0, 0, 1, 0, 0, 0, 2 });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "preferred longer than valid");
	n = tlv(t, NS_TLV_WAKE, 2, (__u8[]){ NS_REASON_COUNT, 0 });
	expect(buf, raw(buf, NS_MSG_WAKE_EVENT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "wake reason out of range");

	n = tlv(t, NS_TLV_SUB_STATE, 1, (__u8[]){ NS_SUB_STATE_COUNT });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "subscription state out of range");
	n = tlv(t, NS_TLV_SUB_ERROR, 0, zero);
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_LENGTH,
	       "empty subscription error");
	n = tlv(t, NS_TLV_SUB_ERROR, 3, "a\tb");
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n), -NS_PERR_BAD_VALUE,
	       "subscription error with a tab");

	/* A rule table that breaks a rule: overlapping ranges. */
	fill(&m, NS_MSG_SET_RULES, false);
	m.rules.range[NS_RANGE_SLAVE_TCP].lo = 50000;
	len = (__u32)encode(&m, buf);
	expect(buf, len, -NS_PERR_BAD_VALUE, "overlapping ranges");
	/* ... a subscription to no valid topic filter, a short keepalive. */
	fill(&m, NS_MSG_SET_RULES, false);
	m.rules.sub.topic[1] = '#';
	len = (__u32)encode(&m, buf);
	expect(buf, len, -NS_PERR_BAD_VALUE, "topic filter with # inside");
	fill(&m, NS_MSG_SET_RULES, false);
	m.rules.sub.keepalive = 4;
	len = (__u32)encode(&m, buf);
	expect(buf, len, -NS_PERR_BAD_VALUE, "keepalive of 4 s");

	/* Missing and repeated fields. */
	expect(buf, raw(buf, NS_MSG_SET_HOST_STATE, 0, NULL, 0),
	       -NS_PERR_MISSING_FIELD, "set-host-state without a state");
	expect(buf, raw(buf, NS_MSG_GET_MAC, NS_MSG_F_REPLY, NULL, 0),
	       -NS_PERR_MISSING_FIELD, "get-mac reply without a MAC");
	n = tlv(t, NS_TLV_HOST_STATE, 1, (__u8[]){ 0 });
	n += tlv(t + n, NS_TLV_HOST_STATE, 1, (__u8[]){ 1 });
	expect(buf, raw(buf, NS_MSG_SET_HOST_STATE, 0, t, n),
	       -NS_PERR_DUPLICATE_FIELD, "two host states");
	n = 0;
	for (i = 0; i < 3; i++)
		n += tlv(t + n, NS_TLV_DNS, 4, (__u8[]){ 10, 0, 0, (__u8)i });
	expect(buf, raw(buf, NS_MSG_HEARTBEAT, 0, t, n),
	       -NS_PERR_DUPLICATE_FIELD, "three DNS servers");

	/* Unknown TLV types are skipped. */
	n = tlv(t, 999, 3, "abc");
	n += tlv(t + n, NS_TLV_HOST_STATE, 1, (__u8[]){ 1 });
	expect(buf, raw(buf, NS_MSG_SET_HOST_STATE, 0, t, n), 0,
	       "unknown TLV skipped");
}

/*
 * The station's credentials on the wire: the SSID 1-32 printable bytes,
 * the passphrase 8-64 (an open network sends none), the state in range;
 * a set-wifi without an SSID is incomplete. The RSSI is a signed byte.
 */
static void test_wifi(void)
{
	static struct ns_msg m;
	__u8 buf[NS_MSG_MAX], t[256];
	char psk[NS_WIFI_PSK_MAX + 2];
	__u16 n;

	n = tlv(t, NS_TLV_WIFI_SSID, 3, "lab");
	CHECK(ns_msg_decode(buf, raw(buf, NS_MSG_SET_WIFI, 0, t, n), &m) == 0 &&
		      !strcmp(m.wifi.ssid, "lab") &&
		      !(m.fields & NS_FIELD(NS_TLV_WIFI_PSK)) && !m.wifi_psk[0],
	      "set-wifi for an open network: an SSID, no passphrase");
	memset(psk, 'p', sizeof(psk));
	expect(buf, raw(buf, NS_MSG_SET_WIFI, 0, t,
			n + tlv(t + n, NS_TLV_WIFI_PSK, 7, psk)),
	       -NS_PERR_BAD_LENGTH, "a passphrase of 7 characters");
	expect(buf, raw(buf, NS_MSG_SET_WIFI, 0, t,
			n + tlv(t + n, NS_TLV_WIFI_PSK, 65, psk)),
	       -NS_PERR_BAD_LENGTH, "a passphrase of 65 characters");
	expect(buf, raw(buf, NS_MSG_SET_WIFI, 0, t,
			n + tlv(t + n, NS_TLV_WIFI_PSK, 8, "pass\nwrd")),
	       -NS_PERR_BAD_VALUE, "a control character in the passphrase");
	CHECK(ns_msg_decode(buf, raw(buf, NS_MSG_SET_WIFI, 0, t,
				      n + tlv(t + n, NS_TLV_WIFI_PSK, 64, psk)),
			    &m) == 0 && strlen(m.wifi_psk) == 64,
	      "64 characters of passphrase (a PSK's hex)");
	expect(buf, raw(buf, NS_MSG_SET_WIFI, 0, t,
			tlv(t, NS_TLV_WIFI_SSID, 33, psk)),
	       -NS_PERR_BAD_LENGTH, "an SSID of 33 bytes");
	expect(buf, raw(buf, NS_MSG_SET_WIFI, 0, t,
			tlv(t, NS_TLV_WIFI_PSK, 8, psk)),
	       -NS_PERR_MISSING_FIELD, "set-wifi without an SSID");
	expect(buf, raw(buf, NS_MSG_SET_WIFI, NS_MSG_F_REPLY, t,
			tlv(t, NS_TLV_WIFI_STATE, 1,
			    (__u8[]){ NS_WIFI_STATE_COUNT })),
	       -NS_PERR_BAD_VALUE, "a state out of range");
	n = tlv(t, NS_TLV_WIFI_STATE, 1, (__u8[]){ NS_WIFI_CONNECTED });
	n += tlv(t + n, NS_TLV_WIFI_RSSI, 1, (__u8[]){ 0xb0 });
	CHECK(ns_msg_decode(buf, raw(buf, NS_MSG_SET_WIFI, NS_MSG_F_REPLY, t,
				      n), &m) == 0 &&
		      m.wifi.rssi == -80,
	      "RSSI 0xb0 is -80 dBm");
	CHECK(ns_wifi_usable("lab", "") && ns_wifi_usable("lab", "12345678") &&
		      !ns_wifi_usable("lab", "1234567") &&
		      !ns_wifi_usable("", "12345678"),
	      "usable: an open network, 8 characters; not 7, not no SSID");
}

/* Random mutations of valid messages never crash or read out of bounds. */
static void test_mutations(void)
{
	static struct ns_msg m;
	__u8 buf[NS_MSG_MAX], *copy;
	unsigned int i, k, seed = 7, decoded = 0;
	int len, type, frame;

	for (i = 0; i < 100000; i++) {
		type = 1 + (int)(rand_r(&seed) % (NS_MSG_TYPE_COUNT - 1));
		fill(&m, (__u8)type, rand_r(&seed) & 1);
		len = encode(&m, buf);
		for (k = rand_r(&seed) % 4; k <= 3; k++)
			buf[rand_r(&seed) % (unsigned int)len] ^=
				(__u8)(1 + rand_r(&seed) % 255);
		len -= (int)(rand_r(&seed) % 3 ? 0 : rand_r(&seed) % (unsigned int)len);
		/* An exact-size heap copy lets ASan see any overread. */
		copy = malloc((size_t)len + 1);
		memcpy(copy, buf, (size_t)len);
		frame = ns_msg_frame(copy, (__u32)len);
		if (ns_msg_decode(copy, (__u32)len, &m) == 0)
			decoded++;
		free(copy);
		(void)frame;
	}
	CHECK(decoded < 100000, "mutations all decoded (%u)", decoded);
}

static int heartbeats;

static int server(struct ns_conn *conn, const struct ns_msg *msg,
		  struct ns_msg *reply, void *ctx)
{
	(void)conn;
	(void)ctx;
	if (msg->type != NS_MSG_HEARTBEAT)
		return -NS_PERR_NOT_SUPPORTED;
	heartbeats++;
	reply->type = NS_MSG_HEARTBEAT;
	reply->host_state = NS_HOST_AWAKE;
	reply->fields = NS_FIELD(NS_TLV_HOST_STATE);
	return 0;
}

/* Reads the next whole message the server sent to the client end. */
static int client_read(int fd, struct ns_msg *m)
{
	static __u8 buf[NS_MSG_MAX];
	static __u32 have;
	ssize_t n;
	int len;

	for (;;) {
		len = ns_msg_frame(buf, have);
		if (len > 0) {
			int ret = ns_msg_decode(buf, (__u32)len, m);

			memmove(buf, buf + len, have - (__u32)len);
			have -= (__u32)len;
			return ret;
		}
		n = recv(fd, buf + have, sizeof(buf) - have, MSG_DONTWAIT);
		if (n <= 0)
			return n == 0 ? -ECONNRESET : -errno;
		have += (__u32)n;
	}
}

static void send_raw(int fd, const void *p, size_t len)
{
	CHECK(write(fd, p, len) == (ssize_t)len, "write");
}

static void expect_reply(int fd, int perr, __u32 id, const char *what)
{
	static struct ns_msg m;
	int ret = client_read(fd, &m);

	CHECK(ret == 0, "%s: no reply (%d)", what, ret);
	if (perr) {
		CHECK(m.type == NS_MSG_ERROR && m.error == perr,
		      "%s: reply type %u error %u, want error %s", what, m.type,
		      m.error, ns_perr_name[perr]);
		CHECK(strstr(m.text, ns_perr_name[perr]) != NULL,
		      "%s: text '%s'", what, m.text);
	} else {
		CHECK(m.type == NS_MSG_HEARTBEAT, "%s: reply type %u", what,
		      m.type);
	}
	CHECK((m.flags & NS_MSG_F_REPLY) && m.request_id == id,
	      "%s: flags %#x id %u, want reply to %u", what, m.flags,
	      m.request_id, id);
}

static void test_connection(void)
{
	static struct ns_conn conn;
	static struct ns_msg m;
	__u8 buf[NS_MSG_MAX];
	int sv[2], len;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	ns_conn_init(&conn, sv[0]);

	/* A request in two pieces, then two requests in one write. */
	fill(&m, NS_MSG_HEARTBEAT, false);
	len = encode(&m, buf);
	send_raw(sv[1], buf, 5);
	CHECK(ns_conn_receive(&conn, server, NULL) == 0, "half a message");
	CHECK(heartbeats == 0, "handled half a message");
	send_raw(sv[1], buf + 5, (size_t)len - 5);
	memcpy(buf + len, buf, (size_t)len);
	send_raw(sv[1], buf, (size_t)len * 2);
	CHECK(ns_conn_receive(&conn, server, NULL) == 0, "whole messages");
	CHECK(heartbeats == 3, "heartbeats handled: %d", heartbeats);
	expect_reply(sv[1], 0, m.request_id, "piecewise");
	expect_reply(sv[1], 0, m.request_id, "first of two");
	expect_reply(sv[1], 0, m.request_id, "second of two");

	/* Errors the stream survives: each answered, then service goes on. */
	buf[2] = 9;
	send_raw(sv[1], buf, (size_t)len);
	ns_conn_receive(&conn, server, NULL);
	expect_reply(sv[1], NS_PERR_BAD_VERSION, m.request_id, "version 9");
	buf[2] = NS_PROTO_VERSION;
	buf[3] = 200;
	send_raw(sv[1], buf, (size_t)len);
	ns_conn_receive(&conn, server, NULL);
	expect_reply(sv[1], NS_PERR_UNKNOWN_TYPE, m.request_id, "type 200");
	fill(&m, NS_MSG_GET_STATS, false);
	len = encode(&m, buf);
	send_raw(sv[1], buf, (size_t)len);
	ns_conn_receive(&conn, server, NULL);
	expect_reply(sv[1], NS_PERR_NOT_SUPPORTED, m.request_id,
		     "unsupported request");
	/* A reply or an event is never answered. */
	fill(&m, NS_MSG_HEARTBEAT, true);
	m.host_state = 9;
	len = encode(&m, buf);
	send_raw(sv[1], buf, (size_t)len);
	fill(&m, NS_MSG_HEARTBEAT, false);
	len = encode(&m, buf);
	send_raw(sv[1], buf, (size_t)len);
	ns_conn_receive(&conn, server, NULL);
	expect_reply(sv[1], 0, m.request_id, "after a bad reply");
	CHECK(!conn.closed, "closed after recoverable errors");

	/* A message cut short by silence: error, then closed. */
	send_raw(sv[1], buf, 7);
	ns_conn_receive(&conn, server, NULL);
	ns_conn_tick(&conn, ns_now_ms() + NS_CONN_PARTIAL_MS / 2);
	CHECK(!conn.closed, "closed before the partial timeout");
	ns_conn_tick(&conn, ns_now_ms() + NS_CONN_PARTIAL_MS + 1);
	CHECK(conn.closed, "partial message kept the connection");
	expect_reply(sv[1], NS_PERR_TRUNCATED, 0, "silence");
	close(sv[1]);

	/* Garbage: bad magic is answered and ends the stream. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	ns_conn_init(&conn, sv[0]);
	send_raw(sv[1], "GET / HTTP/1.0\r\n\r\n", 18);
	CHECK(ns_conn_receive(&conn, server, NULL) < 0, "garbage accepted");
	expect_reply(sv[1], NS_PERR_BAD_MAGIC, 0, "garbage");
	CHECK(client_read(sv[1], &m) == -ECONNRESET, "open after garbage");
	close(sv[1]);

	/* Oversize length: answered, closed. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	ns_conn_init(&conn, sv[0]);
	raw(buf, NS_MSG_HEARTBEAT, 0, NULL, 0);
	ns_put16(buf + 6, 0xfff0);
	send_raw(sv[1], buf, NS_MSG_HDR_LEN);
	CHECK(ns_conn_receive(&conn, server, NULL) < 0, "oversize accepted");
	expect_reply(sv[1], NS_PERR_TOO_LONG, 42, "oversize");
	close(sv[1]);

	/* Short read: half a message, then end of file. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	ns_conn_init(&conn, sv[0]);
	fill(&m, NS_MSG_SET_HOST_STATE, false);
	len = encode(&m, buf);
	send_raw(sv[1], buf, (size_t)len - 1);
	shutdown(sv[1], SHUT_WR);
	CHECK(ns_conn_receive(&conn, server, NULL) < 0, "short read accepted");
	expect_reply(sv[1], NS_PERR_TRUNCATED, m.request_id, "short read");
	close(sv[1]);
}

int main(void)
{
	test_roundtrip();
	test_encode_refuses();
	test_malformed();
	test_wifi();
	test_mutations();
	test_connection();
	return check_report();
}
