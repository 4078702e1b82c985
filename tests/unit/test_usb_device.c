// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's USB end (firmware/transport/usb_device.c) against a
 * device stack that takes a bounded number of bulk IN transfers and
 * finishes them in order, and a host that sends transfers in the pieces a
 * stack hands over (whole, as FunctionFS reads them, or packet by packet,
 * as TinyUSB's unbuffered vendor class does). Every frame length goes out
 * padded exactly when it must (no transfer a multiple of 64 bytes) and
 * comes back whole; the queue keeps its reserve for control frames and
 * order; a transfer too long is dropped, the next one is not. Runs on
 * Linux and, in make rv32-check, on the rv32 target.
 */
#include <string.h>

#include "check.h"
#include "usb_device.h"

#define STACK_MAX 4

struct stack {
	const __u8 *buf[NS_USB_DEVICE_QUEUE];
	__u32 len[NS_USB_DEVICE_QUEUE];
	unsigned int head, n, refuse;
};

static int stack_submit(void *ctx, const __u8 *buf, __u32 len)
{
	struct stack *s = ctx;

	if (s->refuse || s->n == STACK_MAX)
		return -1;
	s->buf[(s->head + s->n) % NS_USB_DEVICE_QUEUE] = buf;
	s->len[(s->head + s->n) % NS_USB_DEVICE_QUEUE] = len;
	s->n++;
	return 0;
}

/* The oldest transfer goes to the host: its bytes into xfer. */
static __u32 stack_complete(struct stack *s, struct ns_usb_device *d,
			    __u8 *xfer)
{
	__u32 len = s->len[s->head];

	memcpy(xfer, s->buf[s->head], len);
	s->head = (s->head + 1) % NS_USB_DEVICE_QUEUE;
	s->n--;
	ns_usb_device_sent(d);
	return len;
}

static struct ns_usb_device dev;
static struct stack stack;

static void setup(unsigned int max_in_flight)
{
	const struct ns_usb_device_ops ops = {.ctx = &stack,
					      .submit = stack_submit};

	memset(&stack, 0, sizeof(stack));
	ns_usb_device_init(&dev, &ops, max_in_flight);
	ns_usb_device_configured(&dev, true);
}

static __u32 make_frame(__u8 *frame, __u8 if_type, __u16 payload, __u16 seq)
{
	struct ns_bus_frame f = {
		.if_type = if_type, .len = payload, .seq = seq};
	__u16 i;

	for (i = 0; i < payload; i++)
		frame[NS_BUS_HDR_LEN + i] = (__u8)(i * 7 + seq);
	return ns_bus_seal(frame, &f);
}

static void test_unconfigured(void)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	__u32 len;

	setup(STACK_MAX);
	ns_usb_device_configured(&dev, false);
	len = make_frame(frame, NS_BUS_IF_CONTROL, 10, 0);
	CHECK(ns_usb_device_send(&dev, frame, len) == -1 && !stack.n,
	      "nothing goes to a host that did not configure the device");
}

/* Every frame length there is: out padded when it must be, back whole. */
static void test_every_length(void)
{
	static __u8 frame[NS_BUS_FRAME_MAX], xfer[NS_USB_DEVICE_SLOT];
	unsigned int bad = 0, padded = 0;
	struct ns_bus_frame f;
	__u32 len, xfer_len;
	__u16 payload;

	setup(STACK_MAX);
	for (payload = 0; payload <= NS_BUS_PAYLOAD_MAX; payload++) {
		len = make_frame(frame, NS_BUS_IF_NETWORK, payload, payload);
		if (ns_usb_device_send(&dev, frame, len)) {
			bad++;
			continue;
		}
		xfer_len = stack_complete(&stack, &dev, xfer);
		padded += xfer_len == len + 1;
		if (xfer_len % NS_BUS_USB_PAD_UNIT == 0 ||
		    xfer_len != len + (len % NS_BUS_USB_PAD_UNIT == 0) ||
		    ns_bus_usb_frame_len(xfer, xfer_len) != len ||
		    memcmp(xfer, frame, len) ||
		    ns_bus_parse(xfer, ns_bus_usb_frame_len(xfer, xfer_len),
				 &f))
			bad++;
	}
	CHECK(!bad, "%u frame lengths went out wrong", bad);
	CHECK(padded == (NS_BUS_FRAME_MAX / 64) - (NS_BUS_HDR_LEN / 64),
	      "padded exactly the lengths that are multiples of 64: %u",
	      padded);
	CHECK(dev.stats.frames_out == NS_BUS_PAYLOAD_MAX + 1, "frames_out %u",
	      dev.stats.frames_out);
}

/* No more in flight than the stack takes; the rest in order after. */
static void test_in_flight_and_order(void)
{
	__u8 frame[NS_BUS_FRAME_MAX], xfer[NS_USB_DEVICE_SLOT];
	unsigned int i, out_of_order = 0;
	struct ns_bus_frame f;
	__u32 len;

	setup(2);
	for (i = 0; i < 10; i++) {
		len = make_frame(frame, NS_BUS_IF_NETWORK, 100, (__u16)i);
		CHECK(!ns_usb_device_send(&dev, frame, len), "frame %u taken",
		      i);
	}
	CHECK(stack.n == 2 && dev.in_flight == 2 && dev.queued == 8,
	      "2 in flight as the device allows, 8 waiting: %u %u", stack.n,
	      dev.queued);
	for (i = 0; i < 10; i++) {
		len = stack_complete(&stack, &dev, xfer);
		if (ns_bus_parse(xfer, len, &f) || f.seq != i)
			out_of_order++;
	}
	CHECK(!out_of_order && !stack.n && !dev.in_flight && !dev.queued,
	      "all ten went, in order (%u out of order)", out_of_order);
}

