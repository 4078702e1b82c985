// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "port_range.h"
#include "sysctl.h"
#include "table.h"

#define NS_PORT_RANGE "/proc/sys/net/ipv4/ip_local_port_range"
#define NS_RESERVED "/proc/sys/net/ipv4/ip_local_reserved_ports"

/* The ports of the lists, comma-separated (the kernel merges repeats). */
static void ns_reserved_text(const struct ns_rules *r,
			     const enum ns_list_id *lists, unsigned int n,
			     char *out, size_t len)
{
	size_t off = 0;
	unsigned int i, j;
	__u16 port;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const struct ns_port_list *l = &r->list[lists[i]];

		for (j = 0; j < l->count && j < NS_PORT_LIST_MAX; j++) {
			port = l->port[j];
			if (off >= len)
				break;
			off += (size_t)snprintf(out + off, len - off, "%s%u",
						off ? "," : "", port);
		}
	}
}

int ns_port_sysctl_apply(struct ns_port_sysctl *s,
			 const struct ns_rules *rules, enum ns_range_id tcp,
			 const enum ns_list_id *reserve, unsigned int lists)
{
	char range[sizeof(s->range_now)], reserved[sizeof(s->reserved_now)];
	__u16 lo, hi;
	int ret;

	if (!ns_table_own_range(rules, tcp, &lo, &hi))
		ns_log(LOG_WARNING, "the %s TCP and UDP ranges do not overlap; ephemeral ports follow the TCP range",
		       s->whose);
	snprintf(range, sizeof(range), "%u\t%u", lo, hi);
	ns_reserved_text(rules, reserve, lists, reserved, sizeof(reserved));
	if (!s->saved) {
		ret = ns_sysctl_read(NS_PORT_RANGE, s->range_before,
				     sizeof(s->range_before));
		if (!ret)
			ret = ns_sysctl_read(NS_RESERVED, s->reserved_before,
					     sizeof(s->reserved_before));
		if (ret) {
			ns_log(LOG_ERR, "cannot read the port sysctls: %s",
			       strerror(-ret));
			return ret;
		}
		s->saved = true;
	}
	if (!strcmp(range, s->range_now) && !strcmp(reserved, s->reserved_now))
		return 0;
	ret = ns_sysctl_write(NS_PORT_RANGE, range);
	if (!ret)
		ret = ns_sysctl_write(NS_RESERVED, reserved);
	if (ret) {
		ns_log(LOG_ERR, "cannot set net.ipv4.ip_local_port_range to %u-%u: %s",
		       lo, hi, strerror(-ret));
		return ret;
	}
	snprintf(s->range_now, sizeof(s->range_now), "%s", range);
	snprintf(s->reserved_now, sizeof(s->reserved_now), "%s", reserved);
	ns_log(LOG_NOTICE, "ephemeral ports %u-%u (the %s range)%s%s", lo, hi,
	       s->whose, reserved[0] ? ", reserved " : "", reserved);
	return 0;
}

void ns_port_sysctl_restore(struct ns_port_sysctl *s)
{
	int ret;

	if (!s->saved)
		return;
	ret = ns_sysctl_write(NS_PORT_RANGE, s->range_before);
	if (!ret)
		ret = ns_sysctl_write(NS_RESERVED, s->reserved_before);
	if (ret)
		ns_log(LOG_WARNING, "cannot put the port sysctls back: %s",
		       strerror(-ret));
	s->saved = false;
	s->range_now[0] = '\0';
	s->reserved_now[0] = '\0';
}
