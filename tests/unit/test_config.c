// SPDX-License-Identifier: GPL-2.0-only
/* The config parser: defaults, every key, and every way to get it wrong. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netsplit/validate.h>

#include "check.h"
#include "config.h"
#include "settings.h"

static int parse(const char *text, struct ns_rules *r, char *err,
		 size_t err_len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f)
		return -1;
	ret = ns_config_parse(f, "test.conf", r, err, err_len);
	fclose(f);
	return ret;
}

static void expect_error(const char *text, const char *want)
{
	struct ns_rules r, before;
	char err[512] = "";
	int ret;

	ns_rules_default(&r);
	r.range[0].lo = 7; /* must stay untouched on error */
	before = r;
	ret = parse(text, &r, err, sizeof(err));
	CHECK(ret < 0, "accepted: %s", text);
	CHECK(strstr(err, want) != NULL, "for %s: message '%s' lacks '%s'",
	      text, err, want);
	CHECK(!memcmp(&r, &before, sizeof(r)), "table changed on error: %s",
	      text);
}

/* The daemons' sections: defaults, every kind of key, shared names. */
static void test_settings(void)
{
	static const char text[] =
		"[host]\n"
		"interface = sta1\n"
		"control = unix:/tmp/cpd.sock\n"
		"resolv_conf = resolved\n"
		"metric = 600\n"
		"heartbeat_interval = 250\n"
		"keep_on_exit = yes\n"
		"guard = no\n"
		"xdp_mode = generic\n"
		"[coprocessor]\n"
		"uplink = wlan1\n"
		"listen = unix:/tmp/cpd.sock\n"
		"bus = /dev/espbus0\n"
		"heartbeat_interval = 500\n"
		"heartbeat_misses = 4\n"
		"wake_command = /usr/bin/true\n"
		"wake_queue = 8\n"
		"[ports]\n"
		"host_tcp = 40000-49999\n";
	static struct ns_config cfg;
	char err[512] = "";
	FILE *f;

	f = fmemopen((void *)"", 0, "r");
	CHECK(f && !ns_config_parse_all(f, "empty", &cfg, err, sizeof(err)),
	      "empty: %s", err);
	fclose(f);
	CHECK(!strcmp(cfg.host.interface, "ethsta0") &&
		      !strcmp(cfg.host.control, "unix:/run/netsplit/cpd.sock") &&
		      cfg.host.metric == 100 && cfg.host.heartbeat_ms == 1000 &&
		      !cfg.host.keep_on_exit && cfg.host.guard &&
		      !cfg.host.generic,
	      "host defaults");
	CHECK(cfg.cp.heartbeat_ms == 1000 && cfg.cp.heartbeat_misses == 3 &&
		      cfg.cp.wake_queue == 64 && !cfg.cp.wake_command[0] &&
		      !cfg.cp.bus[0] &&
		      !strcmp(cfg.cp.listen, "unix:/run/netsplit/cpd.sock"),
	      "coprocessor defaults");

	f = fmemopen((void *)text, strlen(text), "r");
	CHECK(f && !ns_config_parse_all(f, "full", &cfg, err, sizeof(err)),
	      "full: %s", err);
	fclose(f);
	CHECK(!strcmp(cfg.host.interface, "sta1") &&
		      !strcmp(cfg.host.control, "unix:/tmp/cpd.sock") &&
		      !strcmp(cfg.host.resolv_conf, "resolved") &&
		      cfg.host.metric == 600 && cfg.host.heartbeat_ms == 250 &&
		      cfg.host.keep_on_exit && !cfg.host.guard &&
		      cfg.host.generic,
	      "host keys");
	CHECK(!strcmp(cfg.cp.uplink, "wlan1") && cfg.cp.heartbeat_ms == 500 &&
		      cfg.cp.heartbeat_misses == 4 && cfg.cp.wake_queue == 8 &&
		      !strcmp(cfg.cp.wake_command, "/usr/bin/true") &&
		      !strcmp(cfg.cp.bus, "/dev/espbus0"),
	      "coprocessor keys");
	CHECK(cfg.rules.range[NS_RANGE_HOST_TCP].lo == 40000,
	      "rule keys next to daemon keys");

	/* The example file has every key of every section. */
	CHECK(!ns_config_load_all("tests/data/example.conf", &cfg, err,
				  sizeof(err)),
	      "example.conf: %s", err);
	CHECK(cfg.host.metric == 600 && cfg.cp.heartbeat_misses == 3 &&
		      !strncmp(cfg.cp.wake_command, "logger", 6) &&
		      cfg.rules.sub.broker_port == 1883 &&
		      cfg.rules.sub.password_file_len == 27,
	      "example.conf values");
}

