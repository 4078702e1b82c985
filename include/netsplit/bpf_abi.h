/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The contract between the BPF object (bpf/netsplit.bpf.c) and user space,
 * besides the rule table: map names (and so pin names) and the values user
 * space reads and writes in them, the programs' sections and names, the
 * XDP-to-TC metadata and the wake events of the ring buffer. Only the
 * datapath and its loaders include it; the firmware has no maps.
 */
#ifndef NETSPLIT_BPF_ABI_H
#define NETSPLIT_BPF_ABI_H

#include "types.h"
#include "rules.h"
#include "engine.h"

/* Map names; maps are pinned by these names under the pin root. */
#define NS_MAP_TABLE "ns_table"
#define NS_MAP_RANGES "ns_ranges"
#define NS_MAP_PORT_LISTS "ns_port_lists"
#define NS_MAP_WAKE "ns_wake"
#define NS_MAP_SLAVE_PORTS "ns_slave_ports"
#define NS_MAP_STATS "ns_stats"
#define NS_MAP_FRAGS "ns_frags"
#define NS_MAP_HOST_LINK "ns_host_link"
#define NS_MAP_UPLINK "ns_uplink"
#define NS_MAP_WAKE_EVENTS "ns_wake_events"
#define NS_MAP_LINKS "ns_links"
#define NS_MAP_BOTH_COOKIE "ns_both_cookie"
/* The wake subscription: part of the table, read by user space only. */
#define NS_MAP_WAKE_SUB "ns_wake_sub"

/*
 * The XDP programs' ELF sections, which `ip link set dev IF xdp obj
 * netsplit.bpf.o [sec NAME]` selects: the guard's is iproute2's default
 * ("prog"), so that the one-liner without sec puts on ethsta0 the program
 * meant for it. None is a section libbpf knows: the loader sets their type.
 */
#define NS_SEC_GUARD "prog"
#define NS_SEC_SPLITTER "splitter"
#define NS_SEC_FORWARDER "forwarder"

#define NS_PIN_ROOT_DEFAULT "/sys/fs/bpf/netsplit"
/*
 * Where `ip link set dev IF xdp obj netsplit.bpf.o` pins the same maps when
 * /sys/fs/bpf is mounted (else under the first BPF filesystem mounted).
 */
#define NS_PIN_ROOT_IPROUTE2 "/sys/fs/bpf/xdp/globals"

/* Program names, as in the object and in `bpftool prog` output. */
#define NS_PROG_SPLITTER "ns_splitter"
#define NS_PROG_FORWARDER "ns_forwarder"
#define NS_PROG_GUARD "ns_guard"
#define NS_PROG_TC_BOTH "ns_tc_both"
#define NS_PROG_TC_GUARD "ns_tc_guard"

#define NS_SLAVE_PORTS_MAX 1024
#define NS_FRAGS_MAX 4096
#define NS_WAKE_EVENTS_BYTES (256 * 1024)

/*
 * Value of the ns_port_lists map: every list in one entry, so that the
 * classifier reads them with one lookup. Laid out as ns_rules.list.
 */
struct ns_port_lists {
	struct ns_port_list list[NS_LIST_COUNT];
};

NS_STATIC_ASSERT(sizeof(struct ns_port_lists) ==
			 sizeof(((struct ns_rules *)0)->list),
		 "ns_port_lists layout");

/* Key of the ns_slave_ports map: a port the co-processor's stack listens on. */
struct ns_slave_port {
	__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 reserved;
	__u16 port;
};

/*
 * ns_links.flags: the splitter asks the sockets of its uplink's network
 * namespace (the slave's stack) whether the slave listens on a shared port,
 * instead of the ns_slave_ports map. Set when it is attached to an uplink;
 * an instance run through BPF_PROG_TEST_RUN would ask the caller's sockets.
 */
#define NS_LINKS_F_SOCKETS 0x1

/* Value of the ns_links map: the links the splitter joins (0 = none). */
struct ns_links {
	__u32 uplink_ifindex;
	__u32 host_ifindex;
	__u32 flags; /* NS_LINKS_F_* */
};

/* The per-CPU ns_stats map holds a struct ns_counter per enum ns_reason. */

/*
 * Put in front of a frame by the splitter when it must reach both stacks:
 * XDP passes it up, and the TC ingress program sees the mark and clones it
 * to the host link. netsplit's loader picks the mark in the object's
 * ns_both_mark: metadata, or, where the kernel refuses XDP metadata to
 * programs (bpf_xdp_adjust_meta), a trailer of NS_BOTH_TRAILER_LEN bytes,
 * the cookie in the map NS_MAP_BOTH_COOKIE (drawn at random when the map
 * is made, pinned with the others, so that a splitter attached by an
 * earlier load and a TC program of this one agree), which TC takes off.
 * Loaded by another loader (iproute2), which attaches no TC program, the
 * splitter marks nothing.
 */
enum ns_both_mark {
	NS_BOTH_MARK_NONE,
	NS_BOTH_MARK_META,
	NS_BOTH_MARK_TRAILER,
};
#define NS_BOTH_TRAILER_LEN 8
#define NS_META_MAGIC_BOTH 0x4e534232 /* "NSB2" */

struct ns_xdp_meta {
	__u32 magic;
};

/*
 * A frame that wakes the host. The splitter hands the frame itself to
 * netsplit-cpd, which holds it until the host is awake.
 */
struct ns_wake_event {
	__u64 timestamp_ns; /* CLOCK_MONOTONIC */
	__u32 ifindex;      /* where the frame arrived */
	__u16 frame_len;    /* bytes in frame[] */
	__u8 reason;        /* NS_REASON_MQTT_WAKE or NS_REASON_SYN_WAKE */
	__u8 rule;          /* wake pattern index or NS_WAKE_RULE_SYN */
	__u32 orig_len;     /* the frame's length on the wire */
	__u32 reserved;
	__u8 frame[NS_WAKE_FRAME_MAX];
};

/* What one event takes in the ring: an 8-byte header, the event, padding. */
#define NS_WAKE_RECORD_BYTES ((8 + sizeof(struct ns_wake_event) + 7) & ~7UL)
/* Events the ring holds with nobody reading (the kernel keeps a byte free). */
#define NS_WAKE_RING_EVENTS ((NS_WAKE_EVENTS_BYTES - 1) / NS_WAKE_RECORD_BYTES)

#endif /* NETSPLIT_BPF_ABI_H */
