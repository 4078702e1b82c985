/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Strict parsers for the words users type: the freestanding ones, shared
 * with the firmware, are common/words.h; these need libc.
 */
#ifndef NETSPLIT_PARSE_H
#define NETSPLIT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include <netsplit/rules.h>

#include "words.h"

struct ns_addr;

/* "192.168.50.10/24" (with_prefix) or "fd00::1"; returns buf. */
const char *ns_addr_format(const struct ns_addr *a, bool with_prefix,
			   char *buf, size_t len);
/* The reverse: "ADDR" or "ADDR/PREFIX" into *a. 0 or -EINVAL. */
int ns_addr_parse(const char *s, struct ns_addr *a);

/* Trims spaces and tabs at both ends, in place. */
char *ns_trim(char *s);

#endif /* NETSPLIT_PARSE_H */
