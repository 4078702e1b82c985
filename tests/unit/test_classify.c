// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every rule and reason of SPEC section 3, through both engines. Each case
 * states the frame, the table and host state, and the expected verdict.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include <netsplit/reasons.h>

#include "check.h"
#include "engines.h"
#include "frames.h"

#define SLAVE NS_DEST_SLAVE
#define HOST NS_DEST_HOST
#define BOTH NS_DEST_BOTH
#define DROP NS_DEST_DROP

static __u8 frame[FR_MAX];

static void expect_at(int line, const char *what, const __u8 *f, size_t len,
		      __u8 dest, __u8 reason, __u8 wake)
{
	struct ns_result res;
	int agree = eng_classify(f, len, &res);

	CHECK(agree == 0, "line %d: %s: engines disagree or failed", line,
	      what);
	CHECK(res.dest == dest && res.reason == reason && res.wake == wake,
	      "line %d: %s: got %s %s wake=%u, want %s %s wake=%u", line, what,
	      ns_dest_name[res.dest], ns_reason_name[res.reason], res.wake,
	      ns_dest_name[dest], ns_reason_name[reason], wake);
}

#define EXPECT(what, f, len, dest, reason, wake) \
	expect_at(__LINE__, what, f, len, dest, reason, wake)

static void set_state(__u8 state)
{
	eng_rules()->table.host_state = state;
	eng_apply();
}

static size_t l4(int family, __u8 proto, __u16 sport, __u16 dport)
{
	struct fr_spec s = { .family = family, .proto = proto,
			     .sport = sport, .dport = dport };

	return fr_build(frame, &s);
}

static size_t tcp_flags(int family, __u16 sport, __u16 dport, __u8 flags)
{
	struct fr_spec s = { .family = family, .proto = IPPROTO_TCP,
			     .sport = sport, .dport = dport,
			     .tcp_flags = flags };

	return fr_build(frame, &s);
}

static void test_arp(void)
{
	size_t n;

	set_state(NS_HOST_AWAKE);
	EXPECT("ARP request", frame, fr_arp(frame, 1), SLAVE,
	       NS_REASON_ARP_REQUEST, 0);
	EXPECT("ARP reply, host awake", frame, fr_arp(frame, 2), BOTH,
	       NS_REASON_ARP_REPLY, 0);
	set_state(NS_HOST_SLEEPING);
	EXPECT("ARP reply, host sleeping", frame, fr_arp(frame, 2), SLAVE,
	       NS_REASON_ARP_REPLY, 0);
	set_state(NS_HOST_DOWN);
	EXPECT("ARP reply, host down", frame, fr_arp(frame, 2), SLAVE,
	       NS_REASON_ARP_REPLY, 0);
	EXPECT("ARP request, host down", frame, fr_arp(frame, 1), SLAVE,
	       NS_REASON_ARP_REQUEST, 0);
	set_state(NS_HOST_AWAKE);
	n = fr_arp(frame, 1);
	for (size_t cut = 14; cut < n; cut++)
		EXPECT("ARP cut short", frame, cut, DROP, NS_REASON_MALFORMED,
		       0);
}

/* lo-1, lo, hi, hi+1 of every range, in every host state. */
static void test_range_edges(void)
{
	static const struct {
		__u16 port;
		int owner; /* 0 none, 1 host, 2 slave */
	} edges[] = {
		{ 9999, 0 },  { 10000, 1 }, { 20000, 1 }, { 20001, 0 },
		{ 29999, 0 }, { 30000, 2 }, { 40000, 2 }, { 40001, 0 },
	};
	struct ns_rules *r = eng_rules();
	int udp, state;
	size_t i;
	char what[96];

	r->range[NS_RANGE_HOST_TCP] = (struct ns_port_range){ 10000, 20000 };
	r->range[NS_RANGE_HOST_UDP] = (struct ns_port_range){ 10000, 20000 };
	r->range[NS_RANGE_SLAVE_TCP] = (struct ns_port_range){ 30000, 40000 };
	r->range[NS_RANGE_SLAVE_UDP] = (struct ns_port_range){ 30000, 40000 };
	for (state = 0; state < NS_HOST_STATE_COUNT; state++) {
		set_state((__u8)state);
		for (udp = 0; udp < 2; udp++) {
			for (i = 0; i < NS_ARRAY_SIZE(edges); i++) {
				size_t n = l4(4, udp ? IPPROTO_UDP : IPPROTO_TCP,
					      7000, edges[i].port);
				__u8 dest = SLAVE, reason = NS_REASON_DEFAULT;

				if (edges[i].owner == 1) {
					dest = state == NS_HOST_AWAKE ? HOST : DROP;
					reason = state == NS_HOST_AWAKE ?
							 NS_REASON_HOST_RANGE :
							 NS_REASON_HOST_ASLEEP;
				} else if (edges[i].owner == 2) {
					reason = NS_REASON_SLAVE_RANGE;
				}
				snprintf(what, sizeof(what), "%s port %u, host %s",
					 udp ? "UDP" : "TCP", edges[i].port,
					 ns_host_state_name[state]);
				EXPECT(what, frame, n, dest, reason, 0);
			}
		}
	}
	/* The defaults meet: 61439 is the host's, 61440 the slave's. */
	eng_reset_defaults();
	set_state(NS_HOST_AWAKE);
	EXPECT("TCP 49151", frame, l4(4, IPPROTO_TCP, 7000, 49151), SLAVE,
	       NS_REASON_DEFAULT, 0);
	EXPECT("TCP 49152", frame, l4(4, IPPROTO_TCP, 7000, 49152), HOST,
	       NS_REASON_HOST_RANGE, 0);
	EXPECT("TCP 61439", frame, l4(4, IPPROTO_TCP, 7000, 61439), HOST,
	       NS_REASON_HOST_RANGE, 0);
	EXPECT("TCP 61440", frame, l4(4, IPPROTO_TCP, 7000, 61440), SLAVE,
	       NS_REASON_SLAVE_RANGE, 0);
	EXPECT("UDP 65535", frame, l4(4, IPPROTO_UDP, 7000, 65535), SLAVE,
	       NS_REASON_SLAVE_RANGE, 0);
	r->table.default_dest = NS_DEST_DROP;
	eng_apply();
	EXPECT("TCP 1000, default drop", frame, l4(4, IPPROTO_TCP, 7000, 1000),
	       DROP, NS_REASON_DEFAULT, 0);
	r->table.default_dest = NS_DEST_HOST;
	eng_apply();
	EXPECT("TCP 1000, default host", frame, l4(4, IPPROTO_TCP, 7000, 1000),
	       HOST, NS_REASON_DEFAULT, 0);
	set_state(NS_HOST_DOWN);
	EXPECT("TCP 1000, default host, host down", frame,
	       l4(4, IPPROTO_TCP, 7000, 1000), DROP, NS_REASON_HOST_DOWN, 0);
	eng_reset_defaults();
}

