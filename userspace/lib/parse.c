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
