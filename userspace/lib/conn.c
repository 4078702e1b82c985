// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"
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

void ns_conn_client_hello(struct ns_conn *conn, struct ns_msg *msg)
{
	ns_conn_request(conn, msg, NS_MSG_HELLO);
	msg->role = NS_ROLE_CLIENT;
	msg->caps = NS_CAP_ALL;
	msg->fields = NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS);
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

	/* Request id 0: the connection itself is refused (proto.h). */
	if ((msg->flags & NS_MSG_F_REPLY) &&
	    (msg->request_id == call->id ||
	     (msg->type == NS_MSG_ERROR && !msg->request_id))) {
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
	if (ret) {
		/* Refused before we asked: the refusal may be there to read. */
		ns_conn_receive(conn, ns_call_handler, &call);
		return call.done ? 0 : ret;
	}
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

/* A group by name, or by number for one /etc/group does not list. */
static int ns_group_id(const char *group, gid_t *gid)
{
	struct group *gr = getgrnam(group);
	char *end;
	unsigned long n;

	if (gr) {
		*gid = gr->gr_gid;
		return 0;
	}
	errno = 0;
	n = strtoul(group, &end, 10);
	if (!*group || *end || errno || n > 0xfffffffeul)
		return -ENOENT;
	*gid = (gid_t)n;
	return 0;
}

/* Members of group may connect; with none, only root. */
static int ns_socket_owner(const char *path, const char *group)
{
	gid_t gid;
	int ret;

	if (!group)
		return chmod(path, 0600) ? -errno : 0;
	if (chmod(path, 0660))
		return -errno;
	ret = ns_group_id(group, &gid);
	if (ret) {
		ns_log(LOG_WARNING,
		       "group %s does not exist, so only root may use %s (the package creates it: addgroup --system %s)",
		       group, path, group);
		return 0;
	}
	return chown(path, 0, gid) ? -errno : 0;
}

int ns_endpoint_listen(const char *endpoint, const char *group)
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
	ret = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ? -errno : 0;
	if (!ret)
		ret = ns_socket_owner(sun.sun_path, group);
	if (!ret && listen(fd, 16))
		ret = -errno;
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/*
 * CAP_NET_ADMIN in the peer's effective set, from /proc: SO_PEERCRED's pid
 * is the process that connected, read at once after accept.
 */
static bool ns_pid_net_admin(pid_t pid)
{
	unsigned long long caps = 0;
	char path[64], line[128];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "CapEff: %llx", &caps) == 1;
	fclose(f);
	return found && (caps & (1ull << CAP_NET_ADMIN));
}

bool ns_peer_may_change(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return false;
	return cred.uid == 0 || (cred.pid > 0 && ns_pid_net_admin(cred.pid));
}

void ns_endpoint_refuse(int fd, int perr)
{
	struct ns_msg *m = calloc(2, sizeof(*m));
	__u8 buf[NS_TEXT_MAX + 64];
	int len;

	if (m) {
		ns_msg_error(&m[1], &m[0], perr);
		len = ns_msg_encode(&m[1], buf, sizeof(buf));
		if (len > 0)
			send(fd, buf, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL);
		free(m);
	}
	close(fd);
}
