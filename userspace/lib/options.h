/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every program of netsplit answers the same way: --version, and
 * -v/--verbose (debug messages; -vv adds libbpf's, -vvv libbpf's debug
 * log); and a daemon's command line, from one table of its options: getopt,
 * --help (a setting's default from settings.c), and the config file's keys
 * they override.
 */
#ifndef NETSPLIT_OPTIONS_H
#define NETSPLIT_OPTIONS_H

#include <stdbool.h>

#include "config.h"

/*
 * One option of a daemon. One with a key sets that key of the daemon's
 * section of the config file (settings.c has its kind, the values it takes
 * and its default) to the argument or, for a flag, to value; one without
 * is the program's own (its callback takes it).
 */
struct ns_option {
	const char *name;  /* --NAME */
	const char *arg;   /* the argument, as --help names it; NULL: a flag */
	const char *key;   /* the key it sets, or NULL */
	const char *value; /* what a flag sets key to */
	const char *help;
};

struct ns_daemon {
	const char *prog;
	const char *about; /* --help's text between the usage and the options */
	const char *after; /* its last lines, or NULL */
	enum ns_settings_section section;
	const struct ns_option *options; /* up to a { NULL } */
	/*
	 * A program's own option, with ns_daemon_start()'s ctx: 0, or
	 * -EINVAL for a usage error (said).
	 */
	int (*own)(void *ctx, const struct ns_option *opt, const char *arg);
};

/* What a daemon's start comes to: run, or exit with this status. */
#define NS_DAEMON_RUN -1

/*
 * Reads the command line as d says, with the options every daemon has
 * (-c, -f, -v, -h, --version, --check-config), starts the log, and reads
 * the config file with the options' keys over it into cfg (the file's path
 * in *config_path). Returns NS_DAEMON_RUN, or the status to exit with: 0
 * (--help, --version, --check-config of a good file), 1 (a config error,
 * logged) or 2 (a usage error, said with the usage).
 */
int ns_daemon_start(const struct ns_daemon *d, void *ctx, int argc, char **argv,
		    const char **config_path, struct ns_config *cfg);

/*
 * "PROG VERSION" on stdout: the version of kernel/dkms.conf, and the
 * commit it was built from (git describe) when built from git.
 */
void ns_print_version(const char *prog);

#endif /* NETSPLIT_OPTIONS_H */
