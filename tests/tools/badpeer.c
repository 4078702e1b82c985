// SPDX-License-Identifier: GPL-2.0-only
/*
 * Peers that misbehave on a daemon's control socket, for the tests of
 * what the daemons hold against (issue 26):
 *
 *   badpeer garbage ENDPOINT CLIENTS SECONDS
 *       CLIENTS processes write random bytes as fast as they can for
 *       SECONDS, connecting again whenever the daemon hangs up; prints
 *       "garbage: C connections, B bytes".
 *   badpeer slow ENDPOINT
 *       sends a hello one byte a second; prints "slow: closed after N
 *       bytes" when the daemon gives up on it (exit 0), or fails after 30 s.
 *   badpeer long ENDPOINT
 *       sends only a header that announces 65,535 bytes; exits 0 when the
 *       daemon answers too-long and hangs up without waiting for them.
 *   badpeer hold ENDPOINT
 *       connects and says hello until the daemon refuses one; prints
 *       "hold: N held, then REASON", stays until killed.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netsplit/proto.h>

#include "conn.h"

#define BADPEER_HOLD_MAX 256

static struct ns_msg req, reply;

static int badpeer_usage(void)
{
	fprintf(stderr, "usage: badpeer garbage ENDPOINT CLIENTS SECONDS | "
			"slow ENDPOINT | long ENDPOINT | hold ENDPOINT\n");
	return 2;
}

static int badpeer_connect(const char *endpoint)
{
	int fd = ns_endpoint_connect(endpoint);

	if (fd < 0)
		fprintf(stderr, "badpeer: cannot connect to %s: %s\n", endpoint,
			strerror(-fd));
	return fd;
}

/* One garbage client: what it sent, as "connections bytes" on out. */
static void badpeer_garbage_client(const char *endpoint, unsigned int seconds,
				   unsigned int seed, FILE *out)
{
	unsigned long long bytes = 0, conns = 0;
	__u64 end = ns_now_ms() + seconds * 1000ull;
	unsigned char buf[512];
	size_t i;
	int fd = -1;

	srandom(seed);
	signal(SIGPIPE, SIG_IGN);
	while (ns_now_ms() < end) {
		if (fd < 0) {
			fd = ns_endpoint_connect(endpoint);
			if (fd < 0)
				continue;
			conns++;
		}
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)random();
		if (write(fd, buf, sizeof(buf)) > 0) {
			bytes += sizeof(buf);
			continue;
		}
		close(fd);
		fd = -1;
	}
	if (fd >= 0)
		close(fd);
	fprintf(out, "%llu %llu\n", conns, bytes);
}

static int badpeer_garbage(const char *endpoint, unsigned int clients,
			   unsigned int seconds)
{
	unsigned long long conns = 0, bytes = 0, c, b;
	int pipefd[2], ret = 0;
	unsigned int i;
	FILE *in;

	if (pipe(pipefd))
		return 1;
	for (i = 0; i < clients; i++) {
		if (fork() == 0) {
			FILE *out = fdopen(pipefd[1], "w");

			close(pipefd[0]);
			badpeer_garbage_client(endpoint, seconds, getpid(),
					       out);
			fclose(out);
			_exit(0);
		}
	}
	close(pipefd[1]);
	in = fdopen(pipefd[0], "r");
	while (fscanf(in, "%llu %llu", &c, &b) == 2) {
		conns += c;
		bytes += b;
	}
	fclose(in);
	while (wait(NULL) > 0)
		;
	if (!conns)
		ret = 1;
	printf("garbage: %llu connections, %llu bytes\n", conns, bytes);
	return ret;
}

/* The encoded hello a client sends, into buf; its length. */
static int badpeer_hello(struct ns_conn *conn, __u8 *buf, __u32 size)
{
	ns_conn_client_hello(conn, &req);
	return ns_msg_encode(&req, buf, size);
}