static void test_static_and_shared(void)
{
	struct ns_rules *r = eng_rules();

	set_state(NS_HOST_AWAKE);
	EXPECT("TCP 22", frame, l4(4, IPPROTO_TCP, 40000, 22), HOST,
	       NS_REASON_STATIC_PORT, 0);
	EXPECT("TCP 8554", frame, l4(6, IPPROTO_TCP, 40000, 8554), HOST,
	       NS_REASON_STATIC_PORT, 0);
	EXPECT("UDP 53", frame, l4(4, IPPROTO_UDP, 40000, 53), HOST,
	       NS_REASON_STATIC_PORT, 0);
	EXPECT("UDP 123", frame, l4(6, IPPROTO_UDP, 40000, 123), HOST,
	       NS_REASON_STATIC_PORT, 0);
	EXPECT("UDP 22 is not TCP 22", frame, l4(4, IPPROTO_UDP, 40000, 22),
	       SLAVE, NS_REASON_DEFAULT, 0);
	r->list[NS_LIST_STATIC_TCP_SRC] = (struct ns_port_list){ 1, { 443 } };
	r->list[NS_LIST_STATIC_UDP_SRC] = (struct ns_port_list){ 1, { 3478 } };
	eng_apply();
	EXPECT("TCP from 443 to a slave port", frame,
	       l4(4, IPPROTO_TCP, 443, 62000), HOST, NS_REASON_STATIC_PORT, 0);
	EXPECT("UDP from 3478", frame, l4(4, IPPROTO_UDP, 3478, 62000), HOST,
	       NS_REASON_STATIC_PORT, 0);
	set_state(NS_HOST_SLEEPING);
	EXPECT("TCP 22, host sleeping", frame, l4(4, IPPROTO_TCP, 40000, 22),
	       DROP, NS_REASON_HOST_ASLEEP, 0);
	EXPECT("UDP 53, host sleeping", frame, l4(4, IPPROTO_UDP, 40000, 53),
	       DROP, NS_REASON_HOST_ASLEEP, 0);
	r->list[NS_LIST_WAKE_SYN] = (struct ns_port_list){ 2, { 22, 50080 } };
	eng_apply();
	EXPECT("SYN to 22, wake port", frame,
	       tcp_flags(4, 40000, 22, 0x02), HOST, NS_REASON_SYN_WAKE, 1);
	EXPECT("SYN to 50080 (host range), wake port", frame,
	       tcp_flags(6, 40000, 50080, 0x02), HOST, NS_REASON_SYN_WAKE, 1);
	EXPECT("SYN-ACK to 22 does not wake", frame,
	       tcp_flags(4, 40000, 22, 0x12), DROP, NS_REASON_HOST_ASLEEP, 0);
	EXPECT("ACK to 22 does not wake", frame,
	       tcp_flags(4, 40000, 22, 0x10), DROP, NS_REASON_HOST_ASLEEP, 0);
	EXPECT("SYN to 8554, not a wake port", frame,
	       tcp_flags(4, 40000, 8554, 0x02), DROP, NS_REASON_HOST_ASLEEP, 0);
	set_state(NS_HOST_DOWN);
	EXPECT("SYN to 22 wakes a host that is down", frame,
	       tcp_flags(4, 40000, 22, 0x02), HOST, NS_REASON_SYN_WAKE, 1);
	EXPECT("TCP 22, host down", frame, l4(4, IPPROTO_TCP, 40000, 22), DROP,
	       NS_REASON_HOST_ASLEEP, 0);
	eng_reset_defaults();

	/* Shared port 5001: slave if it listens, else host if awake. */
	set_state(NS_HOST_AWAKE);
	EXPECT("TCP 5001, slave not listening", frame,
	       l4(4, IPPROTO_TCP, 40000, 5001), HOST, NS_REASON_SHARED_HOST, 0);
	set_state(NS_HOST_SLEEPING);
	EXPECT("TCP 5001, host sleeping", frame,
	       l4(4, IPPROTO_TCP, 40000, 5001), SLAVE, NS_REASON_DEFAULT, 0);
	r->table.default_dest = NS_DEST_DROP;
	eng_apply();
	EXPECT("UDP 5001, host sleeping, default drop", frame,
	       l4(4, IPPROTO_UDP, 40000, 5001), DROP, NS_REASON_DEFAULT, 0);
	eng_add_slave_port(IPPROTO_TCP, 5001);
	EXPECT("TCP 5001, slave listening", frame,
	       l4(4, IPPROTO_TCP, 40000, 5001), SLAVE, NS_REASON_SHARED_SLAVE,
	       0);
	EXPECT("UDP 5001, only TCP listened", frame,
	       l4(4, IPPROTO_UDP, 40000, 5001), DROP, NS_REASON_DEFAULT, 0);
	set_state(NS_HOST_AWAKE);
	EXPECT("TCP 5001 over IPv6, slave listening", frame,
	       l4(6, IPPROTO_TCP, 40000, 5001), SLAVE, NS_REASON_SHARED_SLAVE,
	       0);
	eng_reset_defaults();
}

