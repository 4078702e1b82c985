/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The words users type, parsed strictly and without libc: ports, ranges,
 * port lists, names, addresses, a broker. One parser for the host's config
 * reader and the firmware's Kconfig alike. Each returns 0, or -1 with the
 * output untouched.
 */
#ifndef NETSPLIT_WORDS_H
#define NETSPLIT_WORDS_H

#include <netsplit/rules.h>

/* Decimal digits only, 1 to 65535: "+5", " 5", "5x" and "" are refused. */
int ns_parse_port(const char *s, __u16 *port);
/* "PORT" or "FIRST-LAST" (spaces around either), FIRST <= LAST. */
int ns_parse_range(const char *s, struct ns_port_range *range);
/*
 * "22, 8554" or "" (none): at most NS_PORT_LIST_MAX ports, each item
 * between commas a port, none twice.
 */
int ns_parse_port_list(const char *s, struct ns_port_list *list);
/* s as the index of its name in names[count] (NULL entries skipped). */
int ns_parse_name(const char *s, const char *const *names, unsigned int count,
		  __u8 *value);
/*
 * An IPv4 or IPv6 address as inet_pton() takes it: *family is 4 or 6 and
 * addr holds 4 or 16 bytes, the rest zero.
 */
int ns_parse_address(const char *s, __u8 addr[16], int *family);
/* A string of at most max bytes into a zero-padded field, with its length. */
int ns_parse_text(const char *s, __u8 *field, __u8 *len, __u32 max);
/* "A.B.C.D:PORT" or "[V6]:PORT": the subscription's broker. */
int ns_parse_broker(const char *s, struct ns_wake_sub *sub);

#endif /* NETSPLIT_WORDS_H */