/* The wake subscription: its syntax, its rules, and printing it back. */
static void test_subscribe(void)
{
	struct ns_rules r, again;
	const struct ns_wake_sub *s = &r.sub;
	struct ns_problem problem;
	char err[512] = "", *printed = NULL;
	size_t printed_len = 0;
	FILE *out;

	CHECK(!parse("", &r, err, sizeof(err)) && !s->broker_port &&
		      !ns_rules_check(&r, &problem),
	      "no subscription by default");
	CHECK(!parse("[wake]\nsubscribe = 192.168.50.1:1883 topic=#\n", &r,
		     err, sizeof(err)),
	      "topic=# is a value, not a comment: %s", err);
	CHECK(s->family == 4 && s->broker[0] == 192 && s->broker[3] == 1 &&
		      s->broker_port == 1883 && s->topic_len == 1 &&
		      s->topic[0] == '#' && !s->prefix_len &&
		      s->keepalive == NS_SUB_KEEPALIVE_DEFAULT,
	      "the lab's subscription, keepalive by default");
	CHECK(!parse("[wake]\nsubscribe = [fd00:50::1]:8883 topic=a/+/b prefix=up keepalive=5 client_id=x username=u password_file=/run/pw # a comment\n",
		     &r, err, sizeof(err)),
	      "every option: %s", err);
	CHECK(s->family == 6 && s->broker[0] == 0xfd && s->broker[15] == 1 &&
		      s->broker_port == 8883 && s->topic_len == 5 &&
		      s->prefix_len == 2 && s->keepalive == 5 &&
		      s->client_id_len == 1 && s->username_len == 1 &&
		      s->password_file_len == 7 &&
		      !memcmp(s->password_file, "/run/pw", 7),
	      "every option's value");
	out = open_memstream(&printed, &printed_len);
	ns_config_print(out, &r);
	fclose(out);
	CHECK(strstr(printed, "subscribe = [fd00:50::1]:8883 topic=a/+/b prefix=up client_id=x username=u password_file=/run/pw keepalive=5\n") != NULL,
	      "printed: %s", printed);
	CHECK(!parse(printed, &again, err, sizeof(err)) &&
		      !memcmp(&again, &r, sizeof(r)),
	      "print/parse round trip with a subscription: %s", err);
	free(printed);
	CHECK(!parse("[wake]\nsubscribe =\n", &r, err, sizeof(err)) &&
		      !s->broker_port,
	      "empty: none");

	expect_error("[wake]\nsubscribe = 192.168.50.1 topic=#\n",
		     "test.conf:2: subscribe = 192.168.50.1 topic=#: expected BROKER:PORT topic=FILTER");
	expect_error("[wake]\nsubscribe = fd00::1:1883 topic=#\n",
		     "an [IPv6] one");
	expect_error("[wake]\nsubscribe = [192.168.50.1]:1883 topic=#\n",
		     "expected BROKER:PORT");
	expect_error("[wake]\nsubscribe = broker.lab:1883 topic=#\n",
		     "expected BROKER:PORT");
	expect_error("[wake]\nsubscribe = 192.168.50.1:0 topic=#\n",
		     "expected BROKER:PORT");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883\n",
		     "topic= is an MQTT topic filter");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a/#/b\n",
		     "test.conf:2: subscribe = 192.168.50.1:1883 topic=a/#/b: topic= is an MQTT topic filter");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a+\n",
		     "+ stands for a whole level");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a topic=b\n",
		     "each option once");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a qos=1\n",
		     "expected BROKER:PORT");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a keepalive=2\n",
		     "keepalive= is 5-65535 seconds");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a keepalive=70000\n",
		     "expected BROKER:PORT");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a password_file=pw\n",
		     "password_file= is an absolute path");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a prefix=0123456789012345678901234567890123456789012345678901234567890123456789\n",
		     "expected BROKER:PORT");
	expect_error("[wake]\nsubscribe = 192.168.50.1:1883 topic=a\nsubscribe = 192.168.50.1:1883 topic=b\n",
		     "test.conf:3: subscribe = 192.168.50.1:1883 topic=b: key given twice");

	/* What bpftool could write: the whole table is checked. */
	ns_rules_default(&r);
	r.sub.client_id[3] = 'x';
	CHECK(ns_rules_check(&r, &problem) &&
		      !strcmp(problem.field, "subscribe"),
	      "a subscription without a broker port but bytes accepted");
}

