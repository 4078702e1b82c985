// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * What the core sends: log lines, control messages to a peer (its socket,
 * or control frames on the bus), bus frames, and its status to the host. A peer whose send fails
 * is marked finished; the protocol side lets it go (serve.c).
 */
#include "fmt.h"
#include "internal.h"

void ns_core_log(struct ns_core *core, int level, const char *fmt, ...)
{
	char line[192];
	va_list ap;

	if (!core->ops.log)
		return;
	va_start(ap, fmt);
	ns_vfmt(line, sizeof(line), fmt, ap);
	va_end(ap);
	core->ops.log(core->ops.ctx, level, line);
}

static int ns_core_bus_send(struct ns_core *core, __u8 if_type, __u8 flags,
			    const __u8 *payload, __u32 len)
{
	struct ns_bus_frame f = { .if_type = if_type, .flags = flags,
				  .len = (__u16)len, .seq = core->bus_seq++ };

	if (!core->ops.bus_write || len > NS_BUS_PAYLOAD_MAX)
		return -1;
	ns_copy(core->bus_out + NS_BUS_HDR_LEN, payload, len);
	return core->ops.bus_write(core->ops.ctx, core->bus_out,
				   ns_bus_seal(core->bus_out, &f));
}

int ns_core_bus_network(struct ns_core *core, const __u8 *frame, __u32 len)
{
	return ns_core_bus_send(core, NS_BUS_IF_NETWORK, 0, frame, len);
}

/* A write over one frame's payload goes on in the next: MORE_FRAGMENTS. */
static int ns_core_bus_control(struct ns_core *core, const __u8 *buf,
			       __u32 len)
{
	__u32 chunk;

	while (len) {
		chunk = len < NS_BUS_PAYLOAD_MAX ? len : NS_BUS_PAYLOAD_MAX;
		if (ns_core_bus_send(core, NS_BUS_IF_CONTROL,
				     chunk < len ? NS_BUS_F_MORE_FRAGMENTS : 0,
				     buf, chunk))
			return -1;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

void ns_core_bus_event(struct ns_core *core, __u8 event)
{
	if (!core->ops.bus_write)
		return;
	core->ops.bus_write(core->ops.ctx, core->bus_out,
			    ns_bus_seal_event(core->bus_out, event,
					      core->status.mac,
					      core->bus_seq++));
}

int ns_core_peer_write(void *ctx, const __u8 *buf, __u32 len)
{
	const struct ns_core_call *call = ctx;
	struct ns_core *core = call->core;

	if (call->peer == core->bus_peer)
		return ns_core_bus_control(core, buf, len);
	return core->ops.send(core->ops.ctx, call->peer, buf, len);
}

void ns_core_io(struct ns_core *core, struct ns_core_call *call,
		ns_stream_handler handle, struct ns_stream_io *io)
{
	*io = (struct ns_stream_io){ .handle = handle,
				     .send = ns_core_peer_write,
				     .ctx = call,
				     .msg = &core->msg,
				     .reply = &core->reply,
				     .out = core->out };
}

void ns_core_to_host_msg(struct ns_core *core, const struct ns_msg *msg)
{
	struct ns_core_call call = { core, core->host, 0 };
	struct ns_stream_io io;

	if (core->host < 0)
		return;
	ns_core_io(core, &call, 0, &io);
	if (ns_stream_send(&io, msg))
		core->peers[core->host].stream.closed = true;
}

void ns_core_wifi_fill(const struct ns_core *core, struct ns_msg *msg)
{
	if (!core->wifi_known)
		return;
	msg->wifi = core->wifi;
	msg->fields |= ns_wifi_fields(&core->wifi);
}

void ns_core_status_fill(const struct ns_core *core, struct ns_msg *msg)
{
	msg->status = core->status;
	/* The link (down) even before the platform has said anything. */
	msg->fields |= NS_FIELD(NS_TLV_LINK) | NS_FIELD(NS_TLV_HOST_STATE) |
		       NS_FIELD(NS_TLV_RULES_VERSION) |
		       NS_FIELD(NS_TLV_RULES_DIGEST) |
		       NS_FIELD(NS_TLV_SUB_STATE);
	if (core->status_known)
		msg->fields |= NS_STATUS_FIELDS;
	if (core->status.ipv4.family != 4)
		msg->fields &= ~(NS_FIELD(NS_TLV_IPV4) |
				 NS_FIELD(NS_TLV_LEASE));
	msg->host_state = core->host_state;
	msg->rules_version = core->rules.table.version;
	msg->rules_digest = core->digest;
	msg->sub_state = core->sub_state;
	if (core->sub_state != NS_SUB_CONNECTED && core->sub_error[0]) {
		ns_copy(msg->sub_error, core->sub_error, sizeof(msg->sub_error));
		msg->fields |= NS_FIELD(NS_TLV_SUB_ERROR);
	}
	ns_core_wifi_fill(core, msg);
}

void ns_core_status_changed(struct ns_core *core)
{
	struct ns_msg *event = &core->event;

	ns_zero(event, sizeof(*event));
	event->type = NS_MSG_STATUS_EVENT;
	ns_core_status_fill(core, event);
	ns_core_to_host_msg(core, event);
}
