/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The co-processor's end of the USB transport (kernel/usb.c is the host's),
 * as a board with a USB device controller runs it: TinyUSB's vendor class
 * on an ESP32-S3, FunctionFS on a Linux board (userspace/lib/usbffs.c). No
 * vendor call: the board starts bulk IN transfers through struct
 * ns_usb_device_ops and reports each done, and hands over what its bulk
 * OUT endpoint received, in whatever pieces its stack delivers.
 *
 * The framing is bus.h's: one frame per transfer, padded by one byte when
 * its length is a multiple of NS_BUS_USB_PAD_UNIT, so that it ends with a
 * short packet. The interface descriptor and its two endpoints are made
 * here too, the same for every board and speed but the max packet size.
 */
#ifndef NETSPLIT_USB_DEVICE_H
#define NETSPLIT_USB_DEVICE_H

#include <netsplit/bus.h>

/* Frames for the host, in flight or waiting; the last few for control. */
#define NS_USB_DEVICE_QUEUE	   16
#define NS_USB_DEVICE_CTRL_RESERVE 4
/* A slot, rounded up for the DMA of a device controller. */
#define NS_USB_DEVICE_SLOT ((NS_BUS_USB_XFER_MAX + 3) & ~3u)
/* The interface, a bulk IN and a bulk OUT endpoint descriptor. */
#define NS_USB_DEVICE_DESC_LEN (9 + 7 + 7)

struct ns_usb_device_ops {
	void *ctx;
	/*
	 * Starts one bulk IN transfer of len bytes of buf, which stays as it
	 * is until ns_usb_device_sent(). 0, or -1 when it cannot now.
	 */
	int (*submit)(void *ctx, const __u8 *buf, __u32 len);
};

struct ns_usb_device_stats {
	__u32 frames_out, frames_in, queue_full, rx_too_long, submit_failed;
};

struct ns_usb_device {
	struct ns_usb_device_ops ops;
	unsigned int max_in_flight; /* transfers the board's stack takes */
	_Alignas(4) __u8 slot[NS_USB_DEVICE_QUEUE][NS_USB_DEVICE_SLOT];
	__u16 slot_len[NS_USB_DEVICE_QUEUE];
	unsigned int oldest, in_flight, queued; /* in flight, then waiting */
	bool configured;
	_Alignas(4) __u8 rx[NS_USB_DEVICE_SLOT];
	__u32 rx_len;
	bool rx_discard; /* the transfer was too long: until its end */
	struct ns_usb_device_stats stats;
};

/* Not configured yet: nothing is sent before ns_usb_device_configured(). */
void ns_usb_device_init(struct ns_usb_device *d,
			const struct ns_usb_device_ops *ops,
			unsigned int max_in_flight);
/*
 * The host configured the device (configured) or it went away, was reset
 * or unconfigured (not): either way, what was queued for it goes.
 */
void ns_usb_device_configured(struct ns_usb_device *d, bool configured);
/*
 * A bus frame for the host: queued, and started at once if the board takes
 * another transfer. 0, or -1 when there is no host or the queue is full
 * for its kind (network frames leave NS_USB_DEVICE_CTRL_RESERVE).
 */
int ns_usb_device_send(struct ns_usb_device *d, const __u8 *frame, __u32 len);
/* The oldest transfer in flight is done (sent or failed): the next goes. */
void ns_usb_device_sent(struct ns_usb_device *d);
/*
 * len bytes the bulk OUT endpoint received; ended: the transfer ended with
 * them (a read shorter than asked for: a short packet). Returns the frame
 * and its length in *frame_len when a transfer ended with one, else NULL;
 * it stays valid until the next call.
 */
const __u8 *ns_usb_device_received(struct ns_usb_device *d, const __u8 *data,
				   __u32 len, bool ended, __u32 *frame_len);
/*
 * Writes the interface descriptor (interface number itf, string index
 * str_index) and its bulk IN and OUT endpoints (addresses ep_in, ep_out,
 * max packet size maxp) into desc, NS_USB_DEVICE_DESC_LEN bytes.
 */
void ns_usb_device_descriptors(__u8 *desc, __u8 itf, __u8 str_index, __u8 ep_in,
			       __u8 ep_out, __u16 maxp);

#endif /* NETSPLIT_USB_DEVICE_H */
