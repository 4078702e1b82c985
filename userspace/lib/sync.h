/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Keeping one side's pinned rule table in step with the other side's.
 *
 * The version of a table counts its changes and only moves forward, also
 * across restarts of either side; two sides agree when their contents (the
 * policy digests) are equal. A side notices an edit of its own maps (with
 * bpftool, or `netsplitctl rules load`) because the policy digest moved; it
 * then gives the table the next version and pushes it. The receiving side
 * adopts the pushed content at the higher of the two versions (its own one
 * more when the content is new to it) and answers with the version it
 * took, which the pusher takes too when the content is the same: both then
 * show the same version and digest. Learned fields (addresses, MAC, host
 * state) are never taken from the wire: they belong to the maps' side.
 */
#ifndef NETSPLIT_SYNC_H
#define NETSPLIT_SYNC_H

#include "datapath.h"

struct ns_rules_sync {
	const struct ns_maps *maps;
	const char *pin_root; /* locked around every write */
	struct ns_rules rules; /* as last read or written */
	__u32 digest;
};

int ns_sync_init(struct ns_rules_sync *s, const struct ns_maps *maps,
		 const char *pin_root);

/* Without maps yet: the table lives in memory until ns_sync_init(). */
void ns_sync_detached(struct ns_rules_sync *s, const struct ns_rules *rules);

/*
 * Reads the maps. Returns 1 when the policy was edited since the last
 * call (the version is then bumped in the maps), 0 when not, or -errno.
 */
int ns_sync_poll(struct ns_rules_sync *s);

/*
 * Writes a table's policy, keeping learned fields, at the higher of its
 * version and ours (ours plus one when the content is new here).
 */
int ns_sync_adopt(struct ns_rules_sync *s, const struct ns_rules *rules);

/*
 * The peer holds our content at version: take that version when it is
 * higher. Returns 1 when the version moved, 0 when not, or -errno.
 */
int ns_sync_agreed(struct ns_rules_sync *s, __u32 version, __u32 digest);

/* Writes the learned fields of learned; the policy stays. */
int ns_sync_set_learned(struct ns_rules_sync *s,
			const struct ns_rules *learned);

#endif /* NETSPLIT_SYNC_H */
