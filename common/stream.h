/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * One control-protocol stream (SPEC 5), without any I/O: bytes go in as
 * they arrive, each whole message is decoded and handed to a handler, and
 * replies go out through a send callback. A request that fails gets an
 * NS_MSG_ERROR reply and the stream goes on; when the stream itself cannot
 * be followed (bad magic, a length over the maximum, a message cut short by
 * the end of the stream or by NS_STREAM_PARTIAL_MS of silence) the error
 * reply is sent and the stream is finished. Replies and errors are never
 * answered, so two peers cannot loop. Used by the core for its peers and by
 * the Linux programs' connections (userspace/lib/conn.c).
 */
#ifndef NETSPLIT_STREAM_H
#define NETSPLIT_STREAM_H

#include <netsplit/proto.h>

#define NS_STREAM_PARTIAL_MS 2000

/*
 * A stream's largest message, in and out. The protocol allows NS_MSG_MAX;
 * an MCU build keeps buffers of 3 KiB, room for any message of protocol
 * version 1, even one with every field at its longest (2,866 bytes:
 * test_core checks), and ends a stream whose message is longer, as too
 * long.
 */
#ifndef NS_STREAM_MAX
#ifdef NS_MCU
#define NS_STREAM_MAX 3072
#else
#define NS_STREAM_MAX NS_MSG_MAX
#endif
#endif

/*
 * Called for every message decoded. For a request, fill reply (type 0 = no
 * reply); return 0, or -NS_PERR_* to answer with that error instead.
 */
typedef int (*ns_stream_handler)(void *ctx, const struct ns_msg *msg,
				 struct ns_msg *reply);

/* What a stream works with; the scratch may be shared by many streams. */
struct ns_stream_io {
	ns_stream_handler handle;
	/* Writes len bytes to the other end; 0 or -1 (the stream is done). */
	int (*send)(void *ctx, const __u8 *buf, __u32 len);
	void *ctx;
	struct ns_msg *msg;   /* scratch: a decoded message */
	struct ns_msg *reply; /* scratch: its reply */
	__u8 *out;	      /* scratch: NS_STREAM_MAX bytes to encode into */
};

struct ns_stream {
	bool closed;
	__u32 in_len;
	__u64 partial_since; /* ms when an incomplete message began; 0 */
	__u8 in[NS_STREAM_MAX];
};

void ns_stream_init(struct ns_stream *s);

/*
 * Takes len bytes; eof says the other end has closed. Returns 0, or -1 when
 * the stream is finished (closed is set).
 */
int ns_stream_input(struct ns_stream *s, const __u8 *data, __u32 len,
		    bool eof, __u64 now, const struct ns_stream_io *io);

/* Finishes a stream whose incomplete message has waited too long. */
void ns_stream_tick(struct ns_stream *s, __u64 now,
		    const struct ns_stream_io *io);

/* Encodes msg and sends it; 0, or -1 (encoding failed or send did). */
int ns_stream_send(const struct ns_stream_io *io, const struct ns_msg *msg);

#endif /* NETSPLIT_STREAM_H */