/* Network frames stop short of the control frames' reserve. */
static void test_reserve(void)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	unsigned int taken = 0, i;
	__u32 len;

	setup(STACK_MAX);
	stack.refuse = 1;
	len = make_frame(frame, NS_BUS_IF_NETWORK, 60, 0);
	for (i = 0; i < NS_USB_DEVICE_QUEUE; i++)
		taken += !ns_usb_device_send(&dev, frame, len);
	CHECK(taken == NS_USB_DEVICE_QUEUE - NS_USB_DEVICE_CTRL_RESERVE,
	      "network frames took %u places", taken);
	CHECK(dev.stats.submit_failed && dev.stats.queue_full,
	      "a refused submission and a full queue are counted");
	len = make_frame(frame, NS_BUS_IF_CONTROL, 60, 1);
	for (i = 0; i < NS_USB_DEVICE_CTRL_RESERVE; i++)
		CHECK(!ns_usb_device_send(&dev, frame, len),
		      "control frame %u in the reserve", i);
	CHECK(ns_usb_device_send(&dev, frame, len) == -1,
	      "and no more than the queue");
	stack.refuse = 0;
	ns_usb_device_configured(&dev, true);
	CHECK(!dev.queued && !dev.in_flight, "a new configuration drops them");
}

/* deliver_packets: the transfer in pieces of maxp; its last one short. */
static const __u8 *deliver(const __u8 *xfer, __u32 len, __u32 piece,
			   __u32 *frame_len)
{
	const __u8 *frame = 0;
	__u32 off = 0, n;

	do {
		n = len - off < piece ? len - off : piece;
		frame = ns_usb_device_received(&dev, xfer + off, n, n < piece,
					       frame_len);
		off += n;
	} while (n == piece);
	return frame;
}

static void test_receive(void)
{
	static __u8 frame[NS_BUS_FRAME_MAX + 1], big[NS_USB_DEVICE_SLOT + 64];
	unsigned int bad_whole = 0, bad_packets = 0;
	const __u8 *got;
	__u32 len, xfer_len, frame_len;
	__u16 payload;

	setup(STACK_MAX);
	for (payload = 0; payload <= NS_BUS_PAYLOAD_MAX; payload++) {
		len = make_frame(frame, NS_BUS_IF_NETWORK, payload, payload);
		xfer_len = ns_bus_usb_xfer_len(len);
		frame[len] = 0;
		got = deliver(frame, xfer_len, 2048, &frame_len);
		if (!got || frame_len != len || memcmp(got, frame, len))
			bad_whole++;
		got = deliver(frame, xfer_len, NS_BUS_USB_FS_MAXP, &frame_len);
		if (!got || frame_len != len || memcmp(got, frame, len))
			bad_packets++;
	}
	CHECK(!bad_whole, "%u transfers read whole came wrong", bad_whole);
	CHECK(!bad_packets, "%u transfers read by packet came wrong",
	      bad_packets);

	memset(big, 0x5a, sizeof(big));
	got = deliver(big, sizeof(big) - 1, NS_BUS_USB_FS_MAXP, &frame_len);
	CHECK(!got && dev.stats.rx_too_long == 1,
	      "a transfer longer than a frame is dropped and counted");
	len = make_frame(frame, NS_BUS_IF_CONTROL, 5, 9);
	got = deliver(frame, len, NS_BUS_USB_FS_MAXP, &frame_len);
	CHECK(got && frame_len == len && !memcmp(got, frame, len),
	      "the next transfer comes whole");
}

static void test_frame_len(void)
{
	__u8 frame[NS_BUS_FRAME_MAX + 1] = {0};
	__u32 len = make_frame(frame, NS_BUS_IF_NETWORK, 52, 0);

	CHECK(len == 64 && ns_bus_usb_frame_len(frame, 65) == 64,
	      "a 64-byte frame's pad comes off");
	len = make_frame(frame, NS_BUS_IF_NETWORK, 53, 0);
	CHECK(ns_bus_usb_frame_len(frame, len + 1) == len + 1,
	      "a byte after a frame that needs no pad stays, for the parser to "
	      "refuse");
	CHECK(ns_bus_usb_frame_len(frame, 5) == 5,
	      "a short transfer is as it is");
}

static void test_descriptors(void)
{
	static const __u8 want[NS_USB_DEVICE_DESC_LEN] = {
		9, 4,	 3,    0, 2, 0xff, 0x4e, 0x01, 5,    7,	   5, 0x81,
		2, 0x00, 0x02, 0, 7, 5,	   0x02, 2,    0x00, 0x02, 0};
	__u8 desc[NS_USB_DEVICE_DESC_LEN];

	ns_usb_device_descriptors(desc, 3, 5, 0x81, 0x02, NS_BUS_USB_HS_MAXP);
	CHECK(!memcmp(desc, want, sizeof(want)),
	      "interface (vendor class, netsplit's subclass and protocol) and "
	      "two bulk endpoints");
}

int main(void)
{
	test_unconfigured();
	test_every_length();
	test_in_flight_and_order();
	test_reserve();
	test_receive();
	test_frame_len();
	test_descriptors();
	return check_report();
}
