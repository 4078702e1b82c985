/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What the classifier says about one frame. */
#ifndef NETSPLIT_RESULT_H
#define NETSPLIT_RESULT_H

#include "types.h"

/*
 * ns_result.wake_rule when no pattern matched, and for a SYN wake; a wake
 * by the co-processor's own subscription, which is no frame's, has the
 * last.
 */
#define NS_WAKE_RULE_NONE 0xff
#define NS_WAKE_RULE_SYN 0xfe
#define NS_WAKE_RULE_SUBSCRIPTION 0xfd

struct ns_result {
	__u8 dest;      /* enum ns_dest */
	__u8 wake;      /* 1 when this frame wakes the host */
	__u8 reason;    /* enum ns_reason */
	__u8 wake_rule; /* wake pattern index, or NS_WAKE_RULE_* */
};

/*
 * Two engines' verdicts on one frame agree: which rule woke counts only
 * for a frame that wakes (the others' wake_rule is whatever was last).
 */
static inline bool ns_results_agree(const struct ns_result *a,
				    const struct ns_result *b)
{
	return a->dest == b->dest && a->reason == b->reason &&
	       a->wake == b->wake && (!a->wake || a->wake_rule == b->wake_rule);
}

#endif /* NETSPLIT_RESULT_H */