static size_t dhcp(int family, bool group)
{
	struct fr_spec s = { .family = family, .proto = IPPROTO_UDP,
			     .sport = family == 4 ? 67 : 547,
			     .dport = family == 4 ? 68 : 546,
			     .l2_group = group,
			     .dst = group ? (family == 4 ? "255.255.255.255" :
							   "ff02::1:2") :
					    NULL };

	return fr_build(frame, &s);
}

static void test_dhcp_and_broadcast(void)
{
	struct ns_rules *r = eng_rules();
	static const __u8 owners[] = { SLAVE, HOST, BOTH };
	struct fr_spec s = { .family = 4, .proto = IPPROTO_UDP,
			     .sport = 5000, .dport = 5000 };
	size_t i, n;
	int state;

	for (i = 0; i < NS_ARRAY_SIZE(owners); i++) {
		r->table.dhcp_owner = owners[i];
		set_state(NS_HOST_AWAKE);
		EXPECT("DHCP offer, broadcast", frame, dhcp(4, true), owners[i],
		       NS_REASON_DHCP, 0);
		EXPECT("DHCP ack, unicast", frame, dhcp(4, false), owners[i],
		       NS_REASON_DHCP, 0);
		EXPECT("DHCPv6 advertise", frame, dhcp(6, true), owners[i],
		       NS_REASON_DHCP, 0);
		set_state(NS_HOST_DOWN);
		EXPECT("DHCP, host down", frame, dhcp(4, true),
		       owners[i] == HOST ? DROP :
		       owners[i] == BOTH ? SLAVE : SLAVE,
		       owners[i] == HOST ? NS_REASON_HOST_DOWN : NS_REASON_DHCP,
		       0);
	}
	eng_reset_defaults();

	for (i = 0; i < 2; i++) {
		r->table.broadcast = i ? BOTH : SLAVE;
		for (state = 0; state < NS_HOST_STATE_COUNT; state++) {
			__u8 want = i && state == NS_HOST_AWAKE ? BOTH : SLAVE;

			set_state((__u8)state);
			s.dst = "255.255.255.255";
			s.l2_group = true;
			n = fr_build(frame, &s);
			EXPECT("limited broadcast", frame, n, want,
			       NS_REASON_BROADCAST, 0);
			s.dst = "239.1.2.3";
			n = fr_build(frame, &s);
			EXPECT("IPv4 multicast", frame, n, want,
			       NS_REASON_BROADCAST, 0);
			s.dst = FR_OURS4;
			n = fr_build(frame, &s);
			EXPECT("L2 group address, unicast IP", frame, n, want,
			       NS_REASON_BROADCAST, 0);
			s.l2_group = false;
			s.dst = "192.168.50.255";
			n = fr_build(frame, &s);
			EXPECT("directed broadcast", frame, n, want,
			       NS_REASON_BROADCAST, 0);
			s.family = 6;
			s.dst = "ff02::1";
			s.l2_group = true;
			n = fr_build(frame, &s);
			EXPECT("IPv6 multicast", frame, n, want,
			       NS_REASON_BROADCAST, 0);
			s.family = 4;
		}
	}
	eng_reset_defaults();
}

static void test_not_ours(void)
{
	struct fr_spec s = { .family = 4, .proto = IPPROTO_TCP, .sport = 80,
			     .dport = 50000, .dst = "192.168.50.99" };

	set_state(NS_HOST_AWAKE);
	EXPECT("TCP to another IPv4 address", frame, fr_build(frame, &s), DROP,
	       NS_REASON_NOT_OURS, 0);
	s.family = 6;
	s.dst = "fd00:50::99";
	EXPECT("TCP to another IPv6 address", frame, fr_build(frame, &s), DROP,
	       NS_REASON_NOT_OURS, 0);
	s.dst = NULL;
	EXPECT("TCP to our IPv6 address", frame, fr_build(frame, &s), HOST,
	       NS_REASON_HOST_RANGE, 0);
	s.dst = "fe80::1234";
	EXPECT("TCP to a link-local address", frame, fr_build(frame, &s), HOST,
	       NS_REASON_HOST_RANGE, 0);
	s.dst = "febf::1";
	EXPECT("TCP to the last link-local /10", frame, fr_build(frame, &s),
	       HOST, NS_REASON_HOST_RANGE, 0);
	s.dst = "fec0::1";
	EXPECT("TCP to fec0::1, past link-local", frame, fr_build(frame, &s),
	       DROP, NS_REASON_NOT_OURS, 0);
}

