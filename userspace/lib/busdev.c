// SPDX-License-Identifier: GPL-2.0-only
/* The host's bus at the co-processor's end (busdev.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "busdev.h"
#include "conn.h"
#include "log.h"

static void ns_busdev_frame(void *ctx, const __u8 *frame, __u32 len)
{
	struct ns_busdev *bus = ctx;

	ns_core_bus_input(bus->core, frame, len, ns_now_ms());
}

static void ns_busdev_reset(void *ctx)
{
	struct ns_busdev *bus = ctx;

	ns_log(LOG_NOTICE, "the host's driver bound on %s: announcing anew",
	       bus->spec);
	ns_core_bus_attach(bus->core, ns_now_ms());
}

static int ns_busdev_open_usb(struct ns_busdev *bus, const char *dir)
{
	const struct ns_usbffs_ops ops = {
		.ctx = bus,
		.frame = ns_busdev_frame,
		.reset = ns_busdev_reset,
	};
	int ret;

	bus->usb = malloc(sizeof(*bus->usb));
	if (!bus->usb)
		return -ENOMEM;
	ret = ns_usbffs_open(bus->usb, dir, &ops);
	if (ret) {
		free(bus->usb);
		bus->usb = NULL;
		return ret;
	}
	bus->fd = bus->usb->fd;
	return 0;
}

int ns_busdev_open(struct ns_busdev *bus, const char *spec,
		   struct ns_core *core)
{
	int ret;

	*bus = (struct ns_busdev){.spec = spec, .fd = -1, .core = core};
	if (!strncmp(spec, NS_USBFFS_PREFIX, strlen(NS_USBFFS_PREFIX)))
		return ns_busdev_open_usb(bus,
					  spec + strlen(NS_USBFFS_PREFIX));
	bus->fd = open(spec, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (bus->fd >= 0)
		return 0;
	ret = -errno;
	ns_log(LOG_ERR, "cannot open %s: %s%s", spec, strerror(-ret),
	       ret == -EBUSY  ? " (another process is the co-processor there)" :
	       ret == -ENOENT ? " (is the ethsta module loaded?)" :
				"");
	return ret;
}

int ns_busdev_write(struct ns_busdev *bus, const __u8 *frame, __u32 len)
{
	if (bus->usb)
		return ns_usbffs_send(bus->usb, frame, len);
	if (write(bus->fd, frame, len) == (ssize_t)len)
		return 0;
	ns_log(LOG_WARNING, "cannot write to %s: %s", bus->spec,
	       strerror(errno));
	return -1;
}

void ns_busdev_receive(struct ns_busdev *bus)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	ssize_t n;
	int i;

	if (bus->usb) {
		ns_usbffs_process(bus->usb);
		return;
	}
	for (i = 0; i < NS_BUSDEV_BATCH; i++) {
		n = read(bus->fd, frame, sizeof(frame));
		if (n <= 0)
			break;
		ns_busdev_frame(bus, frame, (__u32)n);
	}
}

void ns_busdev_close(struct ns_busdev *bus)
{
	if (bus->usb) {
		ns_usbffs_close(bus->usb);
		free(bus->usb);
		bus->usb = NULL;
	} else if (bus->fd >= 0) {
		close(bus->fd);
	}
	bus->fd = -1;
}
