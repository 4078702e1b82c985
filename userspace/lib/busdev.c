// SPDX-License-Identifier: GPL-2.0-only
/* The ethsta driver's bus device at the co-processor's end. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "busdev.h"
#include "conn.h"
#include "log.h"

int ns_busdev_open(const char *dev)
{
	int fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC), ret;

	if (fd >= 0)
		return fd;
	ret = -errno;
	ns_log(LOG_ERR, "cannot open %s: %s%s", dev, strerror(-ret),
	       ret == -EBUSY  ? " (another process is the co-processor there)" :
	       ret == -ENOENT ? " (is the ethsta module loaded?)" :
				"");
	return ret;
}

int ns_busdev_write(int fd, const char *dev, const __u8 *frame, __u32 len)
{
	if (write(fd, frame, len) == (ssize_t)len)
		return 0;
	ns_log(LOG_WARNING, "cannot write to %s: %s", dev, strerror(errno));
	return -1;
}

void ns_busdev_receive(int fd, struct ns_core *core)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	ssize_t n;
	int i;

	for (i = 0; i < NS_BUSDEV_BATCH; i++) {
		n = read(fd, frame, sizeof(frame));
		if (n <= 0)
			break;
		ns_core_bus_input(core, frame, (__u32)n, ns_now_ms());
	}
}
