/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ethsta driver's bus device (/dev/espbus0) at the co-processor's end,
 * as netsplit-cpd --bus and netsplit-fw --bus use it: the core parses and
 * seals the frames; this opens, reads and writes them (busdev.c).
 */
#ifndef NETSPLIT_BUSDEV_H
#define NETSPLIT_BUSDEV_H

#include "core.h"

/* Frames read per wakeup, so that the bus does not starve the rest. */
#define NS_BUSDEV_BATCH 64

/* Opens it non-blocking: the fd, or -errno, said with what to check. */
int ns_busdev_open(const char *dev);
/* One bus frame to the host: 0, or -1, said. */
int ns_busdev_write(int fd, const char *dev, const __u8 *frame, __u32 len);
/* Up to NS_BUSDEV_BATCH frames from the host, each to the core. */
void ns_busdev_receive(int fd, struct ns_core *core);

#endif /* NETSPLIT_BUSDEV_H */
