// SPDX-License-Identifier: GPL-2.0-only
/*
 * How hard the verifier works on each program of netsplit.bpf.o, on the
 * running kernel: the instructions it processed (bpf_prog_info's
 * verified_insns; the limit is 1,000,000 per program).
 *
 *   bench: verifier PROGRAM insns=N
 *
 * Deterministic for one object and one kernel, so `make bench` prints it
 * here and in the VM (Debian's kernel) as a budget to watch.
 */
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath.h"
#include "netsplit.skel.h"

int main(void)
{
	struct bpf_prog_info info;
	struct bpf_program *prog;
	struct ns_datapath dp;
	char err[512];
	__u32 len;
	int ret = 0;

	if (ns_datapath_load(&dp, NULL, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	bpf_object__for_each_program(prog, dp.skel->obj) {
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len)) {
			perror("bench: bpf_obj_get_info_by_fd");
			ret = 1;
			break;
		}
		printf("bench: verifier %s insns=%u\n", bpf_program__name(prog),
		       info.verified_insns);
	}
	ns_datapath_close(&dp);
	return ret;
}