static __u32 rng_state = 0x636f6e66; /* "conf" */

static __u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* len random bytes of chars into s, zero-padded to max. */
static __u8 rnd_text(__u8 *s, size_t max, const char *chars)
{
	size_t len = rnd() % (max + 1), i, n = strlen(chars);

	memset(s, 0, max);
	for (i = 0; i < len; i++)
		s[i] = (__u8)chars[rnd() % n];
	return (__u8)len;
}

/* One random change to a part of the table a config file sets. */
static void mutate(struct ns_rules *r)
{
	static const char printable[] =
		"abcdefghijklmnopqrstuvwxyz0123456789/-_.#+= ,:[]\\\"'$%&*!?~";
	struct ns_port_list *l;
	struct ns_wake_pattern *w;
	struct ns_wake_sub *sub = &r->sub;
	__u32 i;

	switch (rnd() % 9) {
	case 0:
		i = rnd() % NS_RANGE_COUNT;
		r->range[i].lo = (__u16)(1 + rnd() % 65535);
		r->range[i].hi = (__u16)(r->range[i].lo +
					 rnd() % (65536 - r->range[i].lo));
		break;
	case 1:
		l = &r->list[rnd() % NS_LIST_COUNT];
		l->count = (__u16)(rnd() % (NS_PORT_LIST_MAX + 1));
		memset(l->port, 0, sizeof(l->port));
		/* Now and then from a few ports, so that some repeat. */
		for (i = 0; i < l->count; i++)
			l->port[i] = (__u16)(1 + rnd() % (rnd() % 2 ? 65535 : 20));
		break;
	case 2:
		r->table.default_dest = (__u8)(rnd() % NS_DEST_COUNT);
		r->table.dhcp_owner = (__u8)(rnd() % NS_DEST_COUNT);
		r->table.broadcast = (__u8)(rnd() % NS_DEST_COUNT);
		r->table.flags = (__u8)(rnd() % 2);
		break;
	case 3:
		r->table.wake_count = (__u8)(rnd() % (NS_WAKE_MAX + 1));
		break;
	case 4:
	case 5:
		w = &r->wake[rnd() % NS_WAKE_MAX];
		w->broker_port = (__u16)(1 + rnd() % 65535);
		w->topic_len = rnd_text(w->topic, NS_WAKE_STR_MAX, printable);
		w->prefix_len = rnd_text(w->prefix, NS_WAKE_STR_MAX,
					 printable);
		break;
	case 6:
		memset(sub, 0, sizeof(*sub));
		sub->family = rnd() % 2 ? 4 : 6;
		for (i = 0; i < (sub->family == 4 ? 4u : 16u); i++)
			sub->broker[i] = (__u8)rnd();
		sub->broker_port = (__u16)(1 + rnd() % 65535);
		sub->keepalive = (__u16)(NS_SUB_KEEPALIVE_MIN +
					 rnd() % (65536 - NS_SUB_KEEPALIVE_MIN));
		sub->topic_len = rnd_text(sub->topic, NS_SUB_STR_MAX,
					  "abc/+#");
		break;
	case 7:
		sub->prefix_len = rnd_text(sub->prefix, NS_SUB_STR_MAX,
					   printable);
		sub->client_id_len = rnd_text(sub->client_id, NS_SUB_STR_MAX,
					      printable);
		sub->username_len = rnd_text(sub->username, NS_SUB_STR_MAX,
					     printable);
		break;
	default:
		sub->password_file_len = rnd_text(sub->password_file,
						  NS_SUB_STR_MAX, "/etc/pw#= ");
	}
}

/*
 * Whatever valid table a config file can hold, printing it and loading the
 * printout gives it back (netsplitctl rules show > f; rules load f).
 */
static void test_round_trip(void)
{
	struct ns_rules r, again, next;
	struct ns_problem problem;
	char err[512], *printed = NULL;
	size_t printed_len = 0;
	unsigned int i, k, tables = 0, wrong = 0;
	FILE *out;

	for (i = 0; i < 2000; i++) {
		ns_rules_default(&r);
		for (k = 0; k < 1 + rnd() % 12; k++) {
			next = r;
			mutate(&next);
			if (!ns_rules_check(&next, &problem))
				r = next;
		}
		tables++;
		out = open_memstream(&printed, &printed_len);
		ns_config_print(out, &r);
		fclose(out);
		if (parse(printed, &again, err, sizeof(err)) ||
		    memcmp(&again, &r, sizeof(r))) {
			if (wrong++ < 3)
				fprintf(stderr, "round trip lost: %s\n%s",
					err, printed);
		}
		free(printed);
		printed = NULL;
	}
	CHECK(!wrong, "%u of %u random tables do not survive print and load",
	      wrong, tables);
}

