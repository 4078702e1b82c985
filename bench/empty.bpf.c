// SPDX-License-Identifier: GPL-2.0-only
/* The baseline of `make bench`: an XDP program that does nothing. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ns_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
