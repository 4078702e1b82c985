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
#include <net/if.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf_engine.h"
#include "classes.h"
#include "empty.skel.h"
#include "native.h"
#include "netsplit.skel.h"

#define BPF_REPEAT 1000000
#define NATIVE_REPEAT 2000000
/* Rounds per measurement; the fastest is reported (least disturbed). */
#define ROUNDS 15

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
	static struct bench_class classes[BENCH_CLASSES];
	struct bpf_devmap_val link = {};
	const struct bpf_program *splitter;
	struct ns_bpf_engine *bpf;
	struct ns_native *native;
	struct empty_bpf *empty;
	struct ns_rules rules;
	double x, y, z, t;
	char err[512];
	size_t i;
	__u32 key = 0;
	int round;

	if (geteuid()) {
		fprintf(stderr, "bench: needs root (BPF_PROG_TEST_RUN); run: sudo make bench\n");
		return 1;
	}
	bench_classes(classes, &rules);
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
	       classes[BENCH_CLASS_MQTT].len, NS_WAKE_RING_EVENTS);
	empty_bpf__destroy(empty);
	ns_native_free(native);
	ns_bpf_engine_free(bpf);
	return 0;
}
