/* SPDX-License-Identifier: GPL-2.0-only */
/* Settings of the kernel's under /proc/sys (sysctl.c). */
#ifndef NETSPLIT_SYSCTL_H
#define NETSPLIT_SYSCTL_H

#include <stddef.h>

/* 0 or -errno; the value without its line end. */
int ns_sysctl_read(const char *path, char *buf, size_t len);
/* 0 or -errno; "" is written as an empty line. */
int ns_sysctl_write(const char *path, const char *value);

/*
 * Turns IPv6 off on an interface, so that the kernel's own stack sends
 * nothing there (router and neighbour solicitations, MLD reports); what
 * names it in the error ("the host link"). 0 or -errno, said.
 */
int ns_ipv6_off(const char *ifname, const char *what);

#endif /* NETSPLIT_SYSCTL_H */
