// SPDX-License-Identifier: GPL-2.0-only
/*
 * The baselines of `make bench`: an XDP program that does nothing, and one
 * that only redirects through a devmap, as the splitter does with every
 * frame for the host.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} ns_bench_link SEC(".maps");

SEC("xdp")
int ns_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int ns_redirect_only(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ns_bench_link, 0, XDP_DROP);
}

char LICENSE[] SEC("license") = "GPL";