static void test_fragments(void)
{
	__u8 data[64] = { 0 };
	struct fr_spec first = { .family = 4, .proto = IPPROTO_UDP,
				 .sport = 5000, .dport = 50000,
				 .more_fragments = true, .frag_id = 77,
				 .payload = data, .payload_len = 32 };
	struct fr_spec later = first;

	set_state(NS_HOST_AWAKE);
	later.frag_offset = 5;
	later.more_fragments = false;
	EXPECT("first fragment", frame, fr_build(frame, &first), HOST,
	       NS_REASON_HOST_RANGE, 0);
	EXPECT("later fragment", frame, fr_build(frame, &later), HOST,
	       NS_REASON_FRAGMENT, 0);
	later.frag_id = 78;
	EXPECT("later fragment, first not seen", frame,
	       fr_build(frame, &later), SLAVE, NS_REASON_FRAGMENT_UNKNOWN, 0);
	later.frag_id = 77;
	later.src = "192.168.50.2";
	EXPECT("later fragment from another source", frame,
	       fr_build(frame, &later), SLAVE, NS_REASON_FRAGMENT_UNKNOWN, 0);

	first.family = later.family = 6;
	first.frag_header = later.frag_header = true;
	first.dport = 62000;
	first.frag_id = later.frag_id = 0x10203;
	later.src = NULL;
	EXPECT("IPv6 first fragment", frame, fr_build(frame, &first), SLAVE,
	       NS_REASON_SLAVE_RANGE, 0);
	EXPECT("IPv6 later fragment", frame, fr_build(frame, &later), SLAVE,
	       NS_REASON_FRAGMENT, 0);
	first.dport = 50000;
	first.frag_id = later.frag_id = 0x10204;
	set_state(NS_HOST_SLEEPING);
	EXPECT("IPv6 first fragment, host asleep", frame,
	       fr_build(frame, &first), DROP, NS_REASON_HOST_ASLEEP, 0);
	EXPECT("IPv6 later fragment follows the drop", frame,
	       fr_build(frame, &later), DROP, NS_REASON_FRAGMENT, 0);
	set_state(NS_HOST_AWAKE);
}

static void test_malformed(void)
{
	struct fr_spec tcp6 = { .family = 6, .proto = IPPROTO_TCP,
				.sport = 1, .dport = 50000 };
	struct fr_spec icmp4 = { .family = 4, .proto = IPPROTO_ICMP,
				 .icmp_type = 8 };
	struct fr_spec udp6x = { .family = 6, .proto = IPPROTO_UDP,
				 .sport = 1, .dport = 50000, .hop_by_hop = 1,
				 .dst_options = 1 };
	struct fr_spec *specs[] = { &tcp6, &icmp4, &udp6x };
	size_t n, cut, i;

	set_state(NS_HOST_AWAKE);
	/* Every length short of the whole frame, for each kind. */
	n = l4(4, IPPROTO_TCP, 1, 50000);
	for (cut = 0; cut < n; cut++)
		EXPECT("IPv4 TCP cut short", frame, cut, DROP,
		       NS_REASON_MALFORMED, 0);
	n = l4(4, IPPROTO_UDP, 1, 50000);
	for (cut = 14; cut < n; cut++)
		EXPECT("IPv4 UDP cut short", frame, cut, DROP,
		       NS_REASON_MALFORMED, 0);
	for (i = 0; i < NS_ARRAY_SIZE(specs); i++) {
		n = fr_build(frame, specs[i]);
		for (cut = 14; cut < n; cut++)
			EXPECT("cut short", frame, cut, DROP,
			       NS_REASON_MALFORMED, 0);
		EXPECT("whole", frame, n, specs[i]->proto == IPPROTO_ICMP ?
						 SLAVE : HOST,
		       specs[i]->proto == IPPROTO_ICMP ? NS_REASON_ECHO_REQUEST :
							 NS_REASON_HOST_RANGE,
		       0);
	}

	/* Lying header fields, with the bytes all there. */
	n = l4(4, IPPROTO_TCP, 1, 50000);
	frame[14] = 0x44; /* IHL 4 */
	EXPECT("IHL < 5", frame, n, DROP, NS_REASON_MALFORMED, 0);
	frame[14] = 0x55; /* version 5 */
	EXPECT("IP version 5 in an IPv4 frame", frame, n, DROP,
	       NS_REASON_MALFORMED, 0);
	n = l4(4, IPPROTO_TCP, 1, 50000);
	frame[16] = 0;
	frame[17] = 19; /* total length < header */
	EXPECT("total length < header length", frame, n, DROP,
	       NS_REASON_MALFORMED, 0);
	n = l4(4, IPPROTO_TCP, 1, 50000);
	frame[17] = (__u8)(frame[17] + 1); /* one byte past the frame */
	EXPECT("total length > frame", frame, n, DROP, NS_REASON_MALFORMED, 0);
	n = l4(4, IPPROTO_TCP, 1, 50000);
	frame[17] = 20 + 19; /* TCP header cut by the IP length */
	EXPECT("TCP header past the IP length", frame, n, DROP,
	       NS_REASON_MALFORMED, 0);
	n = l4(4, IPPROTO_TCP, 1, 50000);
	frame[14 + 20 + 12] = 4 << 4; /* data offset 4 */
	EXPECT("TCP data offset < 5", frame, n, DROP, NS_REASON_MALFORMED, 0);
	frame[14 + 20 + 12] = 6 << 4; /* options beyond the packet */
	EXPECT("TCP data offset past the end", frame, n, DROP,
	       NS_REASON_MALFORMED, 0);
	n = l4(6, IPPROTO_UDP, 1, 50000);
	frame[18] = frame[19] = 0;
	EXPECT("IPv6 payload length 0", frame, n, DROP, NS_REASON_MALFORMED, 0);
	n = l4(6, IPPROTO_UDP, 1, 50000);
	frame[19] = (__u8)(frame[19] + 1);
	EXPECT("IPv6 payload length > frame", frame, n, DROP,
	       NS_REASON_MALFORMED, 0);

	/* Ethernet padding after the IP packet is not part of it. */
	n = l4(4, IPPROTO_UDP, 1, 50000);
	memset(frame + n, 0xee, 20);
	EXPECT("padded frame", frame, n + 20, HOST, NS_REASON_HOST_RANGE, 0);
}

