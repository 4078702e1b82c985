// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"

__u64 ns_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + (__u64)ts.tv_nsec / 1000000;
}

void ns_conn_init(struct ns_conn *conn, int fd)
{
	memset(conn, 0, sizeof(*conn));
	conn->fd = fd;
	conn->next_id = 1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void ns_conn_close(struct ns_conn *conn)
{
	if (conn->fd >= 0)
		close(conn->fd);
	conn->fd = -1;
	conn->closed = true;
}

int ns_conn_send(struct ns_conn *conn, const struct ns_msg *msg)
{
	struct pollfd pfd = { .fd = conn->fd, .events = POLLOUT };
	__u64 deadline = ns_now_ms() + NS_CONN_SEND_MS;
	__u8 buf[NS_MSG_MAX];
	size_t off = 0;
	ssize_t n;
	int len;

	if (conn->closed)
		return -ENOTCONN;
	len = ns_msg_encode(msg, buf, sizeof(buf));
	if (len < 0)
		return -EINVAL;
	while (off < (size_t)len) {
		n = send(conn->fd, buf + off, (size_t)len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == ENOTSOCK)
			n = write(conn->fd, buf + off, (size_t)len - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (ns_now_ms() >= deadline)
			return -ETIMEDOUT;
		poll(&pfd, 1, (int)(deadline - ns_now_ms()));
	}
	return 0;
}

void ns_conn_request(struct ns_conn *conn, struct ns_msg *msg, __u8 type)
{
	memset(msg, 0, sizeof(*msg));
	msg->type = type;
	msg->request_id = conn->next_id++;
	if (!conn->next_id)
		conn->next_id = 1;
}

static bool ns_answerable(const struct ns_msg *msg)
{
	return !(msg->flags & NS_MSG_F_REPLY) && msg->type != NS_MSG_ERROR &&
	       msg->type != NS_MSG_STATUS_EVENT &&
	       msg->type != NS_MSG_WAKE_EVENT;
}

static void ns_conn_fail(struct ns_conn *conn, int perr, bool fatal)
{
	if (ns_answerable(&conn->msg)) {
		ns_msg_error(&conn->reply, &conn->msg, perr);
		ns_conn_send(conn, &conn->reply);
	}
	if (fatal)
		ns_conn_close(conn);
}

/* Handles the message at the start of the buffer; returns its length. */
static int ns_conn_dispatch(struct ns_conn *conn, __u32 len,
			    ns_conn_handler handler, void *ctx)
{
	int ret;

	ret = ns_msg_decode(conn->in, len, &conn->msg);
	if (ret) {
		ns_conn_fail(conn, ret, false);
		return 0;
	}
	memset(&conn->reply, 0, sizeof(conn->reply));
	ret = handler ? handler(conn, &conn->msg, &conn->reply, ctx) : 0;
	if (conn->closed || !ns_answerable(&conn->msg))
		return 0;
	if (ret)
		ns_conn_fail(conn, ret, false);
	else if (!conn->reply.type)
		ns_conn_fail(conn, -NS_PERR_NOT_SUPPORTED, false);
	else {
		conn->reply.flags |= NS_MSG_F_REPLY;
		conn->reply.request_id = conn->msg.request_id;
		if (ns_conn_send(conn, &conn->reply))
			ns_conn_close(conn);
	}
	return 0;
}

int ns_conn_receive(struct ns_conn *conn, ns_conn_handler handler, void *ctx)
{
	bool eof = false;
	ssize_t n;
	int len;

	if (conn->closed)
		return -ENOTCONN;
	while (!eof && conn->in_len < sizeof(conn->in)) {
		n = read(conn->fd, conn->in + conn->in_len,
			 sizeof(conn->in) - conn->in_len);
		if (n > 0)
			conn->in_len += (__u32)n;
		else if (n == 0)
			eof = true;
		else if (errno == EINTR)
			continue;
		else if (errno == EAGAIN)
			break;
		else {
			ns_conn_close(conn);
			return -ECONNRESET;
		}
		/* A device hands one frame per read: handle it first. */
		if (n > 0 && ns_msg_frame(conn->in, conn->in_len) != 0)
			break;
	}

	while (!conn->closed && conn->in_len) {
		len = ns_msg_frame(conn->in, conn->in_len);
		if (len < 0) {
			memset(&conn->msg, 0, sizeof(conn->msg));
			if (conn->in_len >= NS_MSG_HDR_LEN)
				ns_msg_decode(conn->in, NS_MSG_HDR_LEN,
					      &conn->msg);
			ns_conn_fail(conn, len, true);
			break;
		}
		if (len == 0)
			break;
		ns_conn_dispatch(conn, (__u32)len, handler, ctx);
		if (conn->closed)
			break;
		memmove(conn->in, conn->in + len, conn->in_len - (__u32)len);
		conn->in_len -= (__u32)len;
	}
	if (conn->closed)
		return -ECONNRESET;
	conn->partial_since = conn->in_len ?
				      (conn->partial_since ?: ns_now_ms()) :
				      0;
	if (eof) {
		if (conn->in_len) {
			memset(&conn->msg, 0, sizeof(conn->msg));
			if (conn->in_len >= NS_MSG_HDR_LEN)
				ns_msg_decode(conn->in, NS_MSG_HDR_LEN,
					      &conn->msg);
			ns_conn_fail(conn, -NS_PERR_TRUNCATED, true);
		}
		ns_conn_close(conn);
		return -ECONNRESET;
	}
	return 0;
}

void ns_conn_tick(struct ns_conn *conn, __u64 now_ms)
{
	if (conn->closed || !conn->partial_since ||
	    now_ms - conn->partial_since < NS_CONN_PARTIAL_MS)
		return;
	memset(&conn->msg, 0, sizeof(conn->msg));
	if (conn->in_len >= NS_MSG_HDR_LEN)
		ns_msg_decode(conn->in, NS_MSG_HDR_LEN, &conn->msg);
	ns_conn_fail(conn, -NS_PERR_TRUNCATED, true);
}

struct ns_call {
	__u32 id;
	bool done;
	struct ns_msg *reply;
	ns_conn_handler handler;
	void *ctx;
};

static int ns_call_handler(struct ns_conn *conn, const struct ns_msg *msg,
			   struct ns_msg *reply, void *ctx)
{
	struct ns_call *call = ctx;

	if ((msg->flags & NS_MSG_F_REPLY) && msg->request_id == call->id) {
		*call->reply = *msg;
		call->done = true;
		return 0;
	}
	return call->handler ? call->handler(conn, msg, reply, call->ctx) : 0;
}

int ns_conn_call(struct ns_conn *conn, const struct ns_msg *req,
		 struct ns_msg *reply, int timeout_ms, ns_conn_handler handler,
		 void *ctx)
{
	struct ns_call call = { .id = req->request_id, .reply = reply,
				.handler = handler, .ctx = ctx };
	struct pollfd pfd = { .fd = conn->fd, .events = POLLIN };
	__u64 deadline = ns_now_ms() + (__u64)timeout_ms;
	int ret;

	ret = ns_conn_send(conn, req);
	if (ret)
		return ret;
	while (!call.done) {
		__u64 now = ns_now_ms();

		if (now >= deadline)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)(deadline - now)) < 0 && errno != EINTR)
			return -errno;
		ret = ns_conn_receive(conn, ns_call_handler, &call);
		if (ret && !call.done)
			return ret;
	}
	return 0;
}

