/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wake subscription as the config file writes it:
 *
 *   subscribe = BROKER:PORT topic=FILTER [prefix=P] [keepalive=S]
 *               [client_id=ID] [username=U] [password_file=PATH]
 *
 * BROKER is an IPv4 address or an IPv6 one in brackets. An empty value is
 * no subscription. Words are taken literally up to the next space.
 */
#ifndef NETSPLIT_WAKESUB_H
#define NETSPLIT_WAKESUB_H

#include <stddef.h>

#include <netsplit/rules.h>

#define NS_WAKE_SUB_SYNTAX                                                  \
	"expected BROKER:PORT topic=FILTER [prefix=P] [keepalive=S] "       \
	"[client_id=ID] [username=U] [password_file=PATH], BROKER an IPv4 " \
	"address or an [IPv6] one, each option once"

/* 0, or -EINVAL with *sub untouched; the values are checked by ns_rules_check. */
int ns_wake_sub_parse(const char *value, struct ns_wake_sub *sub);

/* The value that parses back to sub ("" for none). */
void ns_wake_sub_format(const struct ns_wake_sub *sub, char *buf, size_t len);

/*
 * The password, the first line of its password_file without the line end;
 * "" when it has none. 0, or -errno when the file cannot be read.
 */
int ns_wake_sub_password(const struct ns_wake_sub *sub, char *pw, size_t len);
/* The same from the file path. */
int ns_password_read(const char *path, char *pw, size_t len);

/* The broker's address as text, without brackets or port. */
void ns_wake_sub_host(const struct ns_wake_sub *sub, char *buf, size_t len);

#endif /* NETSPLIT_WAKESUB_H */