static void test_ip_options_and_ext(void)
{
	struct fr_spec s = { .family = 4, .proto = IPPROTO_TCP, .sport = 1,
			     .dport = 50000, .ip_options = 4 };

	set_state(NS_HOST_AWAKE);
	EXPECT("IPv4 with 4 bytes of options", frame, fr_build(frame, &s),
	       HOST, NS_REASON_HOST_RANGE, 0);
	s.ip_options = 40;
	EXPECT("IPv4 with 40 bytes of options", frame, fr_build(frame, &s),
	       HOST, NS_REASON_HOST_RANGE, 0);
	s.dport = 62000;
	EXPECT("IPv4 options, slave port", frame, fr_build(frame, &s), SLAVE,
	       NS_REASON_SLAVE_RANGE, 0);
	s = (struct fr_spec){ .family = 6, .proto = IPPROTO_TCP, .sport = 1,
			      .dport = 50000, .hop_by_hop = 1,
			      .dst_options = 2 };
	EXPECT("IPv6 hop-by-hop + 2 destination options", frame,
	       fr_build(frame, &s), HOST, NS_REASON_HOST_RANGE, 0);
	s.dst_options = 7;
	EXPECT("IPv6 with 8 extension headers", frame, fr_build(frame, &s),
	       HOST, NS_REASON_HOST_RANGE, 0);
	s.dst_options = 8;
	EXPECT("IPv6 with 9 extension headers", frame, fr_build(frame, &s),
	       DROP, NS_REASON_MALFORMED, 0);
	s = (struct fr_spec){ .family = 6, .proto = IPPROTO_UDP, .sport = 1,
			      .dport = 61440, .dst_options = 1,
			      .frag_header = true };
	EXPECT("IPv6 atomic fragment", frame, fr_build(frame, &s), SLAVE,
	       NS_REASON_SLAVE_RANGE, 0);
}

static void test_icmp(void)
{
	struct fr_spec s = { .family = 4, .proto = IPPROTO_ICMP };
	size_t n;
	int state;

	for (state = 0; state < NS_HOST_STATE_COUNT; state++) {
		set_state((__u8)state);
		s.family = 4;
		s.proto = IPPROTO_ICMP;
		s.icmp_type = 8;
		EXPECT("echo request", frame, fr_build(frame, &s), SLAVE,
		       NS_REASON_ECHO_REQUEST, 0);
		s.icmp_type = 0;
		EXPECT("echo reply", frame, fr_build(frame, &s),
		       state == NS_HOST_AWAKE ? BOTH : SLAVE,
		       NS_REASON_ECHO_REPLY, 0);
		s.family = 6;
		s.proto = IPPROTO_ICMPV6;
		s.icmp_type = 128;
		EXPECT("ICMPv6 echo request", frame, fr_build(frame, &s), SLAVE,
		       NS_REASON_ECHO_REQUEST, 0);
		s.icmp_type = 129;
		EXPECT("ICMPv6 echo reply", frame, fr_build(frame, &s),
		       state == NS_HOST_AWAKE ? BOTH : SLAVE,
		       NS_REASON_ECHO_REPLY, 0);
		s.icmp_type = 135;
		EXPECT("neighbour solicitation", frame, fr_build(frame, &s),
		       SLAVE, NS_REASON_NEIGH_SOLICIT, 0);
		s.icmp_type = 136;
		EXPECT("neighbour advertisement", frame, fr_build(frame, &s),
		       state == NS_HOST_AWAKE ? BOTH : SLAVE,
		       NS_REASON_NEIGH_ADVERT, 0);
		s.icmp_type = 135;
		s.dst = "ff02::1:ff00:10";
		s.l2_group = true;
		EXPECT("multicast neighbour solicitation", frame,
		       fr_build(frame, &s), SLAVE, NS_REASON_NEIGH_SOLICIT, 0);
		s.icmp_type = 136;
		s.dst = "ff02::1";
		EXPECT("unsolicited neighbour advertisement", frame,
		       fr_build(frame, &s),
		       state == NS_HOST_AWAKE ? BOTH : SLAVE,
		       NS_REASON_NEIGH_ADVERT, 0);
		s.icmp_type = 134;
		EXPECT("router advertisement", frame, fr_build(frame, &s),
		       SLAVE, NS_REASON_ROUTER_ADVERT, 0);
		s.icmp_type = 133;
		s.dst = NULL;
		s.l2_group = false;
		EXPECT("router solicitation to us", frame, fr_build(frame, &s),
		       SLAVE, NS_REASON_DEFAULT, 0);
		s.family = 4;
		s.proto = IPPROTO_ICMP;
		s.icmp_type = 13;
		EXPECT("ICMP timestamp", frame, fr_build(frame, &s), SLAVE,
		       NS_REASON_DEFAULT, 0);
	}
	eng_rules()->table.broadcast = BOTH;
	set_state(NS_HOST_AWAKE);
	s = (struct fr_spec){ .family = 6, .proto = IPPROTO_ICMPV6,
			      .icmp_type = 134, .dst = "ff02::1",
			      .l2_group = true };
	EXPECT("router advertisement, broadcast both", frame,
	       fr_build(frame, &s), BOTH, NS_REASON_ROUTER_ADVERT, 0);
	eng_reset_defaults();

	/* Errors go where the connection they quote lives. */
	set_state(NS_HOST_AWAKE);
	EXPECT("frag needed quoting host TCP", frame,
	       fr_icmp_error(frame, 4, 3, 4, IPPROTO_TCP, 50123, 443), HOST,
	       NS_REASON_ICMP_ERROR, 0);
	EXPECT("port unreachable quoting slave UDP", frame,
	       fr_icmp_error(frame, 4, 3, 3, IPPROTO_UDP, 62001, 53), SLAVE,
	       NS_REASON_ICMP_ERROR, 0);
	EXPECT("time exceeded quoting host UDP", frame,
	       fr_icmp_error(frame, 4, 11, 0, IPPROTO_UDP, 55555, 33434), HOST,
	       NS_REASON_ICMP_ERROR, 0);
	EXPECT("parameter problem quoting SSH", frame,
	       fr_icmp_error(frame, 4, 12, 0, IPPROTO_TCP, 22, 50000), HOST,
	       NS_REASON_ICMP_ERROR, 0);
	EXPECT("packet too big quoting host TCP", frame,
	       fr_icmp_error(frame, 6, 2, 0, IPPROTO_TCP, 50123, 443), HOST,
	       NS_REASON_ICMP_ERROR, 0);
	EXPECT("ICMPv6 unreachable quoting slave TCP", frame,
	       fr_icmp_error(frame, 6, 1, 4, IPPROTO_TCP, 63000, 443), SLAVE,
	       NS_REASON_ICMP_ERROR, 0);
	EXPECT("ICMPv6 time exceeded quoting host UDP", frame,
	       fr_icmp_error(frame, 6, 3, 0, IPPROTO_UDP, 50001, 33434), HOST,
	       NS_REASON_ICMP_ERROR, 0);
	EXPECT("ICMPv6 parameter problem quoting slave UDP", frame,
	       fr_icmp_error(frame, 6, 4, 0, IPPROTO_UDP, 64000, 53), SLAVE,
	       NS_REASON_ICMP_ERROR, 0);
	set_state(NS_HOST_SLEEPING);
	EXPECT("frag needed quoting host TCP, host asleep", frame,
	       fr_icmp_error(frame, 4, 3, 4, IPPROTO_TCP, 50123, 443), DROP,
	       NS_REASON_ICMP_ERROR, 0);
	set_state(NS_HOST_AWAKE);
	n = fr_icmp_error(frame, 4, 3, 4, IPPROTO_TCP, 50123, 443);
	/* The quote cut inside the ports; IP lengths adjusted to match. */
	frame[17] = (__u8)(frame[17] - 18);
	EXPECT("quote without ports", frame, n - 18, DROP,
	       NS_REASON_MALFORMED, 0);
	n = fr_icmp_error(frame, 4, 3, 4, IPPROTO_TCP, 50123, 443);
	frame[17] = (__u8)(frame[17] - 21);
	EXPECT("quote without a whole IP header", frame, n - 21, DROP,
	       NS_REASON_MALFORMED, 0);
}

