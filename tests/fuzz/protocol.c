// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control protocol (include/netsplit/proto.h, common/proto.c,
 * common/stream.c): the input as a byte stream, framed message by message;
 * every message that decodes encodes again, and that encoding decodes to a
 * message that encodes to the same bytes; every error has a reply that
 * encodes. Then the same bytes through a stream, in pieces whose sizes the
 * first byte picks, as a daemon's connection takes them.
 */
#include <string.h>

#include <netsplit/proto.h>

#include "fuzz.h"
#include "stream.h"

static struct ns_msg msg, again, reply;
static __u8 out[NS_MSG_MAX], out2[NS_MSG_MAX];

static void error_reply_encodes(const struct ns_msg *req, int perr)
{
	int n;

	ns_msg_error(&reply, req, perr);
	n = ns_msg_encode(&reply, out, sizeof(out));
	FUZZ_ASSERT(n > 0, "the error reply to %d does not encode: %d", perr,
		    n);
}

static void round_trip(const __u8 *buf, __u32 len)
{
	int err, n, n2;

	err = ns_msg_decode(buf, len, &msg);
	if (err) {
		FUZZ_ASSERT(err < 0, "decode returned %d", err);
		error_reply_encodes(&msg, -err);
		return;
	}
	n = ns_msg_encode(&msg, out, sizeof(out));
	FUZZ_ASSERT(n > 0, "a decoded message (type %u) does not encode: %d",
		    msg.type, n);
	FUZZ_ASSERT(ns_msg_frame(out, (__u32)n) == n,
		    "an encoding does not frame as itself");
	err = ns_msg_decode(out, (__u32)n, &again);
	FUZZ_ASSERT(!err, "an encoding (type %u) does not decode: %d", msg.type,
		    err);
	n2 = ns_msg_encode(&again, out2, sizeof(out2));
	FUZZ_ASSERT(n2 == n && !memcmp(out, out2, (size_t)n),
		    "decode, encode, decode is not the identity (type %u)",
		    msg.type);
}

static int handle(void *ctx, const struct ns_msg *m, struct ns_msg *r)
{
	(void)ctx;
	(void)m;
	r->type = 0;
	return 0;
}

static int send_nothing(void *ctx, const __u8 *buf, __u32 len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return 0;
}

static void through_a_stream(const __u8 *data, size_t size)
{
	static struct ns_stream s;
	static struct ns_msg scratch_msg, scratch_reply;
	static __u8 scratch_out[NS_STREAM_MAX];
	const struct ns_stream_io io = {
		.handle = handle,
		.send = send_nothing,
		.msg = &scratch_msg,
		.reply = &scratch_reply,
		.out = scratch_out,
	};
	size_t piece = size ? (size_t)data[0] % 64 + 1 : 1, off = 0, n;

	ns_stream_init(&s);
	while (off < size && !s.closed) {
		n = size - off < piece ? size - off : piece;
		ns_stream_input(&s, data + off, (__u32)n, false, off, &io);
		off += n;
	}
	if (!s.closed)
		ns_stream_input(&s, NULL, 0, true, off, &io);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;
	int n;

	while (off < size) {
		n = ns_msg_frame(data + off, (__u32)(size - off));
		if (n < 0) {
			memset(&msg, 0, sizeof(msg));
			error_reply_encodes(&msg, -n);
		}
		if (n <= 0)
			break;
		round_trip(data + off, (__u32)n);
		off += (size_t)n;
	}
	through_a_stream(data, size);
	return 0;
}
