// SPDX-License-Identifier: GPL-2.0-only
/* A conversation with netsplitd (or a co-processor) on its socket. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "client.h"

int ns_session_open(struct ns_session *s, const char *endpoint)
{
	int fd = ns_endpoint_connect(endpoint), ret;

	/* A socket file nobody listens on, or none: said at once. */
	if (fd == -ECONNREFUSED || fd == -ENOENT)
		return ns_fail("netsplitd is not running: nothing listens on %s (systemctl status netsplitd)",
			       endpoint);
	if (fd == -EACCES)
		return ns_fail("permission denied on %s: root and members of group netsplit may connect (adduser $USER netsplit, then log in again)",
			       endpoint);
	if (fd < 0)
		return ns_fail("cannot reach netsplitd at %s: %s", endpoint,
			       strerror(-fd));
	ns_conn_init(&s->conn, fd);
	ns_conn_client_hello(&s->conn, &s->req);
	ret = ns_session_call(s, NS_MSG_HELLO);
	if (ret) {
		ns_conn_close(&s->conn);
		return ns_fail("%s does not answer hello: %s", endpoint,
			       ns_session_refusal(s, ret));
	}
	return NS_EXIT_OK;
}

int ns_session_call(struct ns_session *s, __u8 type)
{
	int ret = ns_conn_call(&s->conn, &s->req, &s->reply, NS_CALL_MS, NULL,
			       NULL);

	if (ret)
		return -ret;
	return s->reply.type == type ? 0 : -(int)NS_PERR_FAILED;
}

const char *ns_session_refusal(const struct ns_session *s, int ret)
{
	if (ret > 0)
		return strerror(ret);
	if (s->reply.type != NS_MSG_ERROR)
		return "an answer of the wrong type";
	switch (s->reply.error) {
	case NS_PERR_PERMISSION:
		return "permission denied: this change needs root or CAP_NET_ADMIN (members of group netsplit may read status and stats)";
	case NS_PERR_BUSY:
		return "too many connections at once; try again when fewer are open";
	}
	return s->reply.text;
}

const char *ns_endpoint(const char *given)
{
	const char *env = getenv("NETSPLITD_SOCKET");

	return given ? given : env && *env ? env : NS_DEFAULT_SOCKET;
}
