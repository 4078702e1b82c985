// SPDX-License-Identifier: GPL-2.0-only
/*
 * The classifier. The first byte picks a table (of TABLES, each a config
 * file's worth) and which shared addresses are learned, the second the
 * host's state; the rest is the frame, in a buffer of exactly its size.
 * Every frame: a verdict that holds together (a known destination and
 * reason, a wake only towards the host with a pattern that exists), the
 * same from the fast path and the long way, and from the co-processor's
 * core. A share of the frames (their bytes pick which, so that a replay
 * sees the same) also through the splitter with BPF_PROG_TEST_RUN, which
 * must agree too, move exactly one reason counter and redirect only what
 * goes to the host; that needs root and BPF, and is left out, said once,
 * without them.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/reasons.h>
#include <netsplit/rules.h>

#include "bpf_engine.h"
#include "config.h"
#include "fuzz.h"
#include "fw_engine.h"
#include "native.h"

#define TABLES	  4
#define ADDRESSES 3
/* One frame in BPF_SHARE also through BPF. */
#define BPF_SHARE 32

static const char *const table_text[TABLES] = {
	"",
	"[ports]\nhost_tcp = 40000-59999\nhost_udp = 40000-59999\n"
	"slave_tcp = 60000-65535\nslave_udp = 60000-65535\n"
	"static_tcp_dst = 22, 8554\nstatic_udp_dst = 53,123\n"
	"static_tcp_src = 8883\nshared_tcp = 5001,5201\nshared_udp = 5001\n"
	"[policy]\ndefault = slave\ndhcp = both\nbroadcast = both\n"
	"port_collision = drop\n"
	"[wake]\nmqtt = 1883 prefix=wakeup-host\n"
	"mqtt = 8883 topic=home/host/wake\nsyn_ports = 22\n",
	"[policy]\ndefault = host\ndhcp = host\nbroadcast = slave\n"
	"[wake]\nsyn_ports = 22, 80, 443\n",
	"[ports]\nhost_tcp = 1-30000\nslave_tcp = 30001-65535\n"
	"slave_udp = 1024-2047\n[policy]\ndefault = drop\n",
};

struct engines {
	struct ns_rules rules;
	struct ns_native *native, *long_way;
	struct ns_fw_engine *fw;
};

/* One set per table, addresses and host state: no input changes them. */
static struct engines eng[TABLES][ADDRESSES][NS_HOST_STATE_COUNT];
static struct ns_bpf_engine *bpf;
static const struct engines *bpf_has;

static void learn(struct ns_rules *r, unsigned int addresses)
{
	static const __u8 v4[4] = {192, 168, 50, 10};
	static const __u8 v6[16] = {0xfd, 0x00, 0x00, 0x50, [15] = 0x10};

	if (addresses == 0)
		return;
	memcpy(r->table.ipv4, v4, sizeof(v4));
	r->table.ipv4_prefix = addresses == 1 ? 24 : 32;
	memcpy(r->table.ipv6[0], v6, sizeof(v6));
	r->table.ipv6_count = addresses == 1;
}

static void open_engines(struct engines *e, unsigned int t, unsigned int a,
			 unsigned int state)
{
	char err[512];
	FILE *in;

	ns_rules_default(&e->rules);
	if (*table_text[t]) {
		in = fmemopen((void *)table_text[t], strlen(table_text[t]),
			      "r");
		FUZZ_ASSERT(in && !ns_config_parse(in, "table", &e->rules, err,
						   sizeof(err)),
			    "table %u: %s", t, err);
		fclose(in);
	}
	learn(&e->rules, a);
	e->rules.table.host_state = (__u8)state;
	e->native = ns_native_new(&e->rules);
	e->long_way = ns_native_new(&e->rules);
	e->fw = ns_fw_engine_new(&e->rules);
	FUZZ_ASSERT(e->native && e->long_way && e->fw, "out of memory");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int t, a, state;
	char err[512] = "";

	(void)argc;
	(void)argv;
	for (t = 0; t < TABLES; t++)
		for (a = 0; a < ADDRESSES; a++)
			for (state = 0; state < NS_HOST_STATE_COUNT; state++)
				open_engines(&eng[t][a][state], t, a, state);
	if (geteuid() == 0)
		bpf = ns_bpf_engine_new(&eng[0][0][0].rules, err, sizeof(err));
	if (!bpf)
		fprintf(stderr,
			"fuzz: classifier: without the BPF engine (%s)\n",
			geteuid() ? "not root" : err);
	return 0;
}

static void consistent(const struct ns_result *r, const struct ns_rules *rules,
		       const char *engine)
{
	FUZZ_ASSERT(r->dest < NS_DEST_COUNT && r->reason < NS_REASON_COUNT,
		    "%s: destination %u, reason %u", engine, r->dest,
		    r->reason);
	FUZZ_ASSERT(!r->wake || (r->dest == NS_DEST_HOST &&
				 (r->wake_rule < rules->table.wake_count ||
				  r->wake_rule == NS_WAKE_RULE_SYN)),
		    "%s: a wake towards %s, rule %u", engine,
		    ns_dest_name[r->dest], r->wake_rule);
}

static void same(const struct ns_result *a, const struct ns_result *b,
		 const char *name)
{
	FUZZ_ASSERT(ns_results_agree(a, b),
		    "native and %s disagree: %s %s wake=%u, %s %s wake=%u",
		    name, ns_dest_name[a->dest], ns_reason_name[a->reason],
		    a->wake, ns_dest_name[b->dest], ns_reason_name[b->reason],
		    b->wake);
}

static bool sampled(const uint8_t *data, size_t size)
{
	__u32 h = 2166136261u;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h % BPF_SHARE == 0;
}

static void through_bpf(const struct engines *e, const __u8 *frame, size_t len,
			const struct ns_result *native)
{
	struct ns_result r;
	char err[512];
	int ret;

	if (bpf_has != e) {
		FUZZ_ASSERT(!ns_maps_write_rules(ns_bpf_engine_maps(bpf),
						 &e->rules),
			    "the BPF maps refuse a table");
		bpf_has = e;
	}
	ns_bpf_engine_reset_fragments(bpf);
	ret = ns_bpf_engine_classify(bpf, frame, len, &r, err, sizeof(err));
	if (ret == -EINVAL)
		return; /* a length the test runner does not take */
	FUZZ_ASSERT(!ret, "the splitter: %s", err);
	consistent(&r, &e->rules, "bpf");
	same(native, &r, "bpf");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ns_result native, long_way, fw;
	struct engines *e;
	__u8 *frame;
	size_t len;

	if (size < 2)
		return 0;
	e = &eng[data[0] % TABLES][data[0] / TABLES % ADDRESSES]
		[data[1] % NS_HOST_STATE_COUNT];
	len = size - 2;
	frame = malloc(len ? len : 1);
	memcpy(frame, data + 2, len);

	ns_native_reset_fragments(e->native);
	ns_native_reset_fragments(e->long_way);
	ns_fw_engine_reset_fragments(e->fw);

	ns_native_classify(e->native, frame, len, &native);
	consistent(&native, &e->rules, "native");
	ns_native_classify_long(e->long_way, frame, len, &long_way);
	same(&native, &long_way, "the long way");
	ns_fw_engine_classify(e->fw, frame, len, &fw);
	same(&native, &fw, "the firmware core");
	if (bpf && sampled(data, size))
		through_bpf(e, frame, len, &native);
	free(frame);
	return 0;
}
