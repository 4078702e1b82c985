// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one parser of the words users type (common/words.c), which the
 * host's config reader and the firmware's Kconfig both use: ports, ranges,
 * lists, names, a broker, each case by hand; addresses against the C
 * library's inet_pton(), on hand-picked and a million random strings.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "words.h"

static void test_ports(void)
{
	static const char *const bad[] = {"",	"0",  "65536",	"+5",  " 5",
					  "5x", "-1", "100000", "0x10"};
	struct ns_port_range r = {7, 7};
	__u16 port = 7;
	unsigned int i;

	CHECK(!ns_parse_port("65535", &port) && port == 65535, "65535");
	CHECK(!ns_parse_port("00022", &port) && port == 22, "00022");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		port = 7;
		CHECK(ns_parse_port(bad[i], &port) && port == 7,
		      "port '%s' is refused, the output untouched", bad[i]);
	}
	CHECK(!ns_parse_range(" 49152 - 61439 ", &r) && r.lo == 49152 &&
		      r.hi == 61439,
	      "a range with spaces");
	CHECK(!ns_parse_range("22", &r) && r.lo == 22 && r.hi == 22,
	      "one port is a range");
	r.lo = r.hi = 7;
	CHECK(ns_parse_range("61439-49152", &r) && r.lo == 7,
	      "a range backwards is refused");
	CHECK(ns_parse_range("1-", &r) && ns_parse_range("-1", &r) &&
		      ns_parse_range("1-2-3", &r) && ns_parse_range("", &r),
	      "half ranges are refused");
}

static void test_lists(void)
{
	struct ns_port_list l;

	CHECK(!ns_parse_port_list(" 22, 8554 ,53", &l) && l.count == 3 &&
		      l.port[0] == 22 && l.port[1] == 8554 && l.port[2] == 53,
	      "a list with spaces");
	CHECK(!ns_parse_port_list("  ", &l) && l.count == 0, "no ports");
	CHECK(!ns_parse_port_list("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", &l) &&
		      l.count == NS_PORT_LIST_MAX,
	      "15 ports");
	l.count = 9;
	CHECK(ns_parse_port_list("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
				 &l) &&
		      l.count == 9,
	      "16 ports are refused, the output untouched");
	CHECK(ns_parse_port_list("22,,53", &l) &&
		      ns_parse_port_list("22,", &l) &&
		      ns_parse_port_list(",22", &l) &&
		      ns_parse_port_list("22 53", &l) &&
		      ns_parse_port_list("22,22", &l),
	      "empty items, no comma, a port twice are refused");
}

static void test_names(void)
{
	static const char *const names[] = {"slave", NULL, "both"};
	__u8 v = 9;

	CHECK(!ns_parse_name("both", names, 3, &v) && v == 2, "a name");
	v = 9;
	CHECK(ns_parse_name("bot", names, 3, &v) &&
		      ns_parse_name("bothx", names, 3, &v) &&
		      ns_parse_name("", names, 3, &v) && v == 9,
	      "no prefix, no extension, no empty name");
}

static void test_text(void)
{
	__u8 field[4] = {0}, len = 9;

	CHECK(!ns_parse_text("abcd", field, &len, 4) && len == 4 &&
		      !memcmp(field, "abcd", 4),
	      "text at its limit");
	len = 9;
	CHECK(ns_parse_text("abcde", field, &len, 4) && len == 9,
	      "text over its limit is refused");
}

static void test_broker(void)
{
	static const char *const bad[] = {
		"192.168.50.1",
		"192.168.50.1:",
		"192.168.50.1:0",
		"fd00::1:1883",
		"[192.168.50.1]:1883",
		"[fd00::1]",
		"[fd00::1:1883",
		":1883",
		"[]:1883",
		"1.2.3:1883",
		"host:1883",
		"192.168.50.1:1883 ",
	};
	struct ns_wake_sub sub;
	unsigned int i;

	memset(&sub, 0, sizeof(sub));
	CHECK(!ns_parse_broker("192.168.50.1:1883", &sub) && sub.family == 4 &&
		      sub.broker_port == 1883 &&
		      !memcmp(sub.broker, "\xc0\xa8\x32\x01", 4),
	      "an IPv4 broker");
	CHECK(!ns_parse_broker("[fd00::1]:8883", &sub) && sub.family == 6 &&
		      sub.broker_port == 8883 && sub.broker[0] == 0xfd &&
		      sub.broker[15] == 1,
	      "an IPv6 broker");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&sub, 0, sizeof(sub));
		CHECK(ns_parse_broker(bad[i], &sub) && !sub.family &&
			      !sub.broker_port,
		      "broker '%s' is refused, the output untouched", bad[i]);
	}
}

/* One string: ours and inet_pton() agree on it, and on the bytes. */
static bool same_as_libc(const char *s)
{
	__u8 ours[16], v4[4], v6[16];
	int family = 0;
	bool ok = !ns_parse_address(s, ours, &family);

	if (inet_pton(AF_INET, s, v4) == 1)
		return ok && family == 4 && !memcmp(ours, v4, 4);
	if (inet_pton(AF_INET6, s, v6) == 1)
		return ok && family == 6 && !memcmp(ours, v6, 16);
	return !ok;
}

static void test_addresses(void)
{
	static const char *const cases[] = {
		"0.0.0.0",
		"255.255.255.255",
		"256.1.1.1",
		"01.2.3.4",
		"1.2.3",
		"1.2.3.4.5",
		"1..2.3",
		"1.2.3.4.",
		".1.2.3.4",
		"::",
		"::1",
		"1::",
		"1:2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7::",
		"::2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7:8:9",
		"1::2::3",
		":::",
		"1:",
		":1",
		"12345::",
		"::ffff:192.168.50.1",
		"1:2:3:4:5:6:1.2.3.4",
		"1:2:3:4:5:6:7:1.2.3.4",
		"::1.2.3",
		"fd00::1%eth0",
		"FD00::ABCD",
		"0:0:0:0:0:0:0:0",
		"1:2:3:4:5:6:7::8",
		"::1.2.3.4:5",
		"1.2.3.4::",
		"",
	};
	unsigned int i, j, n, random_bad = 0;
	static const char alphabet[] = "0123456789abcdefABCDEF:::...";
	char s[48];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK(same_as_libc(cases[i]), "'%s': not as inet_pton()",
		      cases[i]);
	srand(1);
	for (i = 0; i < 1000000; i++) {
		n = (unsigned int)rand() % 40;
		for (j = 0; j < n; j++)
			s[j] = alphabet[rand() % (int)(sizeof(alphabet) - 1)];
		s[n] = '\0';
		if (!same_as_libc(s) && random_bad++ < 10)
			CHECK(false, "random '%s': not as inet_pton()", s);
	}
	CHECK(!random_bad, "%u of a million random strings not as inet_pton()",
	      random_bad);
}

int main(void)
{
	test_ports();
	test_lists();
	test_names();
	test_text();
	test_broker();
	test_addresses();
	return check_report();
}
