// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's ephemeral ports come from the host range, so replies to its
 * own connections reach it. net.ipv4.ip_local_port_range is one range for
 * TCP and UDP: it gets the part both host ranges share. Shared ports that
 * fall inside it are reserved (net.ipv4.ip_local_reserved_ports), since
 * frames to them may go to the slave. Both are per network namespace and
 * are put back as they were on exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hostd.h"
#include "log.h"

#define HOSTD_PORT_RANGE "/proc/sys/net/ipv4/ip_local_port_range"
#define HOSTD_RESERVED "/proc/sys/net/ipv4/ip_local_reserved_ports"

static int hostd_sysctl_read(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

static int hostd_sysctl_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static void hostd_reserved(const struct ns_rules *r, __u16 lo, __u16 hi,
			   char *out, size_t len)
{
	static const int lists[] = { NS_LIST_SHARED_TCP, NS_LIST_SHARED_UDP };
	size_t off = 0;
	unsigned int i, j;
	__u16 port;

	out[0] = '\0';
	for (i = 0; i < 2; i++) {
		const struct ns_port_list *l = &r->list[lists[i]];

		for (j = 0; j < l->count && j < NS_PORT_LIST_MAX; j++) {
			port = l->port[j];
			if (port < lo || port > hi || off >= len)
				continue;
			off += (size_t)snprintf(out + off, len - off, "%s%u",
						off ? "," : "", port);
		}
	}
}

int hostd_sysctl_apply(struct hostd *h)
{
	const struct ns_rules *r = &h->sync.rules;
	const struct ns_port_range *tcp = &r->range[NS_RANGE_HOST_TCP];
	const struct ns_port_range *udp = &r->range[NS_RANGE_HOST_UDP];
	struct hostd_sysctl *s = &h->sysctl;
	char range[64], reserved[sizeof(s->reserved_now)];
	__u16 lo = tcp->lo > udp->lo ? tcp->lo : udp->lo;
	__u16 hi = tcp->hi < udp->hi ? tcp->hi : udp->hi;
	int ret;

	if (lo > hi) {
		ns_log(LOG_WARNING, "the host TCP and UDP ranges do not overlap; ephemeral ports follow host_tcp");
		lo = tcp->lo;
		hi = tcp->hi;
	}
	snprintf(range, sizeof(range), "%u\t%u", lo, hi);
	hostd_reserved(r, lo, hi, reserved, sizeof(reserved));
	if (!s->saved) {
		ret = hostd_sysctl_read(HOSTD_PORT_RANGE, s->range_before,
					sizeof(s->range_before));
		if (!ret)
			ret = hostd_sysctl_read(HOSTD_RESERVED,
						s->reserved_before,
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
	ret = hostd_sysctl_write(HOSTD_PORT_RANGE, range);
	if (!ret)
		ret = hostd_sysctl_write(HOSTD_RESERVED,
					 reserved[0] ? reserved : "\n");
	if (ret) {
		ns_log(LOG_ERR, "cannot set net.ipv4.ip_local_port_range to %u-%u: %s",
		       lo, hi, strerror(-ret));
		return ret;
	}
	snprintf(s->range_now, sizeof(s->range_now), "%s", range);
	snprintf(s->reserved_now, sizeof(s->reserved_now), "%s", reserved);
	ns_log(LOG_NOTICE, "ephemeral ports %u-%u (the host range)%s%s", lo, hi,
	       reserved[0] ? ", reserved " : "", reserved);
	return 0;
}

void hostd_sysctl_restore(struct hostd *h)
{
	struct hostd_sysctl *s = &h->sysctl;

	if (!s->saved)
		return;
	if (hostd_sysctl_write(HOSTD_PORT_RANGE, s->range_before) ||
	    hostd_sysctl_write(HOSTD_RESERVED,
			       s->reserved_before[0] ? s->reserved_before : "\n"))
		ns_log(LOG_WARNING, "cannot put the port sysctls back: %s",
		       strerror(errno));
	s->saved = false;
}
