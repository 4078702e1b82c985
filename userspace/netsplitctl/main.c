// SPDX-License-Identifier: GPL-2.0-only
/* netsplitctl: inspect and drive the netsplit datapath. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netsplit/bpf_abi.h>

#include "cli.h"
#include "log.h"
#include "options.h"

static const char ns_usage[] =
	"usage: netsplitctl COMMAND [ARGS] [--pin-root DIR] [-v]\n"
	"       netsplitctl --version\n"
	"\n"
	"commands:\n"
	"  classify  where each frame of a pcap file goes, and why\n"
	"  attach    attach the splitter or the guard to interfaces\n"
	"  detach    remove them again\n"
	"  rules     show or load the rule table (rules show|load)\n"
	"  stats     frames and bytes per reason\n"
	"  status    what netsplitd did: address, route, DNS, tables, host state\n"
	"  sleep     tell the co-processor the host goes to sleep\n"
	"  wake      tell it the host is awake again\n"
	"  wifi      give the co-processor's Wi-Fi station credentials (wifi set)\n"
	"\n"
	"  --pin-root DIR  where the maps are pinned (default $NETSPLIT_PIN_ROOT,\n"
	"                  else " NS_PIN_ROOT_DEFAULT ")\n"
	"  -v, --verbose   libbpf's messages too; -vv its debug log\n"
	"  these two go before or after the command\n"
	"\n"
	"'netsplitctl COMMAND --help' describes a command.\n"
	"Exit status: 0 ok, 1 failure, 2 usage error.\n";

int ns_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("netsplitctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return NS_EXIT_FAIL;
}

void ns_json_string(const void *text, size_t len)
{
	const unsigned char *s = text;
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			putchar('\\');
		if (s[i] < 0x20 || s[i] > 0x7e)
			printf("\\u%04x", s[i]);
		else
			putchar(s[i]);
	}
	putchar('"');
}

void ns_json_str(const char *s)
{
	ns_json_string(s, strlen(s));
}

void ns_json_key(const char *sep, const char *key)
{
	fputs(sep, stdout);
	ns_json_str(key);
	putchar(':');
}

int ns_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "netsplitctl %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'netsplitctl %s --help'.\n", cmd);
	return NS_EXIT_USAGE;
}

int ns_getopt(const char *cmd, int argc, char **argv,
	      const struct option *longopts)
{
	int opt;

	opterr = 0;
	opt = getopt_long(argc, argv, ":", longopts, NULL);
	/* optopt names a short option; a long one is the argument itself. */
	if (opt == ':')
		ns_usage_error(cmd, "%s needs a value", argv[optind - 1]);
	else if (opt == '?' && optopt)
		ns_usage_error(cmd, "unknown option '-%c'", optopt);
	else if (opt == '?')
		ns_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
	return opt;
}

/*
 * The options of every command, before or after it: taken out of argv
 * (up to a "--"). 0, or NS_EXIT_USAGE after saying why.
 */
static int ns_global_options(struct ns_cli *cli, int *argc, char **argv)
{
	int i, n = 0;

	for (i = 0; i < *argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < *argc)
				argv[n++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--verbose")) {
			cli->verbose++;
		} else if (argv[i][0] == '-' && argv[i][1] == 'v' &&
			   strspn(argv[i] + 1, "v") == strlen(argv[i] + 1)) {
			cli->verbose += (int)strlen(argv[i] + 1);
		} else if (!strncmp(argv[i], "--pin-root=", 11)) {
			cli->pin_root = argv[i] + 11;
		} else if (!strcmp(argv[i], "--pin-root")) {
			if (i + 1 == *argc) {
				fputs("netsplitctl: --pin-root needs a directory\n"
				      "Try 'netsplitctl --help'.\n",
				      stderr);
				return NS_EXIT_USAGE;
			}
			cli->pin_root = argv[++i];
		} else {
			argv[n++] = argv[i];
		}
	}
	*argc = n;
	argv[n] = NULL;
	return 0;
}

bool ns_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct ns_cli *cli, int argc, char **argv);
	} commands[] = {
		{ "classify", ns_cmd_classify }, { "attach", ns_cmd_attach },
		{ "detach", ns_cmd_detach },	 { "rules", ns_cmd_rules },
		{ "stats", ns_cmd_stats },	 { "status", ns_cmd_status },
		{ "sleep", ns_cmd_host_state },	 { "wake", ns_cmd_host_state },
		{ "wifi", ns_cmd_wifi },
	};
	struct ns_cli cli = { .pin_root = getenv("NETSPLIT_PIN_ROOT") };
	size_t i;

	ns_log_init("netsplitctl", NS_LOG_COMMAND);
	if (!cli.pin_root || !*cli.pin_root)
		cli.pin_root = NS_PIN_ROOT_DEFAULT;
	argc--;
	argv++;
	if (ns_global_options(&cli, &argc, argv))
		return NS_EXIT_USAGE;
	/* A command says what failed; libbpf's own words are -v's. */
	ns_log_verbosity(cli.verbose ? cli.verbose + 1 : 0);
	if (argc < 1) {
		fputs(ns_usage, stderr);
		return NS_EXIT_USAGE;
	}
	if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help") ||
	    !strcmp(argv[0], "help")) {
		fputs(ns_usage, stdout);
		return NS_EXIT_OK;
	}
	if (!strcmp(argv[0], "--version")) {
		ns_print_version("netsplitctl");
		return NS_EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].run(&cli, argc, argv);
	fprintf(stderr, "netsplitctl: unknown command '%s'\n\n%s", argv[0],
		ns_usage);
	return NS_EXIT_USAGE;
}
