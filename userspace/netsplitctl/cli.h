/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef NETSPLITCTL_CLI_H
#define NETSPLITCTL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include <netsplit/reasons.h>

/* Exit statuses of every subcommand. */
#define NS_EXIT_OK 0
#define NS_EXIT_FAIL 1
#define NS_EXIT_USAGE 2

/* Options every subcommand takes. */
struct ns_cli {
	const char *pin_root; /* --pin-root, $NETSPLIT_PIN_ROOT, default */
	int verbose;	      /* -v, counted */
};

int ns_cmd_classify(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_attach(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_detach(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_rules(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_stats(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_status(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_host_state(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_wifi(struct ns_cli *cli, int argc, char **argv);

struct ns_metrics;
/* The pinned maps' counters, host state and version (rules.c). */
int ns_metrics_from_maps(struct ns_cli *cli, struct ns_metrics *m);

struct ns_maps;

/*
 * Loads the config file into the pinned table, keeping the learned fields
 * (addresses, MAC, host state) and bumping the version.
 */
int ns_rules_install(const struct ns_maps *maps, const char *config,
		     __u32 *version);

/* Prints "netsplitctl: " and the message to stderr; returns NS_EXIT_FAIL. */
int ns_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, followed by the usage hint; returns NS_EXIT_USAGE. */
int ns_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Prints len bytes of text as a JSON string: quoted, with quotes and
 * backslashes escaped and anything outside printable ASCII as \u00XX.
 * Every string value of netsplitctl's JSON goes through it.
 */
void ns_json_string(const void *text, size_t len);
/* A C string as a JSON string. */
void ns_json_str(const char *s);
/* sep, then "key": with its value to follow (sep: "", "," or "{"). */
void ns_json_key(const char *sep, const char *key);

struct option;

/*
 * getopt_long for a command, its errors in its own words ("--pcap needs a
 * value", "unknown option '--x'"): the option, -1 at the end, or '?' or
 * ':' after the usage error is said (return NS_EXIT_USAGE).
 */
int ns_getopt(const char *cmd, int argc, char **argv,
	      const struct option *longopts);

/* Whether argv[i] is -h or --help. */
bool ns_wants_help(int argc, char **argv);

#endif /* NETSPLITCTL_CLI_H */