/* Whether the daemon hung up; what it said before is read and dropped. */
static bool badpeer_hung_up(int fd)
{
	__u8 buf[NS_MSG_MAX];
	ssize_t n;

	do
		n = read(fd, buf, sizeof(buf));
	while (n > 0);
	return n == 0 || (n < 0 && errno != EAGAIN);
}

static int badpeer_slow(const char *endpoint)
{
	static struct ns_conn conn;
	__u8 hello[64];
	int fd, len, i;

	fd = badpeer_connect(endpoint);
	if (fd < 0)
		return 1;
	ns_conn_init(&conn, fd);
	len = badpeer_hello(&conn, hello, sizeof(hello));
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 30; i++) {
		if (badpeer_hung_up(fd) || write(fd, &hello[i % len], 1) != 1) {
			printf("slow: closed after %d bytes\n", i);
			return 0;
		}
		sleep(1);
	}
	fprintf(stderr, "badpeer: still connected after 30 bytes in 30 s\n");
	return 1;
}

static int badpeer_keep_reply(struct ns_conn *conn, const struct ns_msg *msg,
			      struct ns_msg *answer, void *ctx)
{
	(void)conn;
	(void)answer;
	if (msg->flags & NS_MSG_F_REPLY)
		*(struct ns_msg *)ctx = *msg;
	return 0;
}

static int badpeer_long(const char *endpoint)
{
	struct pollfd pfd = {.events = POLLIN};
	static struct ns_conn conn;
	__u8 hdr[NS_MSG_HDR_LEN];
	__u64 end = ns_now_ms() + 2000;
	int fd;

	fd = badpeer_connect(endpoint);
	if (fd < 0)
		return 1;
	ns_conn_init(&conn, fd);
	badpeer_hello(&conn, conn.out, sizeof(conn.out));
	memcpy(hdr, conn.out, sizeof(hdr));
	ns_put16(hdr + 6, 0xffff);
	/* Nothing more is sent: the answer must come from the header. */
	if (ns_fd_write_all(fd, hdr, sizeof(hdr)))
		return 1;
	pfd.fd = fd;
	while (!conn.closed && ns_now_ms() < end) {
		poll(&pfd, 1, 100);
		ns_conn_receive(&conn, badpeer_keep_reply, &reply);
	}
	if (reply.type != NS_MSG_ERROR || reply.error != NS_PERR_TOO_LONG) {
		fprintf(stderr,
			"badpeer: the long header was not answered "
			"too-long%s%s\n",
			reply.type == NS_MSG_ERROR ? ": " : "",
			reply.type == NS_MSG_ERROR ? reply.text : "");
		return 1;
	}
	if (!conn.closed) {
		fprintf(stderr, "badpeer: answered, but still connected\n");
		return 1;
	}
	printf("long: %s, then closed\n", reply.text);
	return 0;
}

static int badpeer_hold(const char *endpoint)
{
	static struct ns_conn conns[BADPEER_HOLD_MAX];
	int n, fd, ret = 0;

	for (n = 0; n < BADPEER_HOLD_MAX; n++) {
		fd = badpeer_connect(endpoint);
		if (fd < 0)
			return 1;
		ns_conn_init(&conns[n], fd);
		badpeer_hello(&conns[n], conns[n].out, sizeof(conns[n].out));
		ret = ns_conn_call(&conns[n], &req, &reply, 2000, NULL, NULL);
		if (ret || reply.type != NS_MSG_HELLO)
			break;
	}
	printf("hold: %d held, then %s\n", n,
	       ret			    ? strerror(-ret)
	       : reply.type == NS_MSG_ERROR ? reply.text
					    : "no refusal");
	fflush(stdout);
	if (n == BADPEER_HOLD_MAX)
		return 1;
	ns_conn_close(&conns[n]);
	pause();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "garbage"))
		return badpeer_garbage(argv[2], (unsigned int)atoi(argv[3]),
				       (unsigned int)atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "slow"))
		return badpeer_slow(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "long"))
		return badpeer_long(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return badpeer_hold(argv[2]);
	return badpeer_usage();
}
