// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "options.h"
#include "version.h"

void ns_print_version(const char *prog)
{
	printf("%s %s\n", prog, NS_VERSION);
}

bool ns_daemon_option(int opt, const char *prog, const char *usage,
		      struct ns_daemon_opts *o)
{
	switch (opt) {
	case 'c':
		o->config_path = optarg;
		return true;
	case 'f':
		o->foreground = true;
		return true;
	case 'v':
		o->verbose++;
		return true;
	case NS_OPT_VERSION:
		ns_print_version(prog);
		exit(0);
	case 'h':
		fputs(usage, stdout);
		exit(0);
	}
	return false;
}

void ns_daemon_log_init(const char *prog, const struct ns_daemon_opts *o)
{
	ns_log_init(prog, o->foreground ? NS_LOG_CONSOLE : ns_log_detect());
	ns_log_verbosity(o->verbose);
}
