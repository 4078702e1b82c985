// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential test: the native build and the BPF splitter must agree on
 * every frame - structured cases, random mutations of them, and every
 * destination port of TCP and UDP in every host state, where both must also
 * agree with the range rules. So must the classifier's fast path and its
 * long way (tests/lib/engines.c). Deterministic: the seed is fixed and
 * printed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <netsplit/reasons.h>

#include "check.h"
#include "engines.h"
#include "frames.h"

#define MUTATED_FRAMES 100000
#define RESET_EVERY 500
/* The one port the slave listens on in this test. */
#define SLAVE_UDP_PORT 5001

static __u64 rng_state = 0x6e657473706c6974ULL; /* "netsplit" */

static __u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (__u32)(rng_state >> 16);
}

struct base {
	__u8 f[FR_MAX];
	size_t len;
};

static struct base bases[256];
static unsigned int nbases;

static void add_base(size_t len, const __u8 *f)
{
	if (nbases < NS_ARRAY_SIZE(bases) && len) {
		memcpy(bases[nbases].f, f, len);
		bases[nbases++].len = len;
	}
}

/*
 * A segment of count MQTT packets: PUBLISHes of other news, a PINGRESP, and
 * a wakeup-host PUBLISH last.
 */
static size_t mqtt_coalesced(__u8 *out, size_t cap, size_t count)
{
	size_t len = 0, n, k;

	for (k = 0; k + 1 < count; k++) {
		if (k == 1) {
			out[len++] = 0xd0; /* PINGRESP */
			out[len++] = 0x00;
			continue;
		}
		n = fr_mqtt_publish(out + len, cap - len, 4 + (int)k % 2,
				    (int)k % 3, "home/news", "sunny", 5, 0);
		len += n;
	}
	return len + fr_mqtt_publish(out + len, cap - len, 4, 1, "home/host",
				     "wakeup-host", 11, 0);
}

static void make_bases(void)
{
	static const __u16 ports[] = { 22, 53, 68, 546, 1883, 5001, 8554,
				       49151, 49152, 61439, 61440, 65535 };
	static const __u8 protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	__u8 f[FR_MAX], m[512];
	size_t i, j, k, n;
	int fam;

	for (fam = 4; fam <= 6; fam += 2) {
		for (i = 0; i < NS_ARRAY_SIZE(protos); i++) {
			for (j = 0; j < NS_ARRAY_SIZE(ports); j++) {
				struct fr_spec s = {
					.family = fam, .proto = protos[i],
					.sport = ports[(j + 3) % NS_ARRAY_SIZE(ports)],
					.dport = ports[j],
					.tcp_flags = j & 1 ? 0x02 : 0x10,
					.ip_options = fam == 4 && (j & 2) ? 8 : 0,
					.dst_options = fam == 6 && (j & 2) ? 1 : 0,
					.l2_group = j == 2,
				};
				add_base(fr_build(f, &s), f);
			}
			for (k = 0; k < 2; k++) {
				struct fr_spec s = {
					.family = fam, .proto = protos[i],
					.sport = 80, .dport = 50000,
					.frag_header = fam == 6,
					.more_fragments = !k, .frag_offset = k ? 3 : 0,
					.frag_id = 42, .payload = m,
					.payload_len = 24,
				};
				add_base(fr_build(f, &s), f);
			}
		}
		for (k = 0; k < 6; k++) {
			static const __u8 t4[] = { 0, 8, 3, 11, 12, 13 };
			static const __u8 t6[] = { 128, 129, 135, 136, 134, 2 };
			struct fr_spec s = {
				.family = fam,
				.proto = fam == 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6,
				.icmp_type = fam == 4 ? t4[k] : t6[k],
			};
			add_base(fr_build(f, &s), f);
		}
		add_base(fr_icmp_error(f, fam, fam == 4 ? 3 : 1, 4, IPPROTO_TCP,
				       50000, 443), f);
		add_base(fr_icmp_error(f, fam, fam == 4 ? 11 : 3, 0, IPPROTO_UDP,
				       62000, 53), f);
		for (k = 0; k < 4; k++) {
			n = fr_mqtt_publish(m, sizeof(m), k < 2 ? 4 : 5,
					    (int)k % 3, "home/host",
					    "wakeup-host", 11, k == 3 ? 6 : 0);
			add_base(fr_tcp_payload(f, fam, 1883, 50001, m, n), f);
		}
		/* Coalesced segments: the wakeup behind 1, 4 and 7 others. */
		for (k = 2; k <= NS_MQTT_PACKETS_MAX; k += 3) {
			n = mqtt_coalesced(m, sizeof(m), k);
			add_base(fr_tcp_payload(f, fam, 1883, 50001, m, n), f);
		}
	}
	add_base(fr_arp(f, 1), f);
	add_base(fr_arp(f, 2), f);
}

