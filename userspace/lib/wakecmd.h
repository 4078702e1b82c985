/* SPDX-License-Identifier: GPL-2.0-only */
/* wake_command, the stand-in for a wake GPIO (wakecmd.c). */
#ifndef NETSPLIT_WAKECMD_H
#define NETSPLIT_WAKECMD_H

#include <sys/types.h>

#include <netsplit/types.h>

struct ns_wake_cmd {
	const char *command; /* "" for none */
	pid_t pid;	     /* running; 0 when not */
};

void ns_wake_cmd_run(struct ns_wake_cmd *w, __u8 reason, __u8 rule);
/* On SIGCHLD: collects children, ours with what became of it. */
void ns_wake_cmd_reap(struct ns_wake_cmd *w);

#endif /* NETSPLIT_WAKECMD_H */
