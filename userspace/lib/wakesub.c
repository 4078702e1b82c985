// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "wakesub.h"

#define NS_SUB_VALUE_MAX 1024

/* The string options: key=, their field and its length. */
struct ns_sub_str {
	const char *key;
	__u8 *s;
	__u8 *len;
	size_t max;
};

#define NS_SUB_STRS 5

static void ns_sub_strs(struct ns_wake_sub *sub,
			struct ns_sub_str out[NS_SUB_STRS])
{
	const struct ns_sub_str strs[NS_SUB_STRS] = {
		{ "topic", sub->topic, &sub->topic_len, NS_SUB_STR_MAX },
		{ "prefix", sub->prefix, &sub->prefix_len, NS_SUB_STR_MAX },
		{ "client_id", sub->client_id, &sub->client_id_len,
		  NS_SUB_STR_MAX },
		{ "username", sub->username, &sub->username_len,
		  NS_SUB_STR_MAX },
		{ "password_file", sub->password_file, &sub->password_file_len,
		  NS_SUB_PATH_MAX },
	};

	memcpy(out, strs, sizeof(strs));
}

static int ns_sub_option(char *tok, struct ns_wake_sub *sub)
{
	struct ns_sub_str strs[NS_SUB_STRS];
	char *eq = strchr(tok, '=');
	unsigned long v;
	size_t i;
	char *end;

	if (!eq)
		return -EINVAL;
	*eq++ = '\0';
	if (!strcmp(tok, "keepalive")) {
		errno = 0;
		v = strtoul(eq, &end, 10);
		if (sub->keepalive || errno || *end || end == eq || v > 65535)
			return -EINVAL;
		sub->keepalive = (__u16)v;
		return 0;
	}
	ns_sub_strs(sub, strs);
	for (i = 0; i < NS_SUB_STRS; i++) {
		if (strcmp(tok, strs[i].key))
			continue;
		/* Given twice, or too long. */
		if (*strs[i].len ||
		    ns_parse_text(eq, strs[i].s, strs[i].len, strs[i].max))
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

int ns_wake_sub_parse(const char *value, struct ns_wake_sub *sub)
{
	struct ns_wake_sub out = { 0 };
	char buf[NS_SUB_VALUE_MAX], *tok, *save = NULL;

	if (strlen(value) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", value);
	tok = strtok_r(buf, " \t", &save);
	if (tok) {
		if (ns_parse_broker(tok, &out))
			return -EINVAL;
		while ((tok = strtok_r(NULL, " \t", &save)))
			if (ns_sub_option(tok, &out))
				return -EINVAL;
		if (!out.keepalive)
			out.keepalive = NS_SUB_KEEPALIVE_DEFAULT;
	}
	*sub = out;
	return 0;
}

void ns_wake_sub_host(const struct ns_wake_sub *sub, char *buf, size_t len)
{
	if (!inet_ntop(sub->family == 6 ? AF_INET6 : AF_INET, sub->broker, buf,
		       (socklen_t)len))
		snprintf(buf, len, "?");
}

void ns_wake_sub_format(const struct ns_wake_sub *sub, char *buf, size_t len)
{
	struct ns_wake_sub copy = *sub;
	struct ns_sub_str strs[NS_SUB_STRS];
	char host[INET6_ADDRSTRLEN];
	size_t off, i;

	buf[0] = '\0';
	if (!sub->broker_port)
		return;
	ns_wake_sub_host(sub, host, sizeof(host));
	off = (size_t)snprintf(buf, len, sub->family == 6 ? "[%s]:%u" : "%s:%u",
			       host, sub->broker_port);
	ns_sub_strs(&copy, strs);
	for (i = 0; i < NS_SUB_STRS && off < len; i++)
		if (*strs[i].len)
			off += (size_t)snprintf(buf + off, len - off, " %s=%.*s",
						strs[i].key, *strs[i].len,
						(const char *)strs[i].s);
	if (off < len)
		snprintf(buf + off, len - off, " keepalive=%u", sub->keepalive);
}

int ns_password_read(const char *path, char *pw, size_t len)
{
	FILE *f = fopen(path, "re");

	pw[0] = '\0';
	if (!f)
		return -errno;
	if (!fgets(pw, (int)len, f))
		pw[0] = '\0';
	fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

int ns_wake_sub_password(const struct ns_wake_sub *sub, char *pw, size_t len)
{
	char path[NS_SUB_PATH_MAX + 1];

	pw[0] = '\0';
	if (!sub->password_file_len)
		return 0;
	snprintf(path, sizeof(path), "%.*s", sub->password_file_len,
		 (const char *)sub->password_file);
	return ns_password_read(path, pw, len);
}
