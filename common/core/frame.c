// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Frames through the firmware (SPEC 4, "Firmware"): each frame from the
 * uplink is classified before the own stack sees it, and goes where the
 * verdict says. Counted per reason, as the BPF datapath counts them.
 */
#include "internal.h"

static void ns_core_count(struct ns_core *core, __u8 reason, __u32 len)
{
	core->stats[reason].packets++;
	core->stats[reason].bytes += len;
}

void ns_core_classify(struct ns_core *core, const __u8 *frame, __u32 len,
		      struct ns_result *res)
{
	ns_env_run(&core->env, frame, len, res);
}

void ns_core_uplink_frame(struct ns_core *core, const __u8 *frame, __u32 len,
			  __u64 now)
{
	struct ns_result res;

	ns_core_classify(core, frame, len, &res);
	ns_core_count(core, res.reason, len);
	if (res.wake) {
		ns_core_wake_frame(core, frame, len, res.reason, res.wake_rule,
				   now);
		return;
	}
	/* The host's copy first: the own stack may take the frame over. */
	if (res.dest == NS_DEST_HOST || res.dest == NS_DEST_BOTH) {
		if (core->ops.to_host(core->ops.ctx, frame, len))
			ns_core_count(core, NS_REASON_HOST_LINK_MISSING, len);
	}
	if (res.dest == NS_DEST_SLAVE || res.dest == NS_DEST_BOTH)
		core->ops.to_stack(core->ops.ctx, frame, len);
}
