/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The BPF datapath from user space: load netsplit.bpf.o (embedded as a
 * bpftool skeleton), pin its maps, read and write the rule table in them,
 * attach and detach the programs, read the counters.
 */
#ifndef NETSPLIT_DATAPATH_LIB_H
#define NETSPLIT_DATAPATH_LIB_H

#include <stdbool.h>
#include <stddef.h>

#include <netsplit/rules.h>
#include <netsplit/reasons.h>
#include <netsplit/bpf_abi.h>
#include <netsplit/proto.h>

/* File descriptors of the maps user space reads and writes. */
struct ns_maps {
	int table;
	int ranges;
	int port_lists;
	int wake;
	int wake_sub;
	int slave_ports;
	int stats;
	int host_link;
	int uplink;
	int links;
	int wake_events;
};

struct netsplit_bpf;

struct ns_datapath {
	struct netsplit_bpf *skel;
	struct ns_maps maps;
};

/*
 * Loads the object. With pin_root, its maps are pinned there, and maps
 * already pinned there are reused (so attaching twice shares one table);
 * without, the instance is private (tests, offline classification).
 */
int ns_datapath_load(struct ns_datapath *dp, const char *pin_root, char *err,
		     size_t err_len);

/* The same, verifying only some programs (the maps are always there). */
#define NS_DP_SPLITTER 0x1 /* splitter, forwarder, TC both */
#define NS_DP_GUARD 0x2	   /* guard, TC egress guard */
#define NS_DP_ALL (NS_DP_SPLITTER | NS_DP_GUARD)
int ns_datapath_load_parts(struct ns_datapath *dp, const char *pin_root,
			   unsigned int parts, char *err, size_t err_len);
void ns_datapath_close(struct ns_datapath *dp);
/*
 * Whether the splitter marked a frame of in_len bytes for both stacks, by
 * its BPF_PROG_TEST_RUN output: out_len bytes, the first meta_len of them
 * metadata (xdp_md.data of the context out).
 */
bool ns_datapath_marked_both(const struct ns_datapath *dp, const __u8 *out,
			     __u32 out_len, __u32 meta_len, __u32 in_len);

/*
 * Opens the maps pinned under pin_root, or where `ip link set ... xdp obj`
 * pins them (NS_PIN_ROOT_IPROUTE2) when pin_root has none. Returns -ENOENT
 * when neither has them.
 */
int ns_maps_open_pinned(struct ns_maps *maps, const char *pin_root,
			char *found_root, size_t found_len);
void ns_maps_close(struct ns_maps *maps);

/* The table pinned under pin_root (only there), or -errno. */
int ns_maps_read_pinned(const char *pin_root, struct ns_rules *rules);

/* The whole table in or out of the maps. Writing validates first. */
int ns_maps_write_rules(const struct ns_maps *maps,
			const struct ns_rules *rules);
int ns_maps_read_rules(const struct ns_maps *maps, struct ns_rules *rules);

/*
 * Writes the policy of rules, keeping what the maps learned (addresses,
 * MAC, host state); the version becomes one more than the maps' (the
 * maps' own when the policy is the same) unless rules carries a higher
 * one. rules->table.version is set to the result.
 */
int ns_maps_install_rules(const struct ns_maps *maps, struct ns_rules *rules);

/* Writes only the learned fields of the table (see ns_rules_take_learned). */
int ns_maps_set_learned(const struct ns_maps *maps,
			const struct ns_rules *learned);

/* Splitter links (an ifindex of 0 leaves that side empty), NS_LINKS_F_*. */
int ns_maps_set_links(const struct ns_maps *maps, unsigned int uplink,
		      unsigned int host_link, __u32 flags);
int ns_maps_add_slave_port(const struct ns_maps *maps, __u8 proto,
			   __u16 port);

/* Makes the slave-port map hold exactly these ports. */
int ns_maps_sync_slave_ports(const struct ns_maps *maps,
			     const struct ns_slave_port *ports, size_t count);

/* Counters summed over CPUs, indexed by enum ns_reason. */
int ns_maps_read_stats(const struct ns_maps *maps,
		       struct ns_counter stats[NS_REASON_COUNT]);

/*
 * libbpf's own messages only with -vv (ns_log_verbosity): ours say what
 * failed and what to do; the verifier's log is for whoever asks for it.
 */
void ns_libbpf_quiet(void);

/* Makes sure pin_root is a directory on a BPF filesystem (mounting one). */
int ns_bpffs_prepare(const char *pin_root, char *err, size_t err_len);

#endif /* NETSPLIT_DATAPATH_LIB_H */
