/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef NETSPLITCTL_CLI_H
#define NETSPLITCTL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include <netsplit/datapath.h>
#include <netsplit/reasons.h>

/* Exit statuses of every subcommand. */
#define NS_EXIT_OK 0
#define NS_EXIT_FAIL 1
#define NS_EXIT_USAGE 2

/* Options every subcommand takes. */
struct ns_cli {
	const char *pin_root; /* --pin-root, $NETSPLIT_PIN_ROOT, default */
};

int ns_cmd_classify(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_attach(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_detach(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_rules(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_stats(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_status(struct ns_cli *cli, int argc, char **argv);
int ns_cmd_host_state(struct ns_cli *cli, int argc, char **argv);

/* The counters of the pinned maps (rules.c), for ns_cmd_stats. */
int ns_stats_from_maps(struct ns_cli *cli,
		       struct ns_counter stats[NS_REASON_COUNT]);

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
 */
void ns_json_string(const void *text, size_t len);

/* Whether argv[i] is -h or --help. */
bool ns_wants_help(int argc, char **argv);

#endif /* NETSPLITCTL_CLI_H */
