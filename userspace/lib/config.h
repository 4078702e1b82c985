/* SPDX-License-Identifier: GPL-2.0-only */
/* The netsplit config file (SPEC section 2): INI to struct ns_rules. */
#ifndef NETSPLIT_CONFIG_H
#define NETSPLIT_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include <netsplit/rules.h>

#include "settings.h"

#define NS_CONFIG_DEFAULT_PATH "/etc/netsplit/netsplit.conf"

/* The whole file: the rule table and the daemons' sections. */
struct ns_config {
	struct ns_rules rules;
	struct ns_host_settings host;
	struct ns_cp_settings cp;
};

int ns_config_load_all(const char *path, struct ns_config *cfg, char *err,
		       size_t err_len);
int ns_config_parse_all(FILE *in, const char *name, struct ns_config *cfg,
			char *err, size_t err_len);

/* A key of a daemon's section set on the command line. */
struct ns_override {
	const char *option; /* as the user wrote it, for errors */
	const char *key;
	const char *value;
};

/*
 * A daemon's config: the file at *path, or (with *path NULL) the default
 * file when it exists and the defaults when not; then the command line's
 * n overrides of keys of the daemon's section. Errors are written to err.
 */
int ns_config_daemon(const char **path, struct ns_config *cfg,
		     enum ns_settings_section section,
		     const struct ns_override *overrides, size_t n, char *err,
		     size_t err_len);

/*
 * Parses the config file at path into *rules, starting from the defaults.
 * On error returns -errno and writes a message naming the file, line, key,
 * value and the rule broken into err; *rules is left untouched.
 */
int ns_config_load(const char *path, struct ns_rules *rules, char *err,
		   size_t err_len);

/* The same, from an open stream; name is used in messages. */
int ns_config_parse(FILE *in, const char *name, struct ns_rules *rules,
		    char *err, size_t err_len);

/* Prints the table in config file syntax; loading it gives it back. */
void ns_config_print(FILE *out, const struct ns_rules *rules);

/* Tells on stream out about static host ports inside the slave range. */
void ns_config_warn(FILE *out, const char *name, const struct ns_rules *rules);

#endif /* NETSPLIT_CONFIG_H */
