// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf_engine.h"
#include "netsplit.skel.h"

/*
 * BPF_PROG_TEST_RUN takes an XDP frame of an Ethernet header up to a page
 * less head- and tailroom.
 */
#define NS_TEST_FRAME_MIN 14
#define NS_TEST_FRAME_MAX 3500
#define NS_LOOPBACK_IFINDEX 1

struct ns_bpf_engine {
	struct ns_datapath dp;
	struct ring_buffer *events;
	struct ns_wake_event last_event;
	int events_seen;
	__u8 out[NS_TEST_FRAME_MAX + 64];
};

static int ns_bpf_engine_event(void *ctx, void *data, size_t size)
{
	struct ns_bpf_engine *engine = ctx;

	if (size >= sizeof(engine->last_event))
		memcpy(&engine->last_event, data, sizeof(engine->last_event));
	engine->events_seen++;
	return 0;
}

struct ns_bpf_engine *ns_bpf_engine_new(const struct ns_rules *rules,
					char *err, size_t err_len)
{
	struct ns_bpf_engine *engine = calloc(1, sizeof(*engine));
	int ret;

	if (!engine) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	ret = ns_datapath_load(&engine->dp, NULL, err, err_len);
	if (ret) {
		free(engine);
		return NULL;
	}
	engine->events = ring_buffer__new(engine->dp.maps.wake_events,
					  ns_bpf_engine_event, engine, NULL);
	/* Host verdicts need a redirect target; no frame is sent in a test run. */
	ret = ns_maps_set_links(&engine->dp.maps, NS_LOOPBACK_IFINDEX,
				NS_LOOPBACK_IFINDEX, 0);
	if (!ret)
		ret = ns_maps_write_rules(&engine->dp.maps, rules);
	if (ret || !engine->events) {
		snprintf(err, err_len, "cannot set up the BPF engine: %s",
			 strerror(ret ? -ret : ENOMEM));
		ns_bpf_engine_free(engine);
		return NULL;
	}
	return engine;
}

void ns_bpf_engine_free(struct ns_bpf_engine *engine)
{
	if (!engine)
		return;
	ring_buffer__free(engine->events);
	ns_datapath_close(&engine->dp);
	free(engine);
}

void ns_bpf_engine_reset_fragments(struct ns_bpf_engine *engine)
{
	int fd = bpf_map__fd(engine->dp.skel->maps.ns_frags);
	struct ns_frag_key key;

	while (!bpf_map_get_next_key(fd, NULL, &key))
		bpf_map_delete_elem(fd, &key);
}

const struct ns_maps *ns_bpf_engine_maps(struct ns_bpf_engine *engine)
{
	return &engine->dp.maps;
}

struct netsplit_bpf *ns_bpf_engine_skel(struct ns_bpf_engine *engine)
{
	return engine->dp.skel;
}

int ns_bpf_engine_classify(struct ns_bpf_engine *engine, const void *frame,
			   size_t len, struct ns_result *res, char *err,
			   size_t err_len)
{
	struct xdp_md ctx_in = { .data_end = (__u32)len };
	struct xdp_md ctx_out = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame,
		    .data_size_in = (__u32)len, .data_out = engine->out,
		    .data_size_out = sizeof(engine->out), .ctx_in = &ctx_in,
		    .ctx_size_in = sizeof(ctx_in), .ctx_out = &ctx_out,
		    .ctx_size_out = sizeof(ctx_out), .repeat = 1);
	int prog = bpf_program__fd(engine->dp.skel->progs.ns_splitter);
	struct ns_counter before[NS_REASON_COUNT], after[NS_REASON_COUNT];
	__u32 reason, moved = 0;
	int ret;

	if (len > NS_TEST_FRAME_MAX || len < NS_TEST_FRAME_MIN) {
		snprintf(err, err_len,
			 "frame of %zu bytes: the BPF engine takes %d-%d",
			 len, NS_TEST_FRAME_MIN, NS_TEST_FRAME_MAX);
		return -EINVAL;
	}
	ret = ns_maps_read_stats(&engine->dp.maps, before);
	if (!ret && bpf_prog_test_run_opts(prog, &opts))
		ret = -errno;
	if (!ret)
		ret = ns_maps_read_stats(&engine->dp.maps, after);
	if (ret) {
		snprintf(err, err_len, "BPF_PROG_TEST_RUN failed: %s",
			 strerror(-ret));
		return ret;
	}
	engine->events_seen = 0;
	ring_buffer__consume(engine->events);

	res->wake = 0;
	res->wake_rule = NS_WAKE_RULE_NONE;
	res->reason = NS_REASON_COUNT;
	for (reason = 0; reason < NS_REASON_COUNT; reason++) {
		if (reason == NS_REASON_HOST_LINK_MISSING ||
		    after[reason].packets == before[reason].packets)
			continue;
		res->reason = (__u8)reason;
		moved++;
	}
	if (moved != 1) {
		snprintf(err, err_len,
			 "the splitter moved %u reason counters, expected 1",
			 moved);
		return -EPROTO;
	}
	switch (opts.retval) {
	case XDP_PASS:
		res->dest = ns_datapath_marked_both(&engine->dp, engine->out,
						    opts.data_size_out,
						    ctx_out.data, (__u32)len) ?
				    NS_DEST_BOTH :
				    NS_DEST_SLAVE;
		return 0;
	case XDP_REDIRECT:
		res->dest = NS_DEST_HOST;
		return 0;
	case XDP_DROP:
		res->dest = NS_DEST_DROP;
		if (engine->events_seen) {
			/* Taken over by the ring buffer: the host gets it. */
			res->dest = NS_DEST_HOST;
			res->wake = 1;
			res->wake_rule = engine->last_event.rule;
		}
		return 0;
	}
	snprintf(err, err_len, "the splitter returned XDP action %u",
		 opts.retval);
	return -EPROTO;
}
