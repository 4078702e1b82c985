// SPDX-License-Identifier: GPL-2.0-only
/*
 * usbtool: the USB transport's ends for the VM's USB checks and bench. The
 * co-processor's end is a FunctionFS function (MOUNT) under the portable
 * USB device end, as netsplit-fw --bus usb-ffs: runs it; on the host's
 * reset request it announces itself (init and link-up events):
 *
 *   usbtool echo MOUNT       send every frame back as it came
 *   usbtool sink MOUNT N     count the host's network frames; for every N
 *                            of them, print "pps=R" (R: N over the time
 *                            from the first to the last)
 *
 * The host's end without the driver, the bench's floor: asynchronous
 * usbfs, as many URBs in flight as ethsta_usb keeps:
 *
 *   usbtool pump VID:PID N   N network frames of 1,000 bytes to the
 *                            device's bulk OUT endpoint (found in sysfs)
 *
 * The host's end through the driver is spitool's (ctrl-lengths,
 * ether-lengths, send). Exits 0 when all went as asked, else 1, said.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/usbdevice_fs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "usbffs.h"

#define USBTOOL_PAYLOAD 1000
/* ethsta_usb's network URBs in flight (kernel/usb.c). */
#define USBTOOL_URBS 16

static const __u8 cp_mac[6] = {0x02, 0x6e, 0x73, 0x00, 0x00, 0x10};

