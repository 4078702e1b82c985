// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VM test's XDP program: the frame's EtherType says what to do, so one
 * program exercises every action of a driver. 0x88b6: XDP_TX; 0x88b7:
 * redirect to the ifindex in the four bytes after the EtherType; 0x88b8:
 * XDP_DROP; anything else: XDP_PASS.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_actions(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 *ifindex = (__u32 *)(eth + 1);

	if ((void *)(ifindex + 1) > end)
		return XDP_PASS;
	switch (bpf_ntohs(eth->h_proto)) {
	case 0x88b6:
		return XDP_TX;
	case 0x88b7:
		return bpf_redirect(*ifindex, 0);
	case 0x88b8:
		return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
