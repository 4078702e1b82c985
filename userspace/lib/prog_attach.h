/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Attaching the programs of netsplit.bpf.o to interfaces, and taking them
 * off again. Only programs whose names start with "ns_" are ever replaced
 * or removed; someone else's XDP program or TC filter is left alone.
 * Progress and errors go through ns_log(); functions return 0 or -errno.
 */
#ifndef NETSPLIT_PROG_ATTACH_H
#define NETSPLIT_PROG_ATTACH_H

#include <stdbool.h>

#include <netsplit/proto.h>

#include "datapath.h"

/* Splitter and TC "both" on the uplink, forwarder on the host link. */
int ns_attach_splitter(const struct ns_datapath *dp, unsigned int uplink,
		       unsigned int host_link, bool generic);
int ns_detach_splitter(unsigned int uplink, unsigned int host_link);

/* Guard: XDP and TC egress on the host's interface. */
int ns_attach_guard(const struct ns_datapath *dp, unsigned int ifindex,
		    bool generic);
int ns_detach_guard(unsigned int ifindex);

/* The mode of the XDP program on ifindex now. */
enum ns_xdp_mode ns_xdp_mode_of(unsigned int ifindex);

/*
 * Serialises attach and table writes on one pin root: returns the fd
 * holding the lock (close it to release), or -errno.
 */
int ns_lock_root(const char *root);

#endif /* NETSPLIT_PROG_ATTACH_H */
