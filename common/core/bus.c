// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Bus frames from the host (bus.h), at the co-processor's end of an
 * ESP-Hosted-style link on SPI or SDIO: network frames for the uplink, the
 * host's control stream in control frames, and signals, which are control
 * frames with no payload: a new control stream, its end, power-save start
 * (the host suspends) or stop (it resumed). What goes the other way is in out.c
 * (frames) and state.c (the init and link events), which go again when a
 * host's driver binds anew. A refused frame is counted by reason, and
 * logged once per reason.
 */
#include "internal.h"

static void ns_core_bus_signal(struct ns_core *core, __u8 flags, __u64 now)
{
	if (flags & NS_BUS_F_PS_START) {
		ns_core_set_host_state(core, NS_HOST_SLEEPING,
				       "the host suspends: power-save start on the bus",
				       now);
	} else if (flags & NS_BUS_F_PS_STOP) {
		core->last_heartbeat = now;
		ns_core_set_host_state(core, NS_HOST_AWAKE,
				       "the host resumed: power-save stop on the bus",
				       now);
	} else if (flags & NS_BUS_F_CLOSE) {
		/* As a socket's end of file: no goodbye, down. */
		ns_core_peer_gone(core, core->bus_peer, now);
	} else {
		/* A new stream: the old one goes, with anything half read. */
		ns_core_peer_gone(core, core->bus_peer, now);
		core->bus_peer = ns_core_peer_open(core, true);
	}
}

void ns_core_bus_input(struct ns_core *core, const __u8 *frame, __u32 len,
		       __u64 now)
{
	enum ns_bus_error err;
	struct ns_bus_frame f;

	err = ns_bus_parse(frame, len, &f);
	if (err) {
		if (!core->bus_refused[err]++)
			ns_core_log(core, NS_CORE_WARNING,
				    "refused a frame from the bus: %s (logged once per reason)",
				    ns_bus_error_str(err));
		return;
	}
	if (f.if_type == NS_BUS_IF_NETWORK)
		core->ops.to_uplink(core->ops.ctx, frame + f.offset, f.len);
	else if (f.if_type == NS_BUS_IF_CONTROL && !f.len)
		ns_core_bus_signal(core, f.flags, now);
	else if (f.if_type == NS_BUS_IF_CONTROL && core->bus_peer >= 0)
		ns_core_peer_input(core, core->bus_peer, frame + f.offset,
				   f.len, false, now);
}

void ns_core_bus_attach(struct ns_core *core, __u64 now)
{
	ns_core_peer_gone(core, core->bus_peer, now);
	core->announced = false;
	if (core->status_known && core->ops.bus_write)
		ns_core_bus_report(core);
}