/* The file's own problems get their own causes. */
static void test_file_errors(void)
{
	static const char nul[] = "[ports]\nhost_tcp = 1\0000-2000\n";
	struct ns_rules r;
	char err[512] = "";
	FILE *f;

	f = fmemopen((void *)nul, sizeof(nul) - 1, "r");
	CHECK(f && ns_config_parse(f, "test.conf", &r, err, sizeof(err)) &&
		      strstr(err, "test.conf:2: a NUL byte"),
	      "a NUL byte: %s", err);
	if (f)
		fclose(f);
	CHECK(ns_config_load("/dev/zero", &r, err, sizeof(err)) &&
		      strstr(err, "/dev/zero:1: a NUL byte: this is not a text file"),
	      "/dev/zero: %s", err);
	expect_error("\xef\xbb\xbf[ports]\n", "test.conf:1: starts with a UTF-8 byte order mark");
	CHECK(ns_config_load("/", &r, err, sizeof(err)) &&
		      strstr(err, "/:1: cannot read: Is a directory"),
	      "a directory: %s", err);
	CHECK(!parse("[coprocessor]\nwake_command = curl http://hub/wake#now # the hub\n",
		     &r, err, sizeof(err)),
	      "a # inside a value: %s", err);
}

/* The file make install puts in /etc is every default, said. */
static void test_shipped(void)
{
	static struct ns_config cfg;
	struct ns_host_settings host;
	struct ns_cp_settings cp;
	struct ns_rules rules;
	char err[512] = "";

	CHECK(!ns_config_load_all("systemd/netsplit.conf", &cfg, err,
				  sizeof(err)),
	      "systemd/netsplit.conf (run from the top of the tree): %s", err);
	ns_rules_default(&rules);
	ns_settings_default(&host, &cp);
	CHECK(!memcmp(&cfg.rules, &rules, sizeof(rules)),
	      "systemd/netsplit.conf's table is not the defaults");
	CHECK(!memcmp(&cfg.host, &host, sizeof(host)),
	      "systemd/netsplit.conf's [host] is not the defaults");
	CHECK(!memcmp(&cfg.cp, &cp, sizeof(cp)),
	      "systemd/netsplit.conf's [coprocessor] is not the defaults");
}