static size_t mqtt_frame(int version, int qos, const char *topic,
			 const char *payload, size_t props, __u16 sport)
{
	__u8 m[FR_MAX];
	size_t n = fr_mqtt_publish(m, sizeof(m), version, qos, topic, payload,
				   strlen(payload), props);

	return fr_tcp_payload(frame, 4, sport, 50001, m, n);
}

static void test_mqtt(void)
{
	static const char big[] = "wakeup-host "
				  "................................................"
				  "................................................"
				  "................................................";
	struct ns_rules *r = eng_rules();
	struct ns_wake_pattern *w;
	__u8 m[FR_MAX], two[FR_MAX];
	struct ns_result res;
	size_t n;
	int version, qos;
	char what[96];

	set_state(NS_HOST_SLEEPING);
	for (version = 4; version <= 5; version++) {
		for (qos = 0; qos <= 2; qos++) {
			snprintf(what, sizeof(what), "MQTT %s QoS %d wakeup",
				 version == 4 ? "3.1.1" : "5", qos);
			EXPECT(what, frame,
			       mqtt_frame(version, qos, "a/b", "wakeup-host", 0,
					  1883),
			       HOST, NS_REASON_MQTT_WAKE, 1);
			EXPECT("multi-byte remaining length", frame,
			       mqtt_frame(version, qos, "a/b", big, 0, 1883),
			       HOST, NS_REASON_MQTT_WAKE, 1);
			EXPECT("other payload", frame,
			       mqtt_frame(version, qos, "a/b", "hello", 0, 1883),
			       DROP, NS_REASON_HOST_ASLEEP, 0);
			EXPECT("prefix cut short", frame,
			       mqtt_frame(version, qos, "a/b", "wakeup-hos", 0,
					  1883),
			       DROP, NS_REASON_HOST_ASLEEP, 0);
			EXPECT("not from the broker port", frame,
			       mqtt_frame(version, qos, "a/b", "wakeup-host", 0,
					  1884),
			       DROP, NS_REASON_HOST_ASLEEP, 0);
		}
		EXPECT("MQTT 5 with 20 bytes of properties", frame,
		       mqtt_frame(5, 1, "a/b", "wakeup-host", 20, 1883), HOST,
		       NS_REASON_MQTT_WAKE, 1);
	}
	/* A topic, and several patterns. */
	w = &r->wake[0];
	memcpy(w->topic, "home/host/wake", 14);
	w->topic_len = 14;
	r->wake[1] = (struct ns_wake_pattern){ .broker_port = 8883 };
	memcpy(r->wake[1].prefix, "up", 2);
	r->wake[1].prefix_len = 2;
	r->table.wake_count = 2;
	eng_apply();
	EXPECT("matching topic", frame,
	       mqtt_frame(4, 0, "home/host/wake", "wakeup-host", 0, 1883),
	       HOST, NS_REASON_MQTT_WAKE, 1);
	EXPECT("other topic", frame,
	       mqtt_frame(4, 0, "home/host/sleep", "wakeup-host", 0, 1883),
	       DROP, NS_REASON_HOST_ASLEEP, 0);
	EXPECT("topic prefix only", frame,
	       mqtt_frame(4, 0, "home/host/wak", "wakeup-host", 0, 1883), DROP,
	       NS_REASON_HOST_ASLEEP, 0);
	EXPECT("second pattern, any topic", frame,
	       mqtt_frame(5, 2, "x", "up!", 3, 8883), HOST,
	       NS_REASON_MQTT_WAKE, 1);
	/*
	 * The first pattern that matches either reading is the rule, also
	 * when a later one matches the MQTT 3.1.1 reading: an MQTT 5 PUBLISH
	 * with 33 bytes of properties reads "!" (their length) and the
	 * properties as MQTT 3.1.1's payload.
	 */
	r->wake[0] = (struct ns_wake_pattern){ .broker_port = 1883 };
	memcpy(r->wake[0].prefix, "wakeup", 6);
	r->wake[0].prefix_len = 6;
	r->wake[1] = (struct ns_wake_pattern){ .broker_port = 1883 };
	memcpy(r->wake[1].prefix, "!", 1);
	r->wake[1].prefix_len = 1;
	eng_apply();
	n = mqtt_frame(5, 0, "a", "wakeup-host", '!', 1883);
	CHECK(eng_classify(frame, n, &res) == 0 && res.wake &&
		      res.wake_rule == 0,
	      "MQTT 5 reading of pattern 0 before MQTT 3.1.1 reading of pattern 1: rule %u, want 0",
	      res.wake_rule);
	n = fr_mqtt_publish(m, sizeof(m), 4, 0, "a", "!wakeX", 6, 0);
	n = fr_tcp_payload(frame, 4, 1883, 50001, m, n);
	CHECK(eng_classify(frame, n, &res) == 0 && res.wake &&
		      res.wake_rule == 1,
	      "only pattern 1 matches: rule %u, want 1", res.wake_rule);

	/* Not a PUBLISH: CONNACK, PINGRESP, SUBACK never wake. */
	eng_reset_defaults();
	set_state(NS_HOST_SLEEPING);
	n = fr_tcp_payload(frame, 4, 1883, 50001,
			   (const __u8[]){ 0x20, 0x02, 0x00, 0x00 }, 4);
	EXPECT("CONNACK", frame, n, DROP, NS_REASON_HOST_ASLEEP, 0);
	n = fr_tcp_payload(frame, 4, 1883, 50001, (const __u8[]){ 0xd0, 0x00 },
			   2);
	EXPECT("PINGRESP", frame, n, DROP, NS_REASON_HOST_ASLEEP, 0);
	n = fr_tcp_payload(frame, 4, 1883, 50001,
			   (const __u8[]){ 0x90, 0x03, 0x00, 0x01, 0x00 }, 5);
	EXPECT("SUBACK", frame, n, DROP, NS_REASON_HOST_ASLEEP, 0);
	/* A PINGRESP then the PUBLISH in one segment. */
	two[0] = 0xd0;
	two[1] = 0x00;
	n = fr_mqtt_publish(m, sizeof(m), 4, 0, "t", "wakeup-host", 11, 0);
	memcpy(two + 2, m, n);
	EXPECT("PINGRESP + PUBLISH", frame,
	       fr_tcp_payload(frame, 4, 1883, 50001, two, n + 2), HOST,
	       NS_REASON_MQTT_WAKE, 1);
	/* QoS 3 is not a valid PUBLISH. */
	n = fr_mqtt_publish(m, sizeof(m), 4, 0, "t", "wakeup-host", 11, 0);
	m[0] |= 0x06;
	EXPECT("PUBLISH with QoS 3", frame,
	       fr_tcp_payload(frame, 4, 1883, 50001, m, n), DROP,
	       NS_REASON_HOST_ASLEEP, 0);
	/* A remaining length of 5 bytes is invalid. */
	EXPECT("5-byte remaining length", frame,
	       fr_tcp_payload(frame, 4, 1883, 50001,
			      (const __u8[]){ 0x30, 0xff, 0xff, 0xff, 0xff,
					      0x01 },
			      6),
	       DROP, NS_REASON_HOST_ASLEEP, 0);
	/* The host awake: plain host-range traffic, no wake. */
	set_state(NS_HOST_AWAKE);
	EXPECT("wakeup while awake", frame,
	       mqtt_frame(4, 0, "a", "wakeup-host", 0, 1883), HOST,
	       NS_REASON_HOST_RANGE, 0);
	set_state(NS_HOST_DOWN);
	EXPECT("wakeup while down", frame,
	       mqtt_frame(4, 1, "a", "wakeup-host", 0, 1883), HOST,
	       NS_REASON_MQTT_WAKE, 1);
	/* IPv6 too. */
	set_state(NS_HOST_SLEEPING);
	n = fr_mqtt_publish(m, sizeof(m), 5, 1, "a", "wakeup-host", 11, 0);
	EXPECT("MQTT over IPv6", frame,
	       fr_tcp_payload(frame, 6, 1883, 50001, m, n), HOST,
	       NS_REASON_MQTT_WAKE, 1);
	set_state(NS_HOST_AWAKE);
}