static void mutate(__u8 *f, size_t *len)
{
	int n = 1 + (int)(rnd() % 4), i;
	size_t off;

	for (i = 0; i < n; i++) {
		switch (rnd() % 6) {
		case 0: /* any byte, mostly in the headers */
		case 1:
			off = rnd() % (rnd() % 2 ? 96 : FR_MAX);
			if (off < *len)
				f[off] = (__u8)rnd();
			break;
		case 2: /* cut */
			*len = 14 + rnd() % (*len - 13);
			break;
		case 3: /* pad or extend */
			off = *len + rnd() % 64;
			while (*len < off && *len < FR_MAX)
				f[(*len)++] = (__u8)rnd();
			break;
		case 4: /* a length or header-length field */
			off = (size_t[]){ 14, 16, 17, 18, 19, 46, 54, 66 }[rnd() % 8];
			if (off < *len)
				f[off] = (__u8)rnd();
			break;
		default: /* a small value: ports, flags, types */
			off = 14 + rnd() % 60;
			if (off < *len)
				f[off] = (__u8)(rnd() % 8);
		}
	}
}

static void test_mutations(void)
{
	__u8 f[FR_MAX];
	struct ns_result res;
	unsigned int i, disagree = 0, failed = 0, state;
	size_t len;

	for (i = 0; i < MUTATED_FRAMES; i++) {
		if (i % RESET_EVERY == 0) {
			state = rnd() % NS_HOST_STATE_COUNT;
			eng_rules()->table.host_state = (__u8)state;
			eng_rules()->table.broadcast =
				rnd() % 2 ? NS_DEST_BOTH : NS_DEST_SLAVE;
			eng_rules()->table.default_dest = (__u8)(rnd() % 4);
			eng_apply();
			eng_reset_fragments();
		}
		memcpy(f, bases[i % nbases].f, bases[i % nbases].len);
		len = bases[i % nbases].len;
		/* One frame in ten unmutated: the structured cases. */
		if (i % 10)
			mutate(f, &len);
		switch (eng_classify(f, len, &res)) {
		case 0:
			break;
		case 1:
			disagree++;
			break;
		default:
			failed++;
		}
	}
	printf("differential: %u frames (%u bases), %u disagreements, %u engine failures\n",
	       MUTATED_FRAMES, nbases, disagree, failed);
	CHECK(disagree == 0 && failed == 0, "engines disagree on %u frames",
	      disagree);
}

/* What the range rules say about a port, by the table (SPEC 3.3.5). */
static void port_oracle(const struct ns_rules *r, bool udp, __u16 port,
			__u8 *dest, __u8 *reason)
{
	const struct ns_port_list *st = &r->list[NS_LIST_STATIC_TCP_DST + udp];
	const struct ns_port_list *sh = &r->list[NS_LIST_SHARED_TCP + udp];
	const struct ns_port_range *host = &r->range[NS_RANGE_HOST_TCP + udp];
	const struct ns_port_range *slave = &r->range[NS_RANGE_SLAVE_TCP + udp];
	bool awake = r->table.host_state == NS_HOST_AWAKE;
	__u32 i;

	for (i = 0; i < st->count; i++)
		if (st->port[i] == port) {
			*dest = awake ? NS_DEST_HOST : NS_DEST_DROP;
			*reason = awake ? NS_REASON_STATIC_PORT :
					  NS_REASON_HOST_ASLEEP;
			return;
		}
	for (i = 0; i < sh->count; i++) {
		if (sh->port[i] != port)
			continue;
		if (udp && port == SLAVE_UDP_PORT) {
			*dest = NS_DEST_SLAVE;
			*reason = NS_REASON_SHARED_SLAVE;
		} else {
			*dest = awake ? NS_DEST_HOST : r->table.default_dest;
			*reason = awake ? NS_REASON_SHARED_HOST :
					  NS_REASON_DEFAULT;
		}
		return;
	}
	if (port >= host->lo && port <= host->hi) {
		*dest = awake ? NS_DEST_HOST : NS_DEST_DROP;
		*reason = awake ? NS_REASON_HOST_RANGE : NS_REASON_HOST_ASLEEP;
	} else if (port >= slave->lo && port <= slave->hi) {
		*dest = NS_DEST_SLAVE;
		*reason = NS_REASON_SLAVE_RANGE;
	} else {
		*dest = r->table.default_dest;
		*reason = NS_REASON_DEFAULT;
	}
}