static int ns_unix_address(const char *endpoint, struct sockaddr_un *sun)
{
	const char *path = endpoint + strlen("unix:");

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strncmp(endpoint, "unix:", 5) || !*path ||
	    strlen(path) >= sizeof(sun->sun_path))
		return -EINVAL;
	strcpy(sun->sun_path, path);
	return 0;
}

int ns_endpoint_connect(const char *endpoint)
{
	struct sockaddr_un sun;
	int fd, ret;

	if (endpoint[0] == '/') {
		fd = open(endpoint, O_RDWR | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	ret = ns_unix_address(endpoint, &sun);
	if (ret)
		return ret;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

int ns_endpoint_listen(const char *endpoint)
{
	struct sockaddr_un sun;
	char dir[sizeof(sun.sun_path)];
	char *slash;
	int fd, ret;

	ret = ns_unix_address(endpoint, &sun);
	if (ret)
		return ret;
	snprintf(dir, sizeof(dir), "%s", sun.sun_path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
	}
	/* A socket nobody answers on is left over from a crash. */
	fd = ns_endpoint_connect(endpoint);
	if (fd >= 0) {
		close(fd);
		return -EADDRINUSE;
	}
	unlink(sun.sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    chmod(sun.sun_path, 0660) || listen(fd, 8)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}
