/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The native engine: ns_classify() compiled for user space, with the rule
 * table in memory, a fragment cache like the BPF LRU map, and a set of ports
 * the slave listens on. Used by `netsplitctl classify`, the tests and the
 * benchmarks, and the reference the BPF datapath is compared against.
 */
#ifndef NETSPLIT_NATIVE_H
#define NETSPLIT_NATIVE_H

#include <stddef.h>

#include <netsplit/rules.h>
#include <netsplit/result.h>

struct ns_native;

/* Returns NULL when out of memory. */
struct ns_native *ns_native_new(const struct ns_rules *rules);
void ns_native_free(struct ns_native *engine);

/* The table in use; change it in place (e.g. the shared address). */
struct ns_rules *ns_native_rules(struct ns_native *engine);

/* Returns 0, or -ENOSPC when NS_SLAVE_PORTS_MAX ports are listed already. */
int ns_native_add_slave_port(struct ns_native *engine, __u8 proto,
			     __u16 port);

/* Forgets the fragments seen so far. */
void ns_native_reset_fragments(struct ns_native *engine);

void ns_native_classify(struct ns_native *engine, const void *frame,
			size_t len, struct ns_result *res);

/* The same without the classifier's fast path, for the tests to compare. */
void ns_native_classify_long(struct ns_native *engine, const void *frame,
			     size_t len, struct ns_result *res);

bool ns_native_egress_collides(struct ns_native *engine, const void *frame,
			       size_t len);

#endif /* NETSPLIT_NATIVE_H */