static void test_port_sweep(void)
{
	__u8 f[FR_MAX], dest, reason;
	struct ns_result res;
	unsigned int wrong = 0, disagree = 0, frames = 0, udp, state;
	__u32 port;
	size_t n;

	eng_reset_defaults();
	for (state = 0; state < NS_HOST_STATE_COUNT; state++) {
		eng_rules()->table.host_state = (__u8)state;
		eng_apply();
		for (udp = 0; udp < 2; udp++) {
			struct fr_spec s = { .family = 4,
					     .proto = udp ? IPPROTO_UDP :
							    IPPROTO_TCP,
					     .sport = 7 };

			n = fr_build(f, &s);
			for (port = 0; port <= 65535; port++) {
				/* Rewrite the destination port in place. */
				f[14 + 20 + 2] = (__u8)(port >> 8);
				f[14 + 20 + 3] = (__u8)port;
				frames++;
				if (eng_classify(f, n, &res)) {
					disagree++;
					continue;
				}
				if (udp && port == 68)
					continue; /* the DHCP rule comes first */
				port_oracle(eng_rules(), udp, (__u16)port, &dest,
					    &reason);
				if (state == NS_HOST_DOWN && dest == NS_DEST_HOST) {
					dest = NS_DEST_DROP;
					reason = NS_REASON_HOST_DOWN;
				}
				if (res.dest != dest || res.reason != reason) {
					if (wrong++ < 5)
						fprintf(stderr,
							"%s port %u, host %s: %s %s, rules say %s %s\n",
							udp ? "UDP" : "TCP", port,
							ns_host_state_name[state],
							ns_dest_name[res.dest],
							ns_reason_name[res.reason],
							ns_dest_name[dest],
							ns_reason_name[reason]);
				}
			}
		}
	}
	printf("port sweep: %u frames, %u disagreements, %u off the rules\n",
	       frames, disagree, wrong);
	CHECK(disagree == 0 && wrong == 0 && frames == 6 * 65536,
	      "port sweep");
}

/* test_diff [--record CORPUS]: the corpus is what the rv32 image replays. */
int main(int argc, char **argv)
{
	struct ns_rules *r;

	if (argc != 1 && (argc != 3 || strcmp(argv[1], "--record"))) {
		fprintf(stderr, "usage: test_diff [--record CORPUS]\n");
		return 2;
	}
	if (check_need_root("test_diff"))
		return check_report();
	CHECK(eng_open() == 0, "the engines open");
	if (!check_failed && argc == 3)
		CHECK(eng_record(argv[2]) == 0, "the corpus is created");
	if (check_failed)
		return check_report();
	r = eng_rules();
	fr_use_test_addresses(r);
	r->list[NS_LIST_WAKE_SYN] = (struct ns_port_list){ 1, { 22 } };
	eng_apply();
	eng_add_slave_port(IPPROTO_UDP, SLAVE_UDP_PORT);
	make_bases();
	printf("seed %#llx\n", (unsigned long long)0x6e657473706c6974ULL);
	test_mutations();
	test_port_sweep();
	CHECK(eng_close() == 0, "the corpus is written");
	return check_report();
}
