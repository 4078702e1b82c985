// SPDX-License-Identifier: GPL-2.0-only
/*
 * A misbehaving peer for the daemons' tests: connects to ENDPOINT, sends
 * each argument as raw bytes (hex), and prints every message that comes
 * back as "TYPE" or "error NAME", one per line, until the daemon closes
 * the connection or goes quiet for 500 ms. "-" as an argument pauses
 * 100 ms; "hello" sends a valid hello from a client.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/proto.h>

#include "conn.h"

static int send_hex(int fd, const char *hex)
{
	__u8 buf[NS_MSG_MAX * 2];
	size_t n = 0;
	unsigned int byte;

	while (hex[0] && hex[1] && n < sizeof(buf)) {
		if (sscanf(hex, "%2x", &byte) != 1)
			return -EINVAL;
		buf[n++] = (__u8)byte;
		hex += 2;
	}
	return write(fd, buf, n) == (ssize_t)n ? 0 : -errno;
}

static int send_hello(int fd)
{
	struct ns_msg m = { .type = NS_MSG_HELLO, .request_id = 77,
			    .role = NS_ROLE_CLIENT, .caps = NS_CAP_ALL,
			    .fields = NS_FIELD(NS_TLV_ROLE) |
				      NS_FIELD(NS_TLV_CAPS) };
	__u8 buf[NS_MSG_MAX];
	int len = ns_msg_encode(&m, buf, sizeof(buf));

	return write(fd, buf, (size_t)len) == len ? 0 : -errno;
}

static void print_replies(int fd)
{
	static struct ns_msg m;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	__u8 buf[NS_MSG_MAX * 2];
	__u32 have = 0;
	ssize_t n;
	int len;

	while (poll(&pfd, 1, 500) > 0) {
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n <= 0) {
			printf("closed\n");
			return;
		}
		have += (__u32)n;
		while ((len = ns_msg_frame(buf, have)) > 0) {
			if (ns_msg_decode(buf, (__u32)len, &m))
				printf("undecodable\n");
			else if (m.type == NS_MSG_ERROR)
				printf("error %s\n", m.error < NS_PERR_COUNT ?
							     ns_perr_name[m.error] :
							     "?");
			else
				printf("%s\n", ns_msg_name[m.type]);
			memmove(buf, buf + len, have - (__u32)len);
			have -= (__u32)len;
		}
	}
}

int main(int argc, char **argv)
{
	int fd, i, ret = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: nsprobe ENDPOINT HEX|-|hello...\n");
		return 2;
	}
	fd = ns_endpoint_connect(argv[1]);
	if (fd < 0) {
		fprintf(stderr, "nsprobe: %s: %s\n", argv[1], strerror(-fd));
		return 1;
	}
	for (i = 2; i < argc && !ret; i++) {
		if (!strcmp(argv[i], "-"))
			usleep(100000);
		else if (!strcmp(argv[i], "hello"))
			ret = send_hello(fd);
		else
			ret = send_hex(fd, argv[i]);
	}
	print_replies(fd);
	close(fd);
	return ret ? 1 : 0;
}
