/* SPDX-License-Identifier: GPL-2.0-only */
/* The netsplit config file (SPEC section 2): INI to struct ns_rules. */
#ifndef NETSPLIT_CONFIG_H
#define NETSPLIT_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include <netsplit/rules.h>

#define NS_CONFIG_DEFAULT_PATH "/etc/netsplit/netsplit.conf"

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
