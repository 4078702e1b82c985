// SPDX-License-Identifier: GPL-2.0-only
/* Settings of the kernel's under /proc/sys, read and written. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sysctl.h"

int ns_sysctl_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

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

int ns_sysctl_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	/* An empty list is written as a newline: "" is refused. */
	if (write(fd, *value ? value : "\n", *value ? strlen(value) : 1) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int ns_ipv6_off(const char *ifname, const char *what)
{
	char path[128];
	int ret;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6",
		 ifname);
	ret = ns_sysctl_write(path, "1");
	/* A kernel without IPv6 has nothing to say there anyway. */
	if (ret == -ENOENT && access("/proc/sys/net/ipv6", F_OK))
		return 0;
	if (ret)
		ns_log(LOG_ERR, "cannot turn IPv6 off on %s %s (%s): %s", what,
		       ifname, path, strerror(-ret));
	return ret;
}
