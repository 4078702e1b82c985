/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The co-processor's end of the host's bus, as netsplit-cpd --bus and
 * netsplit-fw --bus use it: the ethsta driver's virtual bus device
 * (/dev/espbus0), or a USB device controller through FunctionFS
 * (usb-ffs:MOUNTPOINT, usbffs.h). The core parses and seals the frames;
 * this opens, reads and writes them (busdev.c).
 */
#ifndef NETSPLIT_BUSDEV_H
#define NETSPLIT_BUSDEV_H

#include "core.h"
#include "usbffs.h"

/* Frames read per wakeup, so that the bus does not starve the rest. */
#define NS_BUSDEV_BATCH 64

struct ns_busdev {
	const char *spec; /* as given */
	int fd;		  /* to poll; -1 while closed */
	struct ns_core *core;
	struct ns_usbffs *usb; /* with usb-ffs:, else NULL */
};

/*
 * Opens it non-blocking; what comes from it goes to core. 0, or -errno,
 * said with what to check.
 */
int ns_busdev_open(struct ns_busdev *bus, const char *spec,
		   struct ns_core *core);
/* One bus frame to the host: 0, or -1, said. */
int ns_busdev_write(struct ns_busdev *bus, const __u8 *frame, __u32 len);
/* What bus->fd said: up to NS_BUSDEV_BATCH frames, each to the core. */
void ns_busdev_receive(struct ns_busdev *bus);
void ns_busdev_close(struct ns_busdev *bus);

#endif /* NETSPLIT_BUSDEV_H */
