/* SPDX-License-Identifier: GPL-2.0-only */
/* Strict parsers for the words users type: ports, ranges, lists, names. */
#ifndef NETSPLIT_PARSE_H
#define NETSPLIT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include <netsplit/rules.h>

/* Each returns 0 or -EINVAL; on error the output is untouched. */
int ns_parse_port(const char *s, __u16 *port);
int ns_parse_range(const char *s, struct ns_port_range *range);
int ns_parse_port_list(const char *s, struct ns_port_list *list);
int ns_parse_name(const char *s, const char *const *names, unsigned int count,
		  __u8 *value);

/* IPv4 or IPv6 address; *family is 4 or 6 and addr holds 4 or 16 bytes. */
int ns_parse_address(const char *s, __u8 addr[16], int *family);

struct ns_addr;

/* "192.168.50.10/24" (with_prefix) or "fd00::1"; returns buf. */
const char *ns_addr_format(const struct ns_addr *a, bool with_prefix,
			   char *buf, size_t len);
/* The reverse: "ADDR" or "ADDR/PREFIX" into *a. 0 or -EINVAL. */
int ns_addr_parse(const char *s, struct ns_addr *a);

/* Trims spaces and tabs at both ends, in place. */
char *ns_trim(char *s);

#endif /* NETSPLIT_PARSE_H */
