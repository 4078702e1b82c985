// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "stream.h"

void ns_stream_init(struct ns_stream *s)
{
	s->closed = false;
	s->in_len = 0;
	s->partial_since = 0;
}

int ns_stream_send(const struct ns_stream_io *io, const struct ns_msg *msg)
{
	int len = ns_msg_encode(msg, io->out, NS_STREAM_MAX);

	if (len < 0)
		return -1;
	return io->send(io->ctx, io->out, (__u32)len) ? -1 : 0;
}

static bool ns_stream_answerable(const struct ns_msg *msg)
{
	return !(msg->flags & NS_MSG_F_REPLY) && msg->type != NS_MSG_ERROR &&
	       msg->type != NS_MSG_STATUS_EVENT &&
	       msg->type != NS_MSG_WAKE_EVENT;
}

/* Answers the message in io->msg with perr; finishes the stream if fatal. */
static void ns_stream_fail(struct ns_stream *s, const struct ns_stream_io *io,
			   int perr, bool fatal)
{
	if (ns_stream_answerable(io->msg)) {
		ns_msg_error(io->reply, io->msg, perr);
		if (ns_stream_send(io, io->reply))
			fatal = true;
	}
	if (fatal)
		s->closed = true;
}

/* As much of the header of what is buffered as there is, for a reply. */
static void ns_stream_fail_buffered(struct ns_stream *s,
				    const struct ns_stream_io *io, int perr)
{
	ns_zero(io->msg, sizeof(*io->msg));
	if (s->in_len >= NS_MSG_HDR_LEN)
		ns_msg_decode(s->in, NS_MSG_HDR_LEN, io->msg);
	ns_stream_fail(s, io, perr, true);
}

static void ns_stream_dispatch(struct ns_stream *s, __u32 len,
			       const struct ns_stream_io *io)
{
	int ret = ns_msg_decode(s->in, len, io->msg);

	if (ret) {
		ns_stream_fail(s, io, ret, false);
		return;
	}
	ns_zero(io->reply, sizeof(*io->reply));
	ret = io->handle ? io->handle(io->ctx, io->msg, io->reply) : 0;
	if (s->closed || !ns_stream_answerable(io->msg))
		return;
	if (ret) {
		ns_stream_fail(s, io, ret, false);
	} else if (!io->reply->type) {
		ns_stream_fail(s, io, -NS_PERR_NOT_SUPPORTED, false);
	} else {
		io->reply->flags |= NS_MSG_F_REPLY;
		io->reply->request_id = io->msg->request_id;
		if (ns_stream_send(io, io->reply))
			s->closed = true;
	}
}

/* The first message's length, 0 while it is incomplete, or -NS_PERR_*. */
static int ns_stream_frame(const struct ns_stream *s)
{
	int len = ns_msg_frame(s->in, s->in_len);

	/* Longer than the buffer, if that is less than NS_MSG_MAX. */
	if (!len && s->in_len >= NS_MSG_HDR_LEN &&
	    NS_MSG_HDR_LEN + (__u32)ns_get16(s->in + 6) > sizeof(s->in))
		return -NS_PERR_TOO_LONG;
	return len;
}

/* Handles every whole message buffered; false when the stream is done. */
static bool ns_stream_drain(struct ns_stream *s, const struct ns_stream_io *io)
{
	int len;

	while (!s->closed && s->in_len) {
		len = ns_stream_frame(s);
		if (len < 0) {
			ns_stream_fail_buffered(s, io, len);
			break;
		}
		if (len == 0)
			break;
		ns_stream_dispatch(s, (__u32)len, io);
		if (s->closed)
			break;
		s->in_len -= (__u32)len;
		ns_copy(s->in, s->in + len, s->in_len);
	}
	return !s->closed;
}

int ns_stream_input(struct ns_stream *s, const __u8 *data, __u32 len,
		    bool eof, __u64 now, const struct ns_stream_io *io)
{
	__u32 n;

	if (s->closed)
		return -1;
	while (len) {
		n = sizeof(s->in) - s->in_len;
		n = len < n ? len : n;
		ns_copy(s->in + s->in_len, data, n);
		s->in_len += n;
		data += n;
		len -= n;
		if (!ns_stream_drain(s, io))
			return -1;
	}
	s->partial_since = s->in_len ? (s->partial_since ? s->partial_since :
							    now ? now : 1) :
				       0;
	if (eof) {
		if (s->in_len)
			ns_stream_fail_buffered(s, io, -NS_PERR_TRUNCATED);
		s->closed = true;
	}
	return s->closed ? -1 : 0;
}

void ns_stream_tick(struct ns_stream *s, __u64 now,
		    const struct ns_stream_io *io)
{
	if (s->closed || !s->partial_since ||
	    now - s->partial_since < NS_STREAM_PARTIAL_MS)
		return;
	ns_stream_fail_buffered(s, io, -NS_PERR_TRUNCATED);
}
