// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Every parser here reads a span [s, end) of the caller's string, so that
 * nothing is copied or written: the firmware's Kconfig strings are
 * constants.
 */
#include "words.h"

static const char *ns_words_end(const char *s)
{
	while (*s)
		s++;
	return s;
}

static bool ns_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The span without blanks at either end. */
static void ns_words_trim(const char **s, const char **end)
{
	while (*s < *end && ns_is_blank(**s))
		(*s)++;
	while (*end > *s && ns_is_blank((*end)[-1]))
		(*end)--;
}

static int ns_port_span(const char *s, const char *end, __u16 *port)
{
	__u32 v = 0;

	if (s == end || end - s > 5)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (__u32)(*s - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*port = (__u16)v;
	return 0;
}

int ns_parse_port(const char *s, __u16 *port)
{
	return ns_port_span(s, ns_words_end(s), port);
}

int ns_parse_range(const char *s, struct ns_port_range *range)
{
	const char *end = ns_words_end(s), *dash = s, *lo_end;
	struct ns_port_range r;

	while (dash < end && *dash != '-')
		dash++;
	lo_end = dash;
	ns_words_trim(&s, &lo_end);
	if (ns_port_span(s, lo_end, &r.lo))
		return -1;
	r.hi = r.lo;
	if (dash < end) {
		dash++;
		ns_words_trim(&dash, &end);
		if (ns_port_span(dash, end, &r.hi))
			return -1;
	}
	if (r.lo > r.hi)
		return -1;
	*range = r;
	return 0;
}

int ns_parse_port_list(const char *s, struct ns_port_list *list)
{
	const char *end = ns_words_end(s), *item, *item_end, *a, *b;
	struct ns_port_list l = {0};
	__u16 port;
	__u32 i;

	ns_words_trim(&s, &end);
	for (item = s; s < end; item = item_end + 1) {
		for (item_end = item; item_end < end && *item_end != ',';)
			item_end++;
		a = item;
		b = item_end;
		ns_words_trim(&a, &b);
		/* Every item between commas is a port: "22,,53" is refused. */
		if (l.count == NS_PORT_LIST_MAX || ns_port_span(a, b, &port))
			return -1;
		for (i = 0; i < l.count; i++)
			if (l.port[i] == port)
				return -1;
		l.port[l.count++] = port;
		if (item_end == end)
			break;
	}
	*list = l;
	return 0;
}

int ns_parse_text(const char *s, __u8 *field, __u8 *len, __u32 max)
{
	__u32 n = (__u32)(ns_words_end(s) - s), i;

	if (n > max || n > 255)
		return -1;
	for (i = 0; i < n; i++)
		field[i] = (__u8)s[i];
	*len = (__u8)n;
	return 0;
}

static bool ns_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int ns_parse_name(const char *s, const char *const *names, unsigned int count,
		  __u8 *value)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (names[i] && ns_streq(s, names[i])) {
			*value = (__u8)i;
			return 0;
		}
	}
	return -1;
}

/* Dotted decimal as inet_pton() has it: four parts, no leading zeros. */
static int ns_ipv4_span(const char *s, const char *end, __u8 out[4])
{
	__u32 parts = 0, v = 0, digits = 0;

	for (; s <= end; s++) {
		if (s < end && *s >= '0' && *s <= '9') {
			if (digits && !v)
				return -1;
			v = v * 10 + (__u32)(*s - '0');
			if (v > 255)
				return -1;
			digits++;
			continue;
		}
		if (!digits || parts == 4 || (s < end && *s != '.'))
			return -1;
		out[parts++] = (__u8)v;
		v = 0;
		digits = 0;
	}
	return parts == 4 ? 0 : -1;
}

static int ns_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Groups of 1 to 4 hex digits, one "::" at most for the zero groups it
 * stands for, an IPv4 address as the last 32 bits: inet_pton()'s rules.
 */
static int ns_ipv6_span(const char *s, const char *end, __u8 out[16])
{
	__u8 a[16] = {0};
	int n = 0, gap = -1, i, digits, v, h;
	const char *group;

	if (s < end && *s == ':' && (end - s < 2 || s[1] != ':'))
		return -1;
	if (s < end && *s == ':')
		s++;
	while (s < end) {
		if (*s == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			s++;
			continue;
		}
		group = s;
		for (v = 0, digits = 0; s < end && (h = ns_hex(*s)) >= 0; s++) {
			if (++digits > 4)
				return -1;
			v = v << 4 | h;
		}
		if (s < end && *s == '.') {
			if (n > 12 || ns_ipv4_span(group, end, a + n))
				return -1;
			n += 4;
			s = end;
			break;
		}
		if (!digits || n > 14)
			return -1;
		a[n++] = (__u8)(v >> 8);
		a[n++] = (__u8)v;
		if (s < end && *s != ':')
			return -1;
		if (s < end && ++s == end)
			return -1; /* a trailing single ':' */
	}
	if (gap >= 0) {
		if (n == 16)
			return -1;
		for (i = 1; i <= n - gap; i++) {
			a[16 - i] = a[n - i];
			a[n - i] = 0;
		}
	} else if (n != 16) {
		return -1;
	}
	for (i = 0; i < 16; i++)
		out[i] = a[i];
	return 0;
}

static int ns_address_span(const char *s, const char *end, __u8 addr[16],
			   int *family)
{
	__u8 buf[16] = {0};
	int i;

	if (!ns_ipv4_span(s, end, buf)) {
		*family = 4;
	} else if (!ns_ipv6_span(s, end, buf)) {
		*family = 6;
	} else {
		return -1;
	}
	for (i = 0; i < 16; i++)
		addr[i] = buf[i];
	return 0;
}

int ns_parse_address(const char *s, __u8 addr[16], int *family)
{
	return ns_address_span(s, ns_words_end(s), addr, family);
}

int ns_parse_broker(const char *s, struct ns_wake_sub *sub)
{
	const char *end = ns_words_end(s), *colon = end, *addr_end;
	bool bracketed = *s == '[';
	__u8 addr[16];
	__u16 port;
	int family, i;

	while (colon > s && colon[-1] != ':')
		colon--;
	if (colon == s)
		return -1;
	addr_end = colon - 1;
	if (bracketed) {
		if (addr_end[-1] != ']' || addr_end - 1 <= s)
			return -1;
		s++;
		addr_end--;
	}
	if (ns_address_span(s, addr_end, addr, &family) ||
	    ns_port_span(colon, end, &port) || (family == 6) != bracketed)
		return -1;
	for (i = 0; i < 16; i++)
		sub->broker[i] = addr[i];
	sub->broker_port = port;
	sub->family = (__u8)family;
	return 0;
}
