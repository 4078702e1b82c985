// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's peers on a listening socket (the host in the lab, and
 * netsplitctl): each connection is a peer of the core, its bytes go in as
 * they come, and the core's messages go out through it.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"
#include "peers.h"

void ns_peers_init(struct ns_peers *p, struct ns_core *core)
{
	int i;

	p->core = core;
	p->listen_fd = -1;
	p->endpoint = NULL;
	for (i = 0; i < NS_CORE_PEERS; i++)
		p->fd[i] = -1;
}

int ns_peers_listen(struct ns_peers *p, const char *endpoint,
		    const char *group, const char *who)
{
	p->listen_fd = ns_endpoint_listen(endpoint, group);
	if (p->listen_fd < 0) {
		ns_log(LOG_ERR, "cannot listen on %s: %s%s%s%s", endpoint,
		       strerror(-p->listen_fd),
		       p->listen_fd == -EADDRINUSE ? " (another " : "",
		       p->listen_fd == -EADDRINUSE ? who : "",
		       p->listen_fd == -EADDRINUSE ? " answers there)" : "");
		return p->listen_fd;
	}
	p->endpoint = endpoint;
	return 0;
}

void ns_peers_accept(struct ns_peers *p)
{
	int fd =
		accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	int peer;

	if (fd < 0)
		return;
	peer = ns_core_peer_open(p->core, ns_peer_may_change(fd));
	if (peer < 0) {
		ns_endpoint_refuse(fd, NS_PERR_BUSY);
		return;
	}
	p->fd[peer] = fd;
}

void ns_peers_read(struct ns_peers *p, int peer)
{
	__u8 buf[NS_MSG_MAX];
	ssize_t n;

	n = read(p->fd[peer], buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	ns_core_peer_input(p->core, peer, buf, n > 0 ? (__u32)n : 0, n <= 0,
			   ns_now_ms());
	/* Gone on its side: the core has let the peer go. */
	if (n <= 0)
		ns_peers_close(p, peer);
}

int ns_peers_write(struct ns_peers *p, int peer, const __u8 *buf, __u32 len)
{
	if (p->fd[peer] < 0)
		return -1;
	return ns_fd_write_all(p->fd[peer], buf, len) ? -1 : 0;
}

void ns_peers_close(struct ns_peers *p, int peer)
{
	if (p->fd[peer] >= 0)
		close(p->fd[peer]);
	p->fd[peer] = -1;
}

void ns_peers_stop(struct ns_peers *p)
{
	int i;

	for (i = 0; i < NS_CORE_PEERS; i++)
		ns_peers_close(p, i);
	ns_endpoint_close(p->listen_fd, p->endpoint);
	p->listen_fd = -1;
}
