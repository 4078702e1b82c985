/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every program of netsplit answers the same way: --version, and
 * -v/--verbose (debug messages; -vv adds libbpf's, -vvv libbpf's debug
 * log); and the options every daemon takes: -c, -f, -h, --check-config.
 */
#ifndef NETSPLIT_OPTIONS_H
#define NETSPLIT_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>

/* getopt_long's values for --version and --check-config (no short form). */
#define NS_OPT_VERSION	    0x100
#define NS_OPT_CHECK_CONFIG 0x101

#define NS_DAEMON_SHORTOPTS "c:fhv"
#define NS_DAEMON_LONGOPTS                                                     \
	{"config", required_argument, NULL, 'c'},                              \
		{"foreground", no_argument, NULL, 'f'},                        \
		{"verbose", no_argument, NULL, 'v'},                           \
		{"version", no_argument, NULL, NS_OPT_VERSION},                \
		{"check-config", required_argument, NULL,                      \
		 NS_OPT_CHECK_CONFIG},                                         \
	{                                                                      \
		"help", no_argument, NULL, 'h'                                 \
	}

struct ns_daemon_opts {
	const char *config_path; /* -c; NULL: the default if it exists */
	bool foreground;	 /* -f */
	int verbose;		 /* -v, counted */
};

/*
 * Takes opt when it is one every daemon has: true then. --help prints the
 * usage and --version the version, and both exit 0; --check-config FILE
 * reads FILE as the daemon would, prints its table, and exits 0, or 1
 * with what is wrong (the units run it before a start or a reload).
 */
bool ns_daemon_option(int opt, const char *prog, const char *usage,
		      struct ns_daemon_opts *o);

/* The log: the console with -f, else the journal when stderr is it. */
void ns_daemon_log_init(const char *prog, const struct ns_daemon_opts *o);

/*
 * "PROG VERSION" on stdout: the version of kernel/dkms.conf, and the
 * commit it was built from (git describe) when built from git.
 */
void ns_print_version(const char *prog);

#endif /* NETSPLIT_OPTIONS_H */
