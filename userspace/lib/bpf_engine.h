/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The BPF engine: runs the real splitter on one frame at a time through
 * BPF_PROG_TEST_RUN, in a private instance of the object, and reads the
 * verdict back from what the splitter did: its XDP action, the "both" mark
 * in the metadata, the wake event in the ring buffer and the reason counter
 * that moved.
 */
#ifndef NETSPLIT_BPF_ENGINE_H
#define NETSPLIT_BPF_ENGINE_H

#include <stddef.h>

#include <netsplit/result.h>

#include "datapath.h"

struct ns_bpf_engine;

/* Returns NULL with a message in err. */
struct ns_bpf_engine *ns_bpf_engine_new(const struct ns_rules *rules,
					char *err, size_t err_len);
void ns_bpf_engine_free(struct ns_bpf_engine *engine);
/* Forgets the fragments seen so far. */
void ns_bpf_engine_reset_fragments(struct ns_bpf_engine *engine);

const struct ns_maps *ns_bpf_engine_maps(struct ns_bpf_engine *engine);
struct netsplit_bpf *ns_bpf_engine_skel(struct ns_bpf_engine *engine);

/* Returns 0, or -errno with a message in err. */
int ns_bpf_engine_classify(struct ns_bpf_engine *engine, const void *frame,
			   size_t len, struct ns_result *res, char *err,
			   size_t err_len);

#endif /* NETSPLIT_BPF_ENGINE_H */