/*
 * A segment of count MQTT packets as a broker coalesces them: the one at
 * wake_at is a wakeup-host PUBLISH, the others PINGRESPs and PUBLISHes of
 * other news, in both versions and every QoS. Returns the frame's length.
 */
static size_t mqtt_segment(unsigned int count, unsigned int wake_at)
{
	__u8 seg[FR_MAX], m[256];
	size_t len = 0, n;
	unsigned int k;

	for (k = 0; k < count; k++) {
		if (k == wake_at)
			n = fr_mqtt_publish(m, sizeof(m), 4 + k % 2, (int)k % 3,
					    "lab/host", "wakeup-host", 11, 0);
		else if ((k + wake_at) % 3 == 1)
			n = (m[0] = 0xd0, m[1] = 0x00, 2); /* PINGRESP */
		else
			n = fr_mqtt_publish(m, sizeof(m), 4 + k % 2, (int)k % 3,
					    "lab/other", "the-news", 8,
					    k % 2 ? 4 : 0);
		memcpy(seg + len, m, n);
		len += n;
	}
	return fr_tcp_payload(frame, 4, 1883, 50001, seg, len);
}

static void test_mqtt_segments(void)
{
	struct ns_rules *r = eng_rules();
	unsigned int count, at;
	__u8 m[256], seg[512];
	struct ns_result res;
	char what[96];
	size_t n, k;

	/* SPEC 3: up to 8 packets a segment. */
	eng_reset_defaults();
	set_state(NS_HOST_SLEEPING);
	for (count = 1; count <= 8; count++) {
		for (at = 0; at < count; at++) {
			snprintf(what, sizeof(what),
				 "wakeup-host as packet %u of %u in a segment",
				 at + 1, count);
			EXPECT(what, frame, mqtt_segment(count, at), HOST,
			       NS_REASON_MQTT_WAKE, 1);
		}
		snprintf(what, sizeof(what), "%u packets, none a wakeup",
			 count);
		EXPECT(what, frame, mqtt_segment(count, count), DROP,
		       NS_REASON_HOST_ASLEEP, 0);
	}
	EXPECT("wakeup-host as packet 9: past the packets looked at", frame,
	       mqtt_segment(9, 8), DROP, NS_REASON_HOST_ASLEEP, 0);

	/* The rule is the first pattern the first waking PUBLISH matches. */
	r->wake[1] = (struct ns_wake_pattern){ .broker_port = 1883 };
	memcpy(r->wake[1].prefix, "the-news", 8);
	r->wake[1].prefix_len = 8;
	r->table.wake_count = 2;
	eng_apply();
	n = mqtt_segment(4, 3);
	CHECK(eng_classify(frame, n, &res) == 0 && res.wake &&
		      res.wake_rule == 1,
	      "news (pattern 1) before wakeup-host (pattern 0): rule %u, want 1",
	      res.wake_rule);
	eng_reset_defaults();
	set_state(NS_HOST_SLEEPING);

	/*
	 * A packet cut by the segment's end is the last one: the bytes after
	 * it in this segment are its own, so a wakeup behind it is not seen.
	 */
	n = fr_mqtt_publish(seg, sizeof(seg), 4, 0, "lab/other", "the-news", 8,
			    0);
	seg[1] = (__u8)(seg[1] + 40); /* its remaining length runs past */
	k = fr_mqtt_publish(m, sizeof(m), 4, 0, "lab/host", "wakeup-host", 11,
			    0);
	memcpy(seg + n, m, k);
	EXPECT("wakeup-host inside a cut packet's claimed length", frame,
	       fr_tcp_payload(frame, 4, 1883, 50001, seg, n + k), DROP,
	       NS_REASON_HOST_ASLEEP, 0);
	/* A waking PUBLISH cut after its prefix still wakes; before, not. */
	n = fr_mqtt_publish(seg, sizeof(seg), 4, 0, "lab/other", "the-news", 8,
			    0);
	k = fr_mqtt_publish(m, sizeof(m), 4, 0, "lab/host",
			    "wakeup-host and a long story", 28, 0);
	memcpy(seg + n, m, k);
	EXPECT("news, then a wakeup cut after its prefix", frame,
	       fr_tcp_payload(frame, 4, 1883, 50001, seg, n + k - 17), HOST,
	       NS_REASON_MQTT_WAKE, 1);
	EXPECT("news, then a wakeup cut inside its prefix", frame,
	       fr_tcp_payload(frame, 4, 1883, 50001, seg, n + k - 18), DROP,
	       NS_REASON_HOST_ASLEEP, 0);
	set_state(NS_HOST_AWAKE);
}

