// SPDX-License-Identifier: GPL-2.0-only
/*
 * Asks a daemon for its status every INTERVAL ms for SECONDS, a new
 * connection each time as netsplitctl makes, and prints one line per
 * question with how long the answer took:
 *
 *   MS refused ERRNO
 *   MS answered VERSION DIGEST PEER_VERSION PEER_DIGEST agree|DIFFERENT|-
 *   MS failed WHY
 *
 * For the restart tests: timed in the process, so a sanitized netsplitctl's
 * start-up is not counted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/proto.h>

#include "conn.h"

static void ask(const char *endpoint)
{
	static struct ns_conn conn;
	static struct ns_msg req, reply;
	__u64 start = ns_now_ms();
	int fd, ret;

	fd = ns_endpoint_connect(endpoint);
	if (fd < 0) {
		printf("%llu refused %s\n",
		       (unsigned long long)(ns_now_ms() - start),
		       strerror(-fd));
		return;
	}
	ns_conn_init(&conn, fd);
	ns_conn_client_hello(&conn, &req);
	ret = ns_conn_call(&conn, &req, &reply, 2000, NULL, NULL);
	if (!ret) {
		ns_conn_request(&conn, &req, NS_MSG_GET_STATUS);
		ret = ns_conn_call(&conn, &req, &reply, 2000, NULL, NULL);
	}
	if (ret || reply.type != NS_MSG_GET_STATUS)
		printf("%llu failed %s\n",
		       (unsigned long long)(ns_now_ms() - start),
		       ret ? strerror(-ret) : reply.text);
	else
		printf("%llu answered %u %08x %u %08x %s\n",
		       (unsigned long long)(ns_now_ms() - start),
		       reply.rules_version, reply.rules_digest,
		       reply.peer_version, reply.peer_digest,
		       !(reply.fields & NS_FIELD(NS_TLV_PEER_DIGEST)) ? "-" :
		       ns_msg_tables_agree(&reply)		    ? "agree" :
								      "DIFFERENT");
	fflush(stdout);
	ns_conn_close(&conn);
}

int main(int argc, char **argv)
{
	__u64 end;
	int interval;

	if (argc != 4) {
		fprintf(stderr, "usage: statuswatch ENDPOINT INTERVAL_MS SECONDS\n");
		return 2;
	}
	interval = atoi(argv[2]);
	end = ns_now_ms() + (__u64)atoi(argv[3]) * 1000;
	while (ns_now_ms() < end) {
		ask(argv[1]);
		usleep((useconds_t)interval * 1000);
	}
	return 0;
}
