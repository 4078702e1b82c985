// SPDX-License-Identifier: GPL-2.0-only
/*
 * wake_command, the stand-in for a wake GPIO: run (sh -c) on each wake
 * with NETSPLIT_WAKE_REASON and NETSPLIT_WAKE_RULE, not again while one
 * runs.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netsplit/reasons.h>

#include "log.h"
#include "wakecmd.h"

void ns_wake_cmd_run(struct ns_wake_cmd *w, __u8 reason, __u8 rule)
{
	char reason_text[32], rule_text[8];
	pid_t pid;

	if (!w->command[0])
		return;
	if (w->pid > 0) {
		ns_log(LOG_INFO, "wake_command still running (pid %d); not run again",
		       (int)w->pid);
		return;
	}
	snprintf(reason_text, sizeof(reason_text), "%s",
		 reason < NS_REASON_COUNT ? ns_reason_name[reason] : "?");
	snprintf(rule_text, sizeof(rule_text), "%u", rule);
	pid = fork();
	if (pid < 0) {
		ns_log(LOG_ERR, "cannot run wake_command: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		sigset_t all;

		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		setenv("NETSPLIT_WAKE_REASON", reason_text, 1);
		setenv("NETSPLIT_WAKE_RULE", rule_text, 1);
		execl("/bin/sh", "sh", "-c", w->command,
		      (char *)NULL);
		_exit(127);
	}
	w->pid = pid;
}

void ns_wake_cmd_reap(struct ns_wake_cmd *w)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != w->pid)
			continue;
		w->pid = 0;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			ns_log(LOG_WARNING, "wake_command failed (status %d)",
			       status);
	}
}
