// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "options.h"
#include "version.h"

/* getopt_long's values: the common options', then the table's from here. */
#define NS_OPT_VERSION	      0x100
#define NS_OPT_CHECK_CONFIG   0x101
#define NS_OPT_TABLE	      0x200
#define NS_DAEMON_OPTIONS_MAX 48

/* The options every daemon has, in --help's order. */
static const struct {
	const char *name;
	int val;
	const char *arg;
	const char *help;
} ns_common_options[] = {
	{"config", 'c', "FILE",
	 "config file (default " NS_CONFIG_DEFAULT_PATH
	 " if it exists); the options below set keys of its [%s] section"},
	{"foreground", 'f', NULL,
	 "log to the console (default: the journal under systemd)"},
	{"verbose", 'v', NULL,
	 "debug messages too; -vv libbpf's, -vvv libbpf's debug log"},
	{"help", 'h', NULL, "this text, and exit"},
	{"version", NS_OPT_VERSION, NULL, "the version, and exit"},
	{"check-config", NS_OPT_CHECK_CONFIG, "FILE",
	 "read FILE as a start would and print its table; exit 0, or 1 saying "
	 "what is wrong"},
};

static const char *const ns_section_name[] = {
	[NS_SETTINGS_HOST] = "host",
	[NS_SETTINGS_COPROCESSOR] = "coprocessor",
	[NS_SETTINGS_WIFI] = "wifi",
};

void ns_print_version(const char *prog)
{
	printf("%s %s\n", prog, NS_VERSION);
}

/* Prints help from column 31, wrapped at 79. */
static void ns_help_text(FILE *out, const char *text, int col)
{
	const char *p = text, *end;
	int len;

	while (*p) {
		if (col > 30) {
			fputs("\n", out);
			col = 0;
		}
		fprintf(out, "%*s", 31 - col, "");
		len = (int)strlen(p);
		if (len > 48) {
			/* The last space that keeps the line within 79. */
			for (end = p + 48; end > p && *end != ' '; end--)
				;
			if (end == p)
				end = p + len;
		} else {
			end = p + len;
		}
		fprintf(out, "%.*s\n", (int)(end - p), p);
		p = *end ? end + 1 : end;
		col = 0;
	}
}

/* A setting's part of its option's help: its key, and its default. */
static void ns_help_setting(char *buf, size_t len, const struct ns_daemon *d,
			    const struct ns_option *o)
{
	const char *dflt = ns_settings_default_of(d->section, o->key);
	const char *bar = dflt ? strstr(dflt, " | ") : NULL;

	if (o->value)
		snprintf(buf, len, "%s (%s = %s)", o->help, o->key, o->value);
	else if (bar)
		snprintf(buf, len,
			 "%s (%s; default %.*s when it exists, else %s)",
			 o->help, o->key, (int)(bar - dflt), dflt, bar + 3);
	else if (dflt)
		snprintf(buf, len, "%s (%s; default %s)", o->help, o->key,
			 dflt);
	else
		snprintf(buf, len, "%s (%s; default none)", o->help, o->key);
}

static void ns_daemon_usage(FILE *out, const struct ns_daemon *d)
{
	const struct ns_option *o;
	char help[512], head[64];
	size_t i;
	int n;

	fprintf(out, "usage: %s [OPTION]...\n\n%s\n", d->prog, d->about);
	for (i = 0; i < NS_ARRAY_SIZE(ns_common_options); i++) {
		n = ns_common_options[i].val < 0x100
			    ? snprintf(head, sizeof(head), "  -%c, --%s%s%s",
				       ns_common_options[i].val,
				       ns_common_options[i].name,
				       ns_common_options[i].arg ? " " : "",
				       ns_common_options[i].arg ?: "")
			    : snprintf(head, sizeof(head), "      --%s%s%s",
				       ns_common_options[i].name,
				       ns_common_options[i].arg ? " " : "",
				       ns_common_options[i].arg ?: "");
		fputs(head, out);
		snprintf(help, sizeof(help), ns_common_options[i].help,
			 ns_section_name[d->section]);
		ns_help_text(out, help, n);
	}
	for (o = d->options; o->name; o++) {
		n = snprintf(head, sizeof(head), "      --%s%s%s", o->name,
			     o->arg ? " " : "", o->arg ?: "");
		fputs(head, out);
		if (o->key)
			ns_help_setting(help, sizeof(help), d, o);
		ns_help_text(out, o->key ? help : o->help, n);
	}
	if (d->after)
		fprintf(out, "\n%s", d->after);
}

/* --check-config FILE: 0 when FILE is good (its table printed), else 1. */
static int ns_check_config(const char *prog, const char *path)
{
	static struct ns_config cfg;
	char err[512];

	if (ns_config_load_all(path, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 1;
	}
	ns_config_warn(stderr, path, &cfg.rules);
	printf("# %s: valid; the table it gives:\n", path);
	ns_config_print(stdout, &cfg.rules);
	return 0;
}

int ns_daemon_start(const struct ns_daemon *d, void *ctx, int argc, char **argv,
		    const char **config_path, struct ns_config *cfg)
{
	struct option longopts[NS_DAEMON_OPTIONS_MAX + 1] = {0};
	struct ns_override overrides[NS_DAEMON_OPTIONS_MAX];
	bool foreground = false;
	size_t i, n = 0, count = 0;
	const struct ns_option *o;
	int opt, verbose = 0;
	char err[512];

	for (i = 0; i < NS_ARRAY_SIZE(ns_common_options); i++)
		longopts[n++] = (struct option){ns_common_options[i].name,
						ns_common_options[i].arg
							? required_argument
							: no_argument,
						NULL, ns_common_options[i].val};
	for (o = d->options; o->name && n < NS_DAEMON_OPTIONS_MAX; o++, n++)
		longopts[n] = (struct option){
			o->name, o->arg ? required_argument : no_argument, NULL,
			NS_OPT_TABLE + (int)(o - d->options)};
	*config_path = NULL;
	while ((opt = getopt_long(argc, argv, "c:fhv", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			*config_path = optarg;
			continue;
		case 'f':
			foreground = true;
			continue;
		case 'v':
			verbose++;
			continue;
		case 'h':
			ns_daemon_usage(stdout, d);
			return 0;
		case NS_OPT_VERSION:
			ns_print_version(d->prog);
			return 0;
		case NS_OPT_CHECK_CONFIG:
			return ns_check_config(d->prog, optarg);
		case '?':
			ns_daemon_usage(stderr, d);
			return 2;
		}
		o = &d->options[opt - NS_OPT_TABLE];
		if (!o->key) {
			if (d->own(ctx, o, optarg))
				return 2;
		} else if (count < NS_DAEMON_OPTIONS_MAX) {
			overrides[count++] = (struct ns_override){
				o->name, o->key, o->arg ? optarg : o->value};
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", d->prog,
			argv[optind]);
		return 2;
	}
	ns_log_init(d->prog, foreground ? NS_LOG_CONSOLE : ns_log_detect());
	ns_log_verbosity(verbose);
	if (ns_config_daemon(config_path, cfg, d->section, overrides, count,
			     err, sizeof(err))) {
		ns_log(LOG_ERR, "%s", err);
		return 1;
	}
	return NS_DAEMON_RUN;
}
