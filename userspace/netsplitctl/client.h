/* SPDX-License-Identifier: GPL-2.0-only */
/* netsplitctl's conversations with a daemon's socket (client.c). */
#ifndef NETSPLITCTL_CLIENT_H
#define NETSPLITCTL_CLIENT_H

#include <netsplit/proto.h>

#include "conn.h"

#define NS_DEFAULT_SOCKET "unix:/run/netsplit/netsplitd.sock"
#define NS_CALL_MS 2000

struct ns_session {
	struct ns_conn conn;
	struct ns_msg req, reply;
};

/* Connected and greeted as a client: NS_EXIT_OK, or NS_EXIT_FAIL said. */
int ns_session_open(struct ns_session *s, const char *endpoint);
/*
 * s->req out, its answer in s->reply: 0 when it is of type, a positive
 * errno when none came, -NS_PERR_FAILED for an error reply (its text).
 */
int ns_session_call(struct ns_session *s, __u8 type);
/* Why a call (ns_session_call()'s ret) failed, in words that say what to do. */
const char *ns_session_refusal(const struct ns_session *s, int ret);
/* --socket's endpoint, else $NETSPLITD_SOCKET, else netsplitd's. */
const char *ns_endpoint(const char *given);

#endif /* NETSPLITCTL_CLIENT_H */
