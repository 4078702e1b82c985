// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netsplit/proto.h>

#include "parse.h"

char *ns_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* Decimal digits only: "+5", " 5", "5x" and "" are all refused. */
int ns_parse_port(const char *s, __u16 *port)
{
	unsigned long v = 0;
	const char *p;

	if (!*s || strlen(s) > 5)
		return -EINVAL;
	for (p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v < 1 || v > 65535)
		return -EINVAL;
	*port = (__u16)v;
	return 0;
}

int ns_parse_range(const char *s, struct ns_port_range *range)
{
	char buf[16];
	char *dash;
	struct ns_port_range r;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (!dash) {
		if (ns_parse_port(ns_trim(buf), &r.lo))
			return -EINVAL;
		r.hi = r.lo;
	} else {
		*dash = '\0';
		if (ns_parse_port(ns_trim(buf), &r.lo) ||
		    ns_parse_port(ns_trim(dash + 1), &r.hi))
			return -EINVAL;
	}
	if (r.lo > r.hi)
		return -EINVAL;
	*range = r;
	return 0;
}

int ns_parse_port_list(const char *s, struct ns_port_list *list)
{
	struct ns_port_list l = { 0 };
	char buf[256];
	char *item, *next;
	__u16 port;
	__u32 i;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	if (!*ns_trim(buf)) {
		*list = l;
		return 0;
	}
	/* Every item between commas must be a port: "22,,53" is an error. */
	for (item = buf; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		if (l.count == NS_PORT_LIST_MAX ||
		    ns_parse_port(ns_trim(item), &port))
			return -EINVAL;
		for (i = 0; i < l.count; i++)
			if (l.port[i] == port)
				return -EINVAL;
		l.port[l.count++] = port;
	}
	*list = l;
	return 0;
}

int ns_parse_name(const char *s, const char *const *names, unsigned int count,
		  __u8 *value)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (names[i] && !strcmp(s, names[i])) {
			*value = (__u8)i;
			return 0;
		}
	}
	return -EINVAL;
}

int ns_parse_address(const char *s, __u8 addr[16], int *family)
{
	__u8 buf[16] = { 0 };

	if (inet_pton(AF_INET, s, buf) == 1) {
		*family = 4;
	} else if (inet_pton(AF_INET6, s, buf) == 1) {
		*family = 6;
	} else {
		return -EINVAL;
	}
	memcpy(addr, buf, sizeof(buf));
	return 0;
}

const char *ns_addr_format(const struct ns_addr *a, bool with_prefix,
			   char *buf, size_t len)
{
	char text[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->addr, text,
		       sizeof(text)))
		snprintf(text, sizeof(text), "?");
	if (with_prefix)
		snprintf(buf, len, "%s/%u", text, a->prefix);
	else
		snprintf(buf, len, "%s", text);
	return buf;
}

int ns_addr_parse(const char *s, struct ns_addr *a)
{
	char text[INET6_ADDRSTRLEN + 4];
	struct ns_addr out = { 0 };
	char *slash, *end;
	unsigned long prefix;
	int family;

	if (strlen(s) >= sizeof(text))
		return -EINVAL;
	strcpy(text, s);
	slash = strchr(text, '/');
	if (slash)
		*slash = '\0';
	if (ns_parse_address(text, out.addr, &family))
		return -EINVAL;
	out.family = (__u8)family;
	out.prefix = family == 4 ? 32 : 128;
	if (slash) {
		errno = 0;
		prefix = strtoul(slash + 1, &end, 10);
		if (errno || *end || end == slash + 1 || prefix > out.prefix)
			return -EINVAL;
		out.prefix = (__u8)prefix;
	}
	*a = out;
	return 0;
}