struct device_end {
	struct ns_usbffs usb;
	bool echo;
	unsigned long long batch, counted;
	struct timespec first;
	__u16 seq;
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void announce(void *ctx)
{
	struct device_end *d = ctx;
	__u8 frame[NS_BUS_HDR_LEN + 6];

	d->seq = 0;
	if (ns_usbffs_send(&d->usb, frame,
			   ns_bus_seal_event(frame, NS_BUS_EV_INIT, cp_mac,
					     d->seq++)) ||
	    ns_usbffs_send(&d->usb, frame,
			   ns_bus_seal_event(frame, NS_BUS_EV_LINK_UP, cp_mac,
					     d->seq++)))
		fprintf(stderr, "usbtool: cannot announce the co-processor\n");
}

static void frame_in(void *ctx, const __u8 *frame, __u32 len)
{
	struct device_end *d = ctx;
	struct ns_bus_frame f;

	if (ns_bus_parse(frame, len, &f)) {
		fprintf(stderr, "usbtool: a frame from the host was refused\n");
		return;
	}
	if (d->echo) {
		if (f.len && ns_usbffs_send(&d->usb, frame, len))
			fprintf(stderr,
				"usbtool: the device's queue was full\n");
		return;
	}
	if (f.if_type != NS_BUS_IF_NETWORK)
		return;
	if (!d->counted++)
		clock_gettime(CLOCK_MONOTONIC, &d->first);
	if (d->counted == d->batch) {
		printf("pps=%.0f\n",
		       (double)(d->batch - 1) / seconds_since(&d->first));
		fflush(stdout);
		d->counted = 0;
	}
}

static int device_end(const char *mount, bool echo, unsigned long long batch)
{
	static struct device_end d;
	const struct ns_usbffs_ops ops = {
		.ctx = &d,
		.frame = frame_in,
		.reset = announce,
	};
	struct pollfd pfd = {.events = POLLIN};

	d.echo = echo;
	d.batch = batch;
	if (ns_usbffs_open(&d.usb, mount, &ops))
		return 1;
	pfd.fd = d.usb.fd;
	for (;;) {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			break;
		ns_usbffs_process(&d.usb);
	}
	ns_usbffs_close(&d.usb);
	return 1;
}

static int sysfs_read(const char *dir, const char *name, char *buf, size_t size)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The device's usbfs node and the address of its interface 0's bulk OUT. */
static int find_device(const char *id, char *node, size_t size, __u8 *ep_out)
{
	char dir[300], ep_dir[600], v[16], p[16], bus[16], dev[16], val[16];
	struct dirent *de, *ep;
	DIR *devices, *intf;
	int found = -1;

	devices = opendir("/sys/bus/usb/devices");
	while (devices && found && (de = readdir(devices))) {
		snprintf(dir, sizeof(dir), "/sys/bus/usb/devices/%s",
			 de->d_name);
		if (sysfs_read(dir, "idVendor", v, sizeof(v)) ||
		    sysfs_read(dir, "idProduct", p, sizeof(p)) ||
		    strncmp(id, v, 4) || strcmp(id + 5, p) ||
		    sysfs_read(dir, "busnum", bus, sizeof(bus)) ||
		    sysfs_read(dir, "devnum", dev, sizeof(dev)))
			continue;
		snprintf(node, size, "/dev/bus/usb/%03d/%03d", atoi(bus),
			 atoi(dev));
		snprintf(dir, sizeof(dir), "/sys/bus/usb/devices/%s:1.0",
			 de->d_name);
		intf = opendir(dir);
		while (intf && found && (ep = readdir(intf))) {
			if (strncmp(ep->d_name, "ep_", 3))
				continue;
			snprintf(ep_dir, sizeof(ep_dir), "%s/%s", dir,
				 ep->d_name);
			if (!sysfs_read(ep_dir, "direction", val,
					sizeof(val)) &&
			    !strcmp(val, "out") &&
			    !sysfs_read(ep_dir, "type", val, sizeof(val)) &&
			    !strcmp(val, "Bulk")) {
				*ep_out =
					(__u8)strtoul(ep->d_name + 3, NULL, 16);
				found = 0;
			}
		}
		if (intf)
			closedir(intf);
	}
	if (devices)
		closedir(devices);
	return found;
}

static int pump(const char *id, unsigned long long count)
{
	static struct usbdevfs_urb urbs[USBTOOL_URBS];
	static __u8 frame[NS_BUS_HDR_LEN + USBTOOL_PAYLOAD];
	struct ns_bus_frame f = {.if_type = NS_BUS_IF_NETWORK,
				 .len = USBTOOL_PAYLOAD};
	unsigned long long submitted = 0, done = 0;
	struct usbdevfs_urb *reaped;
	unsigned int interface = 0, i;
	char node[64];
	__u8 ep_out;
	int fd;

	if (strlen(id) != 9 || find_device(id, node, sizeof(node), &ep_out)) {
		fprintf(stderr,
			"usbtool: no device %s with a bulk OUT endpoint on "
			"interface 0\n",
			id);
		return 1;
	}
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, USBDEVFS_CLAIMINTERFACE, &interface)) {
		fprintf(stderr,
			"usbtool: %s: %s (unbind its interface's driver "
			"first)\n",
			node, strerror(errno));
		return 1;
	}
	memset(frame + NS_BUS_HDR_LEN, 0xff, 6);
	memcpy(frame + NS_BUS_HDR_LEN + 6, cp_mac, 6);
	/* usbfs copies what it sends at submission: one buffer does. */
	for (i = 0; i < USBTOOL_URBS && submitted < count; i++, submitted++) {
		f.seq = (__u16)submitted;
		ns_bus_seal(frame, &f);
		urbs[i] = (struct usbdevfs_urb){
			.type = USBDEVFS_URB_TYPE_BULK,
			.endpoint = ep_out,
			.buffer = frame,
			.buffer_length =
				(int)ns_bus_usb_xfer_len(sizeof(frame)),
		};
		if (ioctl(fd, USBDEVFS_SUBMITURB, &urbs[i]))
			goto fail;
	}
	while (done < count) {
		if (ioctl(fd, USBDEVFS_REAPURB, &reaped) || reaped->status)
			goto fail;
		done++;
		if (submitted < count) {
			f.seq = (__u16)submitted++;
			ns_bus_seal(frame, &f);
			if (ioctl(fd, USBDEVFS_SUBMITURB, reaped))
				goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	fprintf(stderr, "usbtool: pump: %llu of %llu frames: %s\n", done, count,
		strerror(errno));
	close(fd);
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: usbtool echo MOUNT | sink MOUNT N |\n"
			"       pump VID:PID N\n");
	return 2;
}

int main(int argc, char **argv)
{
	ns_log_init("usbtool", NS_LOG_COMMAND);
	if (argc == 3 && !strcmp(argv[1], "echo"))
		return device_end(argv[2], true, 0);
	if (argc == 4 && !strcmp(argv[1], "sink"))
		return device_end(argv[2], false, strtoull(argv[3], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "pump"))
		return pump(argv[2], strtoull(argv[3], NULL, 0));
	return usage();
}
