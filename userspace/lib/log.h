/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Messages of the library and the programs. The target decides the form:
 * a command prints information on stdout and errors on stderr prefixed by
 * its name; a daemon in the foreground prefixes the time, its name and
 * level; under systemd each line starts with the syslog priority as "<N>",
 * which the journal reads (SyslogLevelPrefix=) and stamps itself. Debug
 * messages are said only with -v.
 */
#ifndef NETSPLIT_LOG_H
#define NETSPLIT_LOG_H

#include <syslog.h>

enum ns_log_target {
	NS_LOG_COMMAND,
	NS_LOG_CONSOLE,
	NS_LOG_JOURNAL,
};

void ns_log_init(const char *ident, enum ns_log_target target);
void ns_log(int priority, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Picks NS_LOG_JOURNAL when stderr is the journal ($JOURNAL_STREAM). */
enum ns_log_target ns_log_detect(void);

/* -v given n times: 1 says LOG_DEBUG; 2 libbpf's messages, 3 its debug. */
void ns_log_verbosity(int n);
int ns_log_verbose(void);

#endif /* NETSPLIT_LOG_H */
