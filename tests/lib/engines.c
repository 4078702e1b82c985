// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include <netsplit/reasons.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <netsplit/engine.h>

#include "bpf_engine.h"
#include "corpus.h"
#include "engines.h"
#include "netsplit.skel.h"
#include "fw_engine.h"
#include "native.h"

static struct ns_rules eng_table;
static struct ns_native *eng_native;
/* The native build again, every frame the long way (no fast path). */
static struct ns_native *eng_long;
static struct ns_bpf_engine *eng_bpf;
/* The co-processor's core, as the firmware classifies. */
static struct ns_fw_engine *eng_fw;
/* eng_record()'s corpus, or NULL. */
static FILE *eng_corpus;

int eng_open(void)
{
	char err[512];

	ns_rules_default(&eng_table);
	eng_native = ns_native_new(&eng_table);
	eng_long = ns_native_new(&eng_table);
	eng_bpf = ns_bpf_engine_new(&eng_table, err, sizeof(err));
	eng_fw = ns_fw_engine_new(&eng_table);
	if (!eng_native || !eng_long || !eng_bpf || !eng_fw) {
		fprintf(stderr, "cannot open the engines: %s\n", err);
		return -1;
	}
	return 0;
}

int eng_close(void)
{
	ns_native_free(eng_native);
	ns_native_free(eng_long);
	ns_bpf_engine_free(eng_bpf);
	ns_fw_engine_free(eng_fw);
	if (corpus_close(eng_corpus)) {
		perror("writing the corpus");
		return -1;
	}
	return 0;
}

int eng_record(const char *path)
{
	eng_corpus = corpus_create(path);
	if (!eng_corpus) {
		perror(path);
		return -1;
	}
	corpus_table(eng_corpus, &eng_table);
	return 0;
}

struct ns_rules *eng_rules(void)
{
	return &eng_table;
}

void eng_apply(void)
{
	*ns_native_rules(eng_native) = eng_table;
	*ns_native_rules(eng_long) = eng_table;
	ns_fw_engine_set_rules(eng_fw, &eng_table);
	corpus_table(eng_corpus, &eng_table);
	if (ns_maps_write_rules(ns_bpf_engine_maps(eng_bpf), &eng_table))
		fprintf(stderr, "eng_apply: the table does not validate\n");
}

void eng_reset_defaults(void)
{
	const struct ns_table keep = eng_table.table;

	ns_rules_default(&eng_table);
	memcpy(eng_table.table.ipv4, keep.ipv4, sizeof(keep.ipv4));
	memcpy(eng_table.table.ipv6, keep.ipv6, sizeof(keep.ipv6));
	eng_table.table.ipv6_count = keep.ipv6_count;
	eng_table.table.ipv4_prefix = keep.ipv4_prefix;
	eng_apply();
}

void eng_add_slave_port(__u8 proto, __u16 port)
{
	ns_native_add_slave_port(eng_native, proto, port);
	ns_native_add_slave_port(eng_long, proto, port);
	ns_fw_engine_add_slave_port(eng_fw, proto, port);
	corpus_port(eng_corpus, proto, port);
	ns_maps_add_slave_port(ns_bpf_engine_maps(eng_bpf), proto, port);
}

void eng_reset_fragments(void)
{
	ns_native_reset_fragments(eng_native);
	ns_native_reset_fragments(eng_long);
	ns_fw_engine_reset_fragments(eng_fw);
	corpus_reset(eng_corpus);
	ns_bpf_engine_reset_fragments(eng_bpf);
}

/* Returns 0 when a and b agree, else 1 after printing both. */
static int eng_compare(const char *a_name, const struct ns_result *a,
		       const char *b_name, const struct ns_result *b)
{
	if (ns_results_agree(a, b))
		return 0;
	fprintf(stderr, "%s and %s disagree: %s %s wake=%u rule=%u, %s %s wake=%u rule=%u\n",
		a_name, b_name, ns_dest_name[a->dest],
		ns_reason_name[a->reason], a->wake, a->wake_rule,
		ns_dest_name[b->dest], ns_reason_name[b->reason], b->wake,
		b->wake_rule);
	return 1;
}

int eng_classify(const void *frame, size_t len, struct ns_result *res)
{
	struct ns_result bpf, long_way, fw;
	char err[512];

	ns_native_classify(eng_native, frame, len, res);
	ns_native_classify_long(eng_long, frame, len, &long_way);
	ns_fw_engine_classify(eng_fw, frame, len, &fw);
	if (eng_compare("native", res, "native without its fast path",
			&long_way) ||
	    eng_compare("native", res, "the co-processor's core", &fw))
		return 1;
	/* BPF_PROG_TEST_RUN takes no frame shorter than an Ethernet header. */
	if (len >= 14) {
		if (ns_bpf_engine_classify(eng_bpf, frame, len, &bpf, err,
					   sizeof(err))) {
			fprintf(stderr, "BPF engine: %s\n", err);
			return -1;
		}
		if (eng_compare("native", res, "bpf", &bpf))
			return 1;
	}
	corpus_frame(eng_corpus, frame, len, res);
	return 0;
}
