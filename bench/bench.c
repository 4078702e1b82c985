// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: per frame class, the splitter through BPF_PROG_TEST_RUN
 * (JIT, 1,000,000 runs), an empty XDP program measured right beside it,
 * and the native build of the classifier:
 *
 *   bench: CLASS bpf_ns=X empty_ns=Y native_ns=Z
 *
 * Each figure is the fastest of ROUNDS rounds, the splitter and the empty
 * program alternating, so both see the same machine. Only differences and
 * ratios within one run mean anything; absolute numbers move with the load.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf_engine.h"
#include "empty.skel.h"
#include "frames.h"
#include "native.h"
#include "netsplit.skel.h"

#define BPF_REPEAT 1000000
#define NATIVE_REPEAT 2000000
/* Rounds per measurement; the fastest is reported (least disturbed). */
#define ROUNDS 15

struct bench_class {
	const char *name;
	__u8 frame[FR_MAX];
	size_t len;
	__u8 host_state;
};

static double native_ns(struct ns_native *engine, const struct bench_class *c)
{
	volatile __u8 sink = 0;
	struct ns_result res;
	struct timespec a, b;
	int i;

	ns_native_rules(engine)->table.host_state = c->host_state;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < NATIVE_REPEAT; i++) {
		ns_native_classify(engine, c->frame, c->len, &res);
		sink = (__u8)(sink + res.reason);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	(void)sink;
	return ((double)(b.tv_sec - a.tv_sec) * 1e9 +
		(double)(b.tv_nsec - a.tv_nsec)) /
	       NATIVE_REPEAT;
}

/* ns per run of prog: the splitter or a baseline (bench/empty.bpf.c). */
static int bpf_ns(const struct bpf_program *prog, const struct bench_class *c,
		  double *ns)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = c->frame,
		    .data_size_in = (__u32)c->len, .repeat = BPF_REPEAT);

	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return -1;
	*ns = opts.duration;
	return 0;
}

int main(void)
{
	static const char wake[] = "wakeup-host: motion detected at the front door, "
				   "camera 2, confidence 0.93, clip id 20261122-0001, "
				   "please upload the last 30 seconds";
	static struct bench_class classes[7];
	struct bpf_devmap_val link = {};
	const struct bpf_program *splitter;
	struct ns_bpf_engine *bpf;
	struct ns_native *native;
	struct empty_bpf *empty;
	struct ns_rules rules;
	__u8 mqtt[512];
	double x, y, z, t;
	char err[512];
	size_t i, n;
	__u32 key = 0;
	int round;

	if (geteuid()) {
		fprintf(stderr, "bench: needs root (BPF_PROG_TEST_RUN); run: sudo make bench\n");
		return 1;
	}
	ns_rules_default(&rules);
	fr_use_test_addresses(&rules);
	classes[0].name = "arp_request";
	classes[0].len = fr_arp(classes[0].frame, 1);
	classes[1].name = "icmp_echo_request";
	classes[1].len = fr_build(classes[1].frame,
				  &(struct fr_spec){ .family = 4,
						     .proto = IPPROTO_ICMP,
						     .icmp_type = 8 });
	classes[2].name = "tcp_host_range";
	classes[2].len = fr_build(classes[2].frame,
				  &(struct fr_spec){ .family = 4,
						     .proto = IPPROTO_TCP,
						     .sport = 443, .dport = 50000 });
	classes[3].name = "tcp_slave_range";
	classes[3].len = fr_build(classes[3].frame,
				  &(struct fr_spec){ .family = 4,
						     .proto = IPPROTO_TCP,
						     .sport = 443, .dport = 62000 });
	classes[4].name = "udp_static_port";
	classes[4].len = fr_build(classes[4].frame,
				  &(struct fr_spec){ .family = 4,
						     .proto = IPPROTO_UDP,
						     .sport = 40000, .dport = 53 });
	classes[5].name = "mqtt_wake_publish";
	n = fr_mqtt_publish(mqtt, sizeof(mqtt), 4, 1, "home/host/wake", wake,
			    strlen(wake), 0);
	classes[5].len = fr_tcp_payload(classes[5].frame, 4, 1883, 50001, mqtt,
					n);
	classes[5].host_state = NS_HOST_SLEEPING;
	classes[6].name = "malformed";
	classes[6].len = classes[2].len - 10;
	memcpy(classes[6].frame, classes[2].frame, classes[6].len);

	bpf = ns_bpf_engine_new(&rules, err, sizeof(err));
	native = ns_native_new(&rules);
	empty = empty_bpf__open_and_load();
	if (!bpf || !native || !empty) {
		fprintf(stderr, "bench: cannot set up: %s\n", bpf ? "empty program" : err);
		return 1;
	}
	splitter = ns_bpf_engine_skel(bpf)->progs.ns_splitter;
	/*
	 * A host link that exists, so that host frames take the way they take
	 * in service (XDP_REDIRECT), not the missing link's. BPF_PROG_TEST_RUN
	 * sends nothing, so the loopback device will do.
	 */
	link.ifindex = if_nametoindex("lo");
	if (ns_maps_set_links(ns_bpf_engine_maps(bpf), 0, link.ifindex, 0) ||
	    bpf_map_update_elem(bpf_map__fd(empty->maps.ns_bench_link), &key,
				&link, 0)) {
		fprintf(stderr, "bench: cannot set the loopback device as the host link\n");
		return 1;
	}
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		rules.table.host_state = classes[i].host_state;
		if (ns_maps_write_rules(ns_bpf_engine_maps(bpf), &rules)) {
			fprintf(stderr, "bench: cannot write the rules\n");
			return 1;
		}
		x = y = z = 1e9;
		for (round = 0; round < ROUNDS; round++) {
			if (bpf_ns(splitter, &classes[i], &t) ||
			    (x = t < x ? t : x,
			     bpf_ns(empty->progs.ns_empty, &classes[i], &t))) {
				fprintf(stderr, "bench: %s: BPF_PROG_TEST_RUN failed\n",
					classes[i].name);
				return 1;
			}
			y = t < y ? t : y;
			t = native_ns(native, &classes[i]);
			z = t < z ? t : z;
		}
		printf("bench: %s bpf_ns=%.1f empty_ns=%.1f native_ns=%.1f\n",
		       classes[i].name, x, y, z);
	}
	/* What a redirect alone costs: host classes cannot go below it. */
	x = y = 1e9;
	for (round = 0; round < ROUNDS; round++) {
		if (bpf_ns(empty->progs.ns_redirect_only, &classes[2], &t) ||
		    (x = t < x ? t : x,
		     bpf_ns(empty->progs.ns_empty, &classes[2], &t))) {
			fprintf(stderr, "bench: redirect_only: BPF_PROG_TEST_RUN failed\n");
			return 1;
		}
		y = t < y ? t : y;
	}
	printf("bench: reference redirect_only_ns=%.1f empty_ns=%.1f (an XDP program that only redirects through a devmap, as the splitter does for host frames)\n",
	       x, y);
	printf("bench: the MQTT frame is %zu bytes; its wake events fill the ring buffer after %lu runs, so most runs take the ring-full path (the frame is redirected)\n",
	       classes[5].len, NS_WAKE_RING_EVENTS);
	empty_bpf__destroy(empty);
	ns_native_free(native);
	ns_bpf_engine_free(bpf);
	return 0;
}
