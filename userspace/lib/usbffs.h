/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The co-processor's end of the USB transport on a Linux board's USB device
 * controller, through FunctionFS (--bus usb-ffs:MOUNTPOINT of netsplit-fw
 * and netsplit-cpd): the firmware's portable end (usb_device.h) over the
 * function's endpoint files. Transfers go through Linux AIO, several in
 * flight each way, and an eventfd reports their completions; one epoll fd
 * over it and ep0 is all the program's loop polls.
 */
#ifndef NETSPLIT_USBFFS_H
#define NETSPLIT_USBFFS_H

#include <linux/aio_abi.h>
#include <stdbool.h>

#include "usb_device.h"

#define NS_USBFFS_PREFIX "usb-ffs:"
/* Reads posted on the OUT endpoint, as the host's driver posts its IN URBs. */
#define NS_USBFFS_RX 8
/* Writes in flight on the IN endpoint. */
#define NS_USBFFS_TX 8
/* A whole number of max packets at any speed: a read never overflows. */
#define NS_USBFFS_RX_BUF 2048

struct ns_usbffs_ops {
	void *ctx;
	/* A frame from the host, its pad taken off (ns_bus_parse() judges). */
	void (*frame)(void *ctx, const __u8 *frame, __u32 len);
	/* The host's driver bound (NS_BUS_USB_REQ_RESET): announce anew. */
	void (*reset)(void *ctx);
};

struct ns_usbffs {
	const char *dir;
	int ep0, ep_in, ep_out, event_fd;
	int fd; /* epoll over ep0 and event_fd: the one to poll */
	aio_context_t aio;
	struct ns_usbffs_ops ops;
	struct ns_usb_device dev;
	bool enabled;
	/* Completions of transfers posted before the last disable are old. */
	__u32 generation;
	struct iocb rx_iocb[NS_USBFFS_RX], tx_iocb[NS_USBFFS_TX];
	bool rx_posted[NS_USBFFS_RX];
	unsigned int tx_next;
	_Alignas(64) __u8 rx_buf[NS_USBFFS_RX][NS_USBFFS_RX_BUF];
};

/*
 * Writes the function's descriptors (full, high and super speed) and
 * strings to dir/ep0 and opens its two endpoints; the gadget may be bound
 * to a UDC from then on. 0, or -errno, said with what to check.
 */
int ns_usbffs_open(struct ns_usbffs *u, const char *dir,
		   const struct ns_usbffs_ops *ops);
/* What u->fd said: ep0's events and the transfers that completed. */
void ns_usbffs_process(struct ns_usbffs *u);
/* One bus frame to the host: 0, or -1 (no host, or the queue is full). */
int ns_usbffs_send(struct ns_usbffs *u, const __u8 *frame, __u32 len);
void ns_usbffs_close(struct ns_usbffs *u);

#endif /* NETSPLIT_USBFFS_H */
