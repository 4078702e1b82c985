// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's peers on the listening socket (the host in the lab, and
 * netsplitctl): each connection is a peer of the core, its bytes go in as
 * they come, and the core's messages go out through it.
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "cpd.h"

void cpd_conn_accept(struct cpd *cpd)
{
	int fd = accept4(cpd->listen_fd, NULL, NULL,
			 SOCK_CLOEXEC | SOCK_NONBLOCK);
	int peer;

	if (fd < 0)
		return;
	peer = ns_core_peer_open(&cpd->core);
	if (peer < 0) {
		close(fd);
		return;
	}
	cpd->peer_fd[peer] = fd;
}

void cpd_conn_read(struct cpd *cpd, int peer)
{
	__u8 buf[NS_MSG_MAX];
	ssize_t n;

	n = read(cpd->peer_fd[peer], buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	ns_core_peer_input(&cpd->core, peer, buf, n > 0 ? (__u32)n : 0, n <= 0,
			   ns_now_ms());
	/* Gone on its side: the core has let the peer go. */
	if (n <= 0)
		cpd_conn_close(cpd, peer);
}

int cpd_conn_write(struct cpd *cpd, int peer, const __u8 *buf, __u32 len)
{
	if (cpd->peer_fd[peer] < 0)
		return -1;
	return ns_fd_write_all(cpd->peer_fd[peer], buf, len) ? -1 : 0;
}

void cpd_conn_close(struct cpd *cpd, int peer)
{
	if (cpd->peer_fd[peer] >= 0)
		close(cpd->peer_fd[peer]);
	cpd->peer_fd[peer] = -1;
}
