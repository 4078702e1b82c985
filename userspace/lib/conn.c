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
#include "stream.h"

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

int ns_fd_write_all(int fd, const void *data, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	__u64 deadline = ns_now_ms() + NS_CONN_SEND_MS;
	const __u8 *buf = data;
	size_t off = 0;
	ssize_t n;

	while (off < len) {
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == ENOTSOCK)
			n = write(fd, buf + off, len - off);
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

static int ns_conn_write(struct ns_conn *conn, const __u8 *buf, size_t len)
{
	return conn->closed ? -ENOTCONN : ns_fd_write_all(conn->fd, buf, len);
}

int ns_conn_send(struct ns_conn *conn, const struct ns_msg *msg)
{
	int len = ns_msg_encode(msg, conn->out, sizeof(conn->out));

	if (len < 0)
		return -EINVAL;
	return ns_conn_write(conn, conn->out, (size_t)len);
}

void ns_conn_request(struct ns_conn *conn, struct ns_msg *msg, __u8 type)
{
	memset(msg, 0, sizeof(*msg));
	msg->type = type;
	msg->request_id = conn->next_id++;
	if (!conn->next_id)
		conn->next_id = 1;
}

/* A handler of the connection's, called by the stream it reads. */
struct ns_conn_dispatch {
	struct ns_conn *conn;
	ns_conn_handler handler;
	void *ctx;
};

static int ns_conn_handle(void *ctx, const struct ns_msg *msg,
			  struct ns_msg *reply)
{
	struct ns_conn_dispatch *d = ctx;

	return d->handler ? d->handler(d->conn, msg, reply, d->ctx) : 0;
}

static int ns_conn_stream_send(void *ctx, const __u8 *buf, __u32 len)
{
	struct ns_conn_dispatch *d = ctx;

	return ns_conn_write(d->conn, buf, len) ? -1 : 0;
}

static void ns_conn_io(struct ns_conn *conn, struct ns_conn_dispatch *d,
		       struct ns_stream_io *io)
{
	*io = (struct ns_stream_io){ .handle = ns_conn_handle,
				     .send = ns_conn_stream_send,
				     .ctx = d,
				     .msg = &conn->msg,
				     .reply = &conn->reply,
				     .out = conn->out };
}

int ns_conn_receive(struct ns_conn *conn, ns_conn_handler handler, void *ctx)
{
	struct ns_conn_dispatch d = { conn, handler, ctx };
	__u8 buf[NS_MSG_MAX];
	struct ns_stream_io io;
	bool eof = false;
	ssize_t n;

	if (conn->closed)
		return -ENOTCONN;
	ns_conn_io(conn, &d, &io);
	while (!eof && !conn->closed) {
		n = read(conn->fd, buf, sizeof(buf));
		if (n == 0)
			eof = true;
		else if (n < 0 && errno == EINTR)
			continue;
		else if (n < 0 && errno == EAGAIN)
			break;
		else if (n < 0) {
			ns_conn_close(conn);
			return -ECONNRESET;
		}
		/* A device hands one frame per read: each is handled first. */
		if (ns_stream_input(&conn->stream, buf, n > 0 ? (__u32)n : 0,
				    eof, ns_now_ms(), &io))
			ns_conn_close(conn);
	}
	return conn->closed ? -ECONNRESET : 0;
}

void ns_conn_tick(struct ns_conn *conn, __u64 now_ms)
{
	struct ns_conn_dispatch d = { conn, NULL, NULL };
	struct ns_stream_io io;

	if (conn->closed)
		return;
	ns_conn_io(conn, &d, &io);
	ns_stream_tick(&conn->stream, now_ms, &io);
	if (conn->stream.closed)
		ns_conn_close(conn);
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

void ns_endpoint_close(int fd, const char *endpoint)
{
	struct sockaddr_un sun;

	if (fd < 0)
		return;
	close(fd);
	if (!ns_unix_address(endpoint, &sun))
		unlink(sun.sun_path);
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
