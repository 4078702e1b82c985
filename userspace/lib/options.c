// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "log.h"
#include "options.h"
#include "version.h"

void ns_print_version(const char *prog)
{
	printf("%s %s\n", prog, NS_VERSION);
}

static void ns_check_config(const char *prog, const char *path)
{
	static struct ns_config cfg;
	char err[512];

	if (ns_config_load_all(path, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		exit(1);
	}
	ns_config_warn(stderr, path, &cfg.rules);
	printf("# %s: valid; the table it gives:\n", path);
	ns_config_print(stdout, &cfg.rules);
	exit(0);
}

bool ns_daemon_option(int opt, const char *prog, const char *usage,
		      struct ns_daemon_opts *o)
{
	switch (opt) {
	case NS_OPT_CHECK_CONFIG:
		ns_check_config(prog, optarg);
		return true;
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
