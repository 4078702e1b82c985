// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rv32 image's program. qemu's virt board has no radio, so the
 * firmware (the core inside lwIP, firmware/lwip/mcu.h) is started as on a
 * board and then given a corpus (tests/lib/corpus.h) read through
 * semihosting:
 *
 *   replay CORPUS   every frame classified by the firmware, its verdict,
 *                   reason and wake flag compared with what the Linux
 *                   engines (native, BPF, the core on x86-64) agreed on;
 *                   the fragment table has the native size for this.
 *   bench CORPUS    the same for each bench class, then the instructions
 *                   (minstret) its classification takes, with the MCU's
 *                   default fragment table:
 *                   "bench: firmware CLASS rv32_insns=N"
 *
 * Both first run a host's session on the bus (session.c). The own stack's
 * listeners are lwIP's PCBs, as on a board. Exit status:
 * 0, 1 when a verdict differs, 2 on usage or a corpus it cannot read.
 */
#include <stdio.h>
#include <string.h>

#include "lwip/tcp.h"
#include "lwip/udp.h"

#include <netsplit/bpf_abi.h>
#include <netsplit/proto.h>
#include <netsplit/reasons.h>

#include "board.h"
#include "corpus.h"
#include "session.h"
#include "table.h"

/* Runs per bench class; under -icount every run counts the same. */
#define BENCH_RUNS 3
/* Disagreements printed in full. */
#define SHOWN_MAX 5

struct replay {
	FILE *f;
	bool bench;
	__u8 op;
	__u16 len;
	__u8 rec[CORPUS_RECORD_MAX];
	char name[64];
	unsigned long records, frames, wrong;
};

/* 1: a record in r->rec; 0: the end; -1: a corpus cut short or too long. */
static int replay_next(struct replay *r)
{
	__u8 hdr[3];
	size_t n = fread(hdr, 1, sizeof(hdr), r->f);

	if (n == 0 && feof(r->f))
		return 0;
	if (n != sizeof(hdr))
		return -1;
	r->op = hdr[0];
	r->len = (__u16)(hdr[1] | hdr[2] << 8);
	if (r->len > sizeof(r->rec) || fread(r->rec, 1, r->len, r->f) != r->len)
		return -1;
	r->records++;
	return 1;
}

static int replay_port(const struct replay *r)
{
	__u16 port = (__u16)(r->rec[1] | r->rec[2] << 8);
	struct udp_pcb *udp;
	struct tcp_pcb *tcp;

	if (r->rec[0] == 17) {
		udp = udp_new_ip_type(IPADDR_TYPE_ANY);
		return udp && udp_bind(udp, IP_ANY_TYPE, port) == ERR_OK ? 0
									 : -1;
	}
	tcp = tcp_new_ip_type(IPADDR_TYPE_ANY);
	if (!tcp || tcp_bind(tcp, IP_ANY_TYPE, port) != ERR_OK)
		return -1;
	return tcp_listen(tcp) ? 0 : -1;
}

/* The instructions of one classification, without the counter's own. */
static __u64 replay_insns(const __u8 *frame, __u32 len, struct ns_result *res)
{
	__u64 a, b, overhead, best = ~0ull;
	int i;

	a = rv32_insns();
	b = rv32_insns();
	overhead = b - a;
	for (i = 0; i < BENCH_RUNS; i++) {
		a = rv32_insns();
		ns_core_classify(&rv32_fw.core, frame, len, res);
		b = rv32_insns();
		if (b - a - overhead < best)
			best = b - a - overhead;
	}
	return best;
}

static void replay_frame(struct replay *r)
{
	const struct ns_result want = {.dest = r->rec[0],
				       .wake = r->rec[1],
				       .reason = r->rec[2],
				       .wake_rule = r->rec[3]};
	const __u8 *frame = r->rec + 4;
	__u32 len = r->len - 4u;
	struct ns_result got;
	__u64 insns = 0;

	r->frames++;
	if (r->bench)
		insns = replay_insns(frame, len, &got);
	else
		ns_core_classify(&rv32_fw.core, frame, len, &got);
	if (!ns_results_agree(&got, &want)) {
		if (r->wrong++ < SHOWN_MAX)
			printf("record %lu (%u bytes): rv32 says %s %s wake=%u "
			       "rule=%u, the engines %s %s wake=%u rule=%u\n",
			       r->records, (unsigned int)len,
			       ns_dest_name[got.dest & 3],
			       ns_reason_name[got.reason % NS_REASON_COUNT],
			       got.wake, got.wake_rule,
			       ns_dest_name[want.dest & 3],
			       ns_reason_name[want.reason % NS_REASON_COUNT],
			       want.wake, want.wake_rule);
		return;
	}
	if (r->bench)
		printf("bench: firmware %s rv32_insns=%llu\n", r->name,
		       (unsigned long long)insns);
}

static int replay_record(struct replay *r)
{
	struct ns_rules rules;

	switch (r->op) {
	case CORPUS_TABLE:
		if (r->len != NS_RULES_WIRE_LEN)
			return -1;
		ns_rules_from_wire(r->rec, &rules);
		ns_core_start(&rv32_fw.core, NULL, &rules,
			      rv32_fw.board.now(rv32_fw.board.ctx));
		return 0;
	case CORPUS_RESET:
		ns_frags_reset(&rv32_fw.core.frags);
		return 0;
	case CORPUS_PORT:
		return r->len == 3 ? replay_port(r) : -1;
	case CORPUS_NAME:
		if (r->len >= sizeof(r->name))
			return -1;
		memcpy(r->name, r->rec, r->len);
		r->name[r->len] = '\0';
		return 0;
	case CORPUS_FRAME:
		if (r->len < 4)
			return -1;
		replay_frame(r);
		return 0;
	default:
		return -1;
	}
}

static int replay(const char *path, bool bench)
{
	/* The native engine's size, for the comparison (see above). */
	static struct ns_frag_slot native_frags[NS_FRAGS_MAX];
	static struct replay r;
	char magic[CORPUS_MAGIC_LEN];
	int ret;

	r.bench = bench;
	r.f = fopen(path, "rb");
	if (!r.f || fread(magic, 1, sizeof(magic), r.f) != sizeof(magic) ||
	    memcmp(magic, CORPUS_MAGIC, sizeof(magic))) {
		printf("rv32: %s is not a corpus; make it with test_diff "
		       "--record or fwcorpus\n",
		       path);
		return 2;
	}
	if (bench)
		rv32_start(NULL, 0, true);
	else
		rv32_start(native_frags, NS_FRAGS_MAX, true);
	if (rv32_session())
		return 1;
	while ((ret = replay_next(&r)) > 0 && !replay_record(&r))
		;
	fclose(r.f);
	if (ret) {
		printf("rv32: %s: record %lu is not a valid record\n", path,
		       r.records);
		return 2;
	}
	printf("rv32 %s: %lu frames, %lu disagreements with the engines\n",
	       bench ? "bench" : "replay", r.frames, r.wrong);
	return r.wrong || !r.frames ? 1 : 0;
}

int main(int argc, char **argv)
{
	/* argv[0] is picolibc's placeholder; qemu's arguments follow. */
	if (argc == 3 && !strcmp(argv[1], "replay"))
		return replay(argv[2], false);
	if (argc == 3 && !strcmp(argv[1], "bench"))
		return replay(argv[2], true);
	printf("usage: qemu-system-riscv32 ... -semihosting-config "
	       "enable=on,target=native,arg=replay|bench,arg=CORPUS\n");
	return 2;
}
