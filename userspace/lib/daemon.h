/* SPDX-License-Identifier: GPL-2.0-only */
/* What both daemons need from their surroundings: systemd, signals, epoll. */
#ifndef NETSPLIT_DAEMON_H
#define NETSPLIT_DAEMON_H

#include <stdint.h>

/* Tells systemd (when $NOTIFY_SOCKET is set), e.g. "READY=1". */
void ns_sd_notify(const char *state);

/* Blocks SIGTERM, SIGINT, SIGHUP and SIGCHLD and returns a signalfd. */
int ns_signalfd(void);

/* Adds fd to epfd for input; data.u64 is tag. */
int ns_epoll_add(int epfd, int fd, uint64_t tag);

#endif /* NETSPLIT_DAEMON_H */
