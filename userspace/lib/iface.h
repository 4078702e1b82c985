/* SPDX-License-Identifier: GPL-2.0-only */
/* An interface's MAC, MTU and up flag, through ioctl (iface.c). */
#ifndef NETSPLIT_IFACE_H
#define NETSPLIT_IFACE_H

#include <netsplit/types.h>

/* 0 or -errno; mtu may be NULL. */
int ns_iface_info(const char *name, __u8 mac[6], __u32 *mtu);
/* Sets it up; 0 or -errno. */
int ns_iface_up(const char *name);

#endif /* NETSPLIT_IFACE_H */