static void test_other(void)
{
	size_t n = l4(4, IPPROTO_UDP, 1, 50000);
	struct fr_spec gre = { .family = 4, .proto = 47 };

	set_state(NS_HOST_AWAKE);
	frame[12] = 0x81; /* VLAN tag */
	frame[13] = 0x00;
	EXPECT("VLAN-tagged frame", frame, n, SLAVE, NS_REASON_OTHER, 0);
	frame[12] = 0x88; /* LLDP */
	frame[13] = 0xcc;
	EXPECT("LLDP", frame, n, SLAVE, NS_REASON_OTHER, 0);
	EXPECT("GRE", frame, fr_build(frame, &gre), SLAVE, NS_REASON_DEFAULT,
	       0);
	eng_rules()->table.default_dest = HOST;
	set_state(NS_HOST_DOWN);
	frame[12] = 0x88;
	frame[13] = 0xcc;
	EXPECT("LLDP, default host, host down", frame, n, DROP,
	       NS_REASON_HOST_DOWN, 0);
	eng_reset_defaults();
}

int main(void)
{
	struct ns_rules *r;

	if (check_need_root("test_classify"))
		return check_report();
	CHECK(eng_open() == 0, "the engines open");
	if (check_failed)
		return check_report();
	r = eng_rules();
	fr_use_test_addresses(r);
	eng_apply();

	test_arp();
	test_range_edges();
	test_static_and_shared();
	test_dhcp_and_broadcast();
	test_not_ours();
	test_fragments();
	test_malformed();
	test_ip_options_and_ext();
	test_icmp();
	test_mqtt();
	test_mqtt_segments();
	test_other();
	CHECK(eng_close() == 0, "the engines close");
	return check_report();
}
