/* SPDX-License-Identifier: GPL-2.0-only */
/* The core's peers on a listening socket (peers.c). */
#ifndef NETSPLIT_PEERS_H
#define NETSPLIT_PEERS_H

#include "core.h"

struct ns_peers {
	struct ns_core *core;
	const char *endpoint;
	int listen_fd;
	int fd[NS_CORE_PEERS]; /* the core's peer numbers; -1: none */
};

void ns_peers_init(struct ns_peers *p, struct ns_core *core);
/*
 * Listens on endpoint, for members of group (ns_endpoint_listen()); who is
 * the program that may be there already.
 */
int ns_peers_listen(struct ns_peers *p, const char *endpoint,
		    const char *group, const char *who);
void ns_peers_accept(struct ns_peers *p);
void ns_peers_read(struct ns_peers *p, int peer);
/* The core's send and close. */
int ns_peers_write(struct ns_peers *p, int peer, const __u8 *buf, __u32 len);
void ns_peers_close(struct ns_peers *p, int peer);
/* Closes every peer and the socket, and removes a unix socket's file. */
void ns_peers_stop(struct ns_peers *p);

#endif /* NETSPLIT_PEERS_H */
