/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One control-protocol connection over a stream (a unix socket, or the
 * driver's control character device): the reads and writes around a
 * struct ns_stream (common/stream.h), which frames, decodes and
 * answers errors; a stream that cannot be followed closes the connection.
 */
#ifndef NETSPLIT_CONN_H
#define NETSPLIT_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include <netsplit/proto.h>

#include "stream.h"

#define NS_CONN_PARTIAL_MS NS_STREAM_PARTIAL_MS

#define NS_CONN_SEND_MS 1000

struct ns_conn;

/*
 * Called for every message decoded. For a request, fill reply (type 0 =
 * no reply); return 0, or -NS_PERR_* to answer with that error instead.
 */
typedef int (*ns_conn_handler)(struct ns_conn *conn, const struct ns_msg *msg,
			       struct ns_msg *reply, void *ctx);

struct ns_conn {
	int fd;
	bool closed;
	bool may_change;      /* a server's peer: ns_peer_may_change() */
	__u32 next_id;	      /* request ids we send */
	struct ns_stream stream;
	struct ns_msg msg;    /* scratch: too big for the stack of a loop */
	struct ns_msg reply;
	__u8 out[NS_MSG_MAX]; /* a message as it goes out */
};

/* Takes fd (made non-blocking); ns_conn_close() closes it. */
void ns_conn_init(struct ns_conn *conn, int fd);
void ns_conn_close(struct ns_conn *conn);

/*
 * Reads what is there and handles every whole message. Returns 0, or
 * -errno when the connection is finished (conn->closed is then set).
 */
int ns_conn_receive(struct ns_conn *conn, ns_conn_handler handler, void *ctx);

/* Closes a connection whose incomplete message has waited too long. */
void ns_conn_tick(struct ns_conn *conn, __u64 now_ms);

/* Writes all of data to fd, waiting at most NS_CONN_SEND_MS for room. */
int ns_fd_write_all(int fd, const void *data, size_t len);

/* Sends one message, waiting at most NS_CONN_SEND_MS for room. */
int ns_conn_send(struct ns_conn *conn, const struct ns_msg *msg);

/* Starts a request of type with the next id; the caller adds fields. */
void ns_conn_request(struct ns_conn *conn, struct ns_msg *msg, __u8 type);
/* Starts a client's hello (netsplitctl's, a tool's): role and capabilities. */
void ns_conn_client_hello(struct ns_conn *conn, struct ns_msg *msg);

/*
 * Sends req and waits up to timeout_ms for its reply, handing anything
 * else that arrives to handler (may be NULL). For one-shot clients.
 * Returns 0 with the reply in *reply (possibly an NS_MSG_ERROR), or -errno.
 */
int ns_conn_call(struct ns_conn *conn, const struct ns_msg *req,
		 struct ns_msg *reply, int timeout_ms, ns_conn_handler handler,
		 void *ctx);

/* Connects to "unix:PATH" (or a character device path). Returns fd. */
int ns_endpoint_connect(const char *endpoint);
/*
 * Listens on "unix:PATH", replacing a stale socket: 0660 and group's
 * (a name or a number) when it exists, else root's alone; group NULL:
 * 0600. Returns fd.
 */
int ns_endpoint_listen(const char *endpoint, const char *group);
/*
 * Whether the peer of an accepted socket may send what changes state
 * (ns_msg_changes_state()): uid 0, or CAP_NET_ADMIN.
 */
bool ns_peer_may_change(int fd);
/* Tells an accepted peer why it is refused (-NS_PERR_*), and closes fd. */
void ns_endpoint_refuse(int fd, int perr);
/* Closes a listening socket and removes its unix socket's file; fd -1: none. */
void ns_endpoint_close(int fd, const char *endpoint);

/* CLOCK_MONOTONIC in milliseconds. */
__u64 ns_now_ms(void);

#endif /* NETSPLIT_CONN_H */