int main(void)
{
	test_settings();
	test_shipped();
	test_subscribe();
	test_round_trip();
	test_file_errors();
	struct ns_rules r, d, again;
	struct ns_problem problem;
	char err[512], *printed = NULL;
	size_t printed_len = 0;
	FILE *out;

	/* An empty file is the defaults, and they are valid. */
	ns_rules_default(&d);
	CHECK(!ns_rules_check(&d, &problem), "defaults invalid: %s",
	      problem.field);
	CHECK(!parse("", &r, err, sizeof(err)), "empty file: %s", err);
	CHECK(!memcmp(&r, &d, sizeof(r)), "empty file is not the defaults");
	CHECK(d.range[NS_RANGE_HOST_TCP].lo == 49152 &&
		      d.range[NS_RANGE_HOST_TCP].hi == 61439 &&
		      d.range[NS_RANGE_SLAVE_UDP].lo == 61440 &&
		      d.range[NS_RANGE_SLAVE_UDP].hi == 65535,
	      "default ranges");
	CHECK(d.list[NS_LIST_STATIC_TCP_DST].count == 2 &&
		      d.list[NS_LIST_STATIC_TCP_DST].port[1] == 8554 &&
		      d.list[NS_LIST_STATIC_UDP_DST].port[0] == 53 &&
		      d.list[NS_LIST_SHARED_TCP].port[0] == 5001,
	      "default lists");
	CHECK(d.table.wake_count == 1 && d.wake[0].broker_port == 1883 &&
		      !memcmp(d.wake[0].prefix, "wakeup-host", 11),
	      "default wake pattern");

	/* The spec's example file, comments and all. */
	CHECK(!parse("[ports]\n"
		     "host_tcp = 40000-49999   # one range per key\n"
		     "host_udp = 40000-49999\n"
		     "slave_tcp = 50000-65535\n"
		     "slave_udp = 50000-65535\n"
		     "static_tcp_dst = 22, 80 ,443\n"
		     "static_udp_dst =\n"
		     "static_tcp_src = 8883\n"
		     "static_udp_src =\n"
		     "shared_tcp = 5001,5201\n"
		     "shared_udp = 5001\n"
		     "\n# a comment\n"
		     "[policy]\n"
		     "default = drop\n"
		     "dhcp = both\n"
		     "broadcast = both\n"
		     "port_collision = drop\n"
		     "[wake]\n"
		     "mqtt = 1883 prefix=wakeup-host\n"
		     "mqtt = 8883 topic=home/wake prefix=up\n"
		     "mqtt = 1884\n"
		     "syn_ports = 22\n",
		     &r, err, sizeof(err)),
	      "full file: %s", err);
	CHECK(r.range[NS_RANGE_HOST_TCP].lo == 40000 &&
		      r.range[NS_RANGE_SLAVE_UDP].lo == 50000,
	      "ranges");
	CHECK(r.list[NS_LIST_STATIC_TCP_DST].count == 3 &&
		      r.list[NS_LIST_STATIC_TCP_DST].port[2] == 443 &&
		      r.list[NS_LIST_STATIC_UDP_DST].count == 0 &&
		      r.list[NS_LIST_STATIC_TCP_SRC].port[0] == 8883 &&
		      r.list[NS_LIST_SHARED_TCP].count == 2 &&
		      r.list[NS_LIST_WAKE_SYN].port[0] == 22,
	      "lists");
	CHECK(r.table.default_dest == NS_DEST_DROP &&
		      r.table.dhcp_owner == NS_DEST_BOTH &&
		      r.table.broadcast == NS_DEST_BOTH &&
		      r.table.flags == NS_TABLE_F_DROP_COLLISIONS,
	      "policies");
	CHECK(r.table.wake_count == 3 && r.wake[1].broker_port == 8883 &&
		      r.wake[1].topic_len == 9 &&
		      !memcmp(r.wake[1].topic, "home/wake", 9) &&
		      r.wake[1].prefix_len == 2 && r.wake[2].prefix_len == 0,
	      "wake patterns");

	/* Printing and parsing again gives the same table. */
	out = open_memstream(&printed, &printed_len);
	ns_config_print(out, &r);
	fclose(out);
	CHECK(!parse(printed, &again, err, sizeof(err)), "reparse: %s", err);
	CHECK(!memcmp(&again, &r, sizeof(r)), "print/parse round trip");
	free(printed);

	CHECK(!parse("[wake]\nmqtt =\n", &r, err, sizeof(err)) &&
		      r.table.wake_count == 0,
	      "empty mqtt clears the patterns");
	CHECK(!parse("[ports]\nhost_tcp = 1000\nslave_tcp=1001-1001\n", &r,
		     err, sizeof(err)) &&
		      r.range[0].lo == 1000 && r.range[0].hi == 1000,
	      "single-port range: %s", err);

	expect_error("[ports]\nhost_tcp = 50000-40000\n",
		     "test.conf:2: host_tcp = 50000-40000: expected a port range");
	expect_error("[ports]\nhost_tcp = 0-100\n", "host_tcp = 0-100");
	expect_error("[ports]\nhost_tcp = 1-65536\n", "host_tcp = 1-65536");
	expect_error("[ports]\nhost_tcp = 49152-abc\n", "expected a port range");
	expect_error("[ports]\nslave_tcp = 60000-65535\n",
		     "test.conf:2: slave_tcp = 60000-65535: host and slave ranges of one protocol must not overlap");
	expect_error("[ports]\nslave_udp = 30000-50000\n",
		     "slave_udp = 30000-50000: host and slave ranges");
	expect_error("[ports]\nhost_udp = 1-61440\n",
		     "slave_udp (default 61440-65535): host and slave ranges");
	expect_error("[ports]\nstatic_tcp_dst = 22,22\n", "distinct ports");
	expect_error("[ports]\nstatic_tcp_dst = 22,,80\n", "static_tcp_dst = 22,,80");
	expect_error("[ports]\nstatic_udp_dst = 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16\n",
		     "at most 15");
	expect_error("[ports]\nshared_tcp = -1\n", "shared_tcp = -1");
	expect_error("[ports]\nhost_tcp = 1000-2000\nhost_tcp = 1000-2000\n",
		     "test.conf:3: host_tcp = 1000-2000: key given twice");
	expect_error("[ports]\nhost_sctp = 1-2\n", "test.conf:2: host_sctp = 1-2: unknown key");
	expect_error("[policy]\ndefault = maybe\n",
		     "default = maybe: expected slave, host, both or drop");
	expect_error("[policy]\ndhcp = drop\n", "dhcp = drop: expected slave, host or both");
	expect_error("[policy]\nbroadcast = host\n", "broadcast = host: expected slave or both");
	expect_error("[policy]\nport_collision = yes\n", "expected count or drop");
	expect_error("[wake]\nmqtt = 1883 topic\n", "test.conf:2: mqtt = 1883 topic");
	expect_error("[wake]\nmqtt = broker\n", "mqtt = broker");
	expect_error("[wake]\nmqtt = 1883 prefix=0123456789012345678901234567890123456789012345678901234567890123456789\n",
		     "at most 64 bytes");
	expect_error("[wake]\nmqtt = 1\nmqtt = 2\nmqtt = 3\nmqtt = 4\nmqtt = 5\nmqtt = 6\nmqtt = 7\nmqtt = 8\nmqtt = 9\n",
		     "test.conf:10: mqtt = 9");
	expect_error("[wake]\nsyn_ports = 22 80\n", "syn_ports = 22 80");
	expect_error("[hosts]\ninterface = ethsta0\n", "unknown section");
	expect_error("[host]\nmetric = -1\n",
		     "test.conf:2: metric = -1: expected a number 0-4294967295");
	expect_error("[host]\nheartbeat_interval = 50\n",
		     "expected a number 100-60000");
	expect_error("[host]\ninterface = eth/0\n", "interface name");
	expect_error("[host]\ninterface = averyveryverylongname\n",
		     "interface name");
	expect_error("[host]\ncontrol = /tmp/sock\n", "unix:PATH");
	expect_error("[host]\nresolv_conf = resolvd\n",
		     "expected auto, resolved, resolvconf or an absolute path");
	expect_error("[host]\nresolv_conf = etc/resolv.conf\n",
		     "absolute path");
	expect_error("[host]\nkeep_on_exit = maybe\n", "expected yes or no");
	expect_error("[host]\nxdp_mode = offload\n", "native or generic");
	expect_error("[host]\nfrob = 1\n", "unknown key");
	expect_error("[host]\nmetric = 1\nmetric = 2\n", "key given twice");
	expect_error("[coprocessor]\nheartbeat_misses = 0\n",
		     "expected a number 1-100");
	expect_error("[coprocessor]\nwake_queue = 5000\n",
		     "expected a number 1-4096");
	expect_error("[coprocessor]\nresolv_conf = /x\n", "unknown key");
	expect_error("host_tcp = 1-2\n", "key outside a section");
	expect_error("[ports]\nhost_tcp\n", "expected key = value");

	/* Whole-table validation catches what bpftool could write. */
	ns_rules_default(&r);
	r.wake[0].prefix[20] = 'x';
	CHECK(ns_rules_check(&r, &problem) && !strcmp(problem.field, "mqtt"),
	      "unpadded prefix accepted");
	ns_rules_default(&r);
	r.list[NS_LIST_SHARED_UDP].port[5] = 9;
	CHECK(ns_rules_check(&r, &problem) &&
		      !strcmp(problem.field, "shared_udp"),
	      "port past the count accepted");
	ns_rules_default(&r);
	r.table.host_state = 3;
	CHECK(ns_rules_check(&r, &problem), "host state 3 accepted");
	ns_rules_default(&r);
	r.list[NS_LIST_STATIC_TCP_DST].port[1] = 22;
	CHECK(ns_rules_check(&r, &problem) &&
		      !strcmp(problem.field, "static_tcp_dst"),
	      "a port listed twice accepted");
	ns_rules_default(&r);
	r.wake[3].broker_port = 1883;
	CHECK(ns_rules_check(&r, &problem) && !strcmp(problem.field, "mqtt"),
	      "an unused wake pattern with bytes accepted");
	ns_rules_default(&r);
	memcpy(r.wake[0].prefix, "wake up", 7);
	r.wake[0].prefix_len = 7;
	CHECK(ns_rules_check(&r, &problem) && !strcmp(problem.field, "mqtt"),
	      "a prefix no config file can write accepted");

	CHECK(ns_config_load("/nonexistent/netsplit.conf", &r, err,
			     sizeof(err)) == -ENOENT &&
		      strstr(err, "/nonexistent/netsplit.conf: cannot open"),
	      "missing file: %s", err);
	return check_report();
}
