/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What every engine of the classifier keeps beside the rule table, whatever
 * it runs on (the BPF datapath's maps, the firmware's core, the native
 * build): counters per reason, the key of a datagram's fragments, and the
 * frames held for a host being woken.
 */
#ifndef NETSPLIT_ENGINE_H
#define NETSPLIT_ENGINE_H

#include "types.h"

/* Frames and bytes counted for one reason (enum ns_reason). */
struct ns_counter {
	__u64 packets;
	__u64 bytes;
};

/* Identifies the fragments of one IP datagram (RFC 791, RFC 8200). */
struct ns_frag_key {
	__u8 family; /* 4 or 6 */
	__u8 proto;
	__u16 reserved;
	__u32 id;
	__u8 src[16];
	__u8 dst[16];
};

/* The largest frame held for a host being woken (a full Ethernet frame). */
#define NS_WAKE_FRAME_MAX 1536

#endif /* NETSPLIT_ENGINE_H */
