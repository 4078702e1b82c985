// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lab's stand-in for netem, which this machine's kernel does not have:
 * on the router's egress it drops 2 % of the frames and sends another 10 %
 * through a slow HTB class (1:20), so that they arrive after frames sent
 * later. Load it under an HTB root whose default class is fast.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0
#define TC_ACT_SHOT 2
#define LOSS_PER_MILLE 20
#define DELAY_PER_MILLE 100
#define SLOW_CLASS 0x10020

SEC("tc")
int impair(struct __sk_buff *skb)
{
	__u32 dice = bpf_get_prandom_u32() % 1000;

	if (dice < LOSS_PER_MILLE)
		return TC_ACT_SHOT;
	if (dice < LOSS_PER_MILLE + DELAY_PER_MILLE)
		skb->tc_classid = SLOW_CLASS;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
