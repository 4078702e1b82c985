// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The co-processor's end of the USB transport (usb_device.h): a ring of
 * frames for the host, the oldest max_in_flight of them handed to the
 * board's stack, and the host's frames put back together from what the
 * bulk OUT endpoint delivers.
 */
#include "usb_device.h"

void ns_usb_device_init(struct ns_usb_device *d,
			const struct ns_usb_device_ops *ops,
			unsigned int max_in_flight)
{
	__builtin_memset(d, 0, sizeof(*d));
	d->ops = *ops;
	d->max_in_flight = max_in_flight < 1 ? 1
			   : max_in_flight > NS_USB_DEVICE_QUEUE
				   ? NS_USB_DEVICE_QUEUE
				   : max_in_flight;
}

void ns_usb_device_configured(struct ns_usb_device *d, bool configured)
{
	d->configured = configured;
	d->oldest = d->in_flight = d->queued = 0;
	d->rx_len = 0;
	d->rx_discard = false;
}

/* Hands the board what waits, as far as it takes transfers. */
static void ns_usb_device_start(struct ns_usb_device *d)
{
	unsigned int slot;

	while (d->queued && d->in_flight < d->max_in_flight) {
		slot = (d->oldest + d->in_flight) % NS_USB_DEVICE_QUEUE;
		if (d->ops.submit(d->ops.ctx, d->slot[slot],
				  d->slot_len[slot])) {
			d->stats.submit_failed++;
			return;
		}
		d->in_flight++;
		d->queued--;
	}
}

int ns_usb_device_send(struct ns_usb_device *d, const __u8 *frame, __u32 len)
{
	unsigned int limit = NS_USB_DEVICE_QUEUE, slot;
	__u32 xfer_len = ns_bus_usb_xfer_len(len);

	if (!d->configured || len > NS_BUS_FRAME_MAX || !len)
		return -1;
	if ((frame[0] & 0x0f) == NS_BUS_IF_NETWORK)
		limit -= NS_USB_DEVICE_CTRL_RESERVE;
	if (d->in_flight + d->queued >= limit) {
		d->stats.queue_full++;
		return -1;
	}
	slot = (d->oldest + d->in_flight + d->queued) % NS_USB_DEVICE_QUEUE;
	__builtin_memcpy(d->slot[slot], frame, len);
	d->slot[slot][len] = 0;
	d->slot_len[slot] = (__u16)xfer_len;
	d->queued++;
	d->stats.frames_out++;
	ns_usb_device_start(d);
	return 0;
}

void ns_usb_device_sent(struct ns_usb_device *d)
{
	if (!d->in_flight)
		return;
	d->oldest = (d->oldest + 1) % NS_USB_DEVICE_QUEUE;
	d->in_flight--;
	ns_usb_device_start(d);
}

const __u8 *ns_usb_device_received(struct ns_usb_device *d, const __u8 *data,
				   __u32 len, bool ended, __u32 *frame_len)
{
	const __u8 *frame = 0;

	if (!d->rx_discard && d->rx_len + len > sizeof(d->rx)) {
		d->stats.rx_too_long++;
		d->rx_discard = true;
	}
	if (!d->rx_discard) {
		__builtin_memcpy(d->rx + d->rx_len, data, len);
		d->rx_len += len;
	}
	if (!ended)
		return 0;
	if (!d->rx_discard && d->rx_len) {
		*frame_len = ns_bus_usb_frame_len(d->rx, d->rx_len);
		frame = d->rx;
		d->stats.frames_in++;
	}
	d->rx_len = 0;
	d->rx_discard = false;
	return frame;
}

void ns_usb_device_descriptors(__u8 *desc, __u8 itf, __u8 str_index, __u8 ep_in,
			       __u8 ep_out, __u16 maxp)
{
	static const __u8 interface[9] = {9,
					  0x04,
					  0,
					  0,
					  2,
					  NS_BUS_USB_CLASS,
					  NS_BUS_USB_SUBCLASS,
					  NS_BUS_USB_PROTOCOL,
					  0};
	__u8 *ep = desc + sizeof(interface);
	unsigned int i;

	__builtin_memcpy(desc, interface, sizeof(interface));
	desc[2] = itf;
	desc[8] = str_index;
	for (i = 0; i < 2; i++, ep += 7) {
		ep[0] = 7;
		ep[1] = 0x05;		    /* endpoint */
		ep[2] = i ? ep_out : ep_in; /* 0x80 set for IN */
		ep[3] = 0x02;		    /* bulk */
		ep[4] = (__u8)maxp;
		ep[5] = (__u8)(maxp >> 8);
		ep[6] = 0;
	}
}
