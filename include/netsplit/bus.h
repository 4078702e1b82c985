/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bus framing between the host driver and the co-processor, in the style of
 * ESP-Hosted: a 12-byte header, then the payload at the header's offset.
 * Shared by the ethsta driver, netsplit-cpd and the firmware; freestanding
 * (kernel, user space and BPF alike), all fields little-endian.
 *
 *   0  if_type (low 4 bits) | if_num (high 4 bits)
 *   1  flags
 *   2  payload length
 *   4  payload offset (from the start of the frame, >= 12)
 *   6  checksum: 16-bit sum of every byte of the frame, this field as 0
 *   8  sequence number (per direction, wraps)
 *  10  reserved (0)
 *  11  packet type of a private event
 *
 * Everything is checked before anything is read past the header: a frame
 * whose length, offset or checksum lies is refused with the reason, so the
 * receiver can count it by reason and drop it.
 *
 * The co-processor announces itself with an init event carrying its MAC;
 * the host's netdev exists from then on. Control frames carry the control
 * protocol as a byte stream, in order; MORE_FRAGMENTS marks a frame whose
 * write continues in the next one. From the host, a control frame with no
 * payload is a signal, never stream data:
 *   - flags 0: a new control stream begins (the host's control end was
 *     opened); the co-processor forgets any partial message;
 *   - CLOSE: the stream ends (its last user closed the host's control
 *     end): a host that said no goodbye is down, at once;
 *   - PS_START: the host is about to suspend; PS_STOP: it has resumed.
 */
#ifndef NETSPLIT_BUS_H
#define NETSPLIT_BUS_H

#include "types.h"

#define NS_BUS_HDR_LEN 12
/* An Ethernet frame of MTU 1500 with room for a VLAN tag. */
#define NS_BUS_PAYLOAD_MAX 1536
#define NS_BUS_FRAME_MAX   (NS_BUS_HDR_LEN + NS_BUS_PAYLOAD_MAX)

enum ns_bus_if_type {
	NS_BUS_IF_NETWORK = 0, /* Ethernet frames of the station */
	NS_BUS_IF_CONTROL = 1, /* the control protocol (proto.h), a stream */
	NS_BUS_IF_PRIV = 2,    /* events: init, link up/down */
	NS_BUS_IF_TYPES
};

enum ns_bus_flags {
	NS_BUS_F_MORE_FRAGMENTS = 0x01,
	NS_BUS_F_WAKEUP = 0x02,	  /* this frame woke the host */
	NS_BUS_F_PS_START = 0x04, /* the host goes to sleep */
	NS_BUS_F_PS_STOP = 0x08,  /* the host is awake again */
	NS_BUS_F_CLOSE = 0x10,	  /* the host's control stream ended */
	NS_BUS_F_ALL = 0x1f
};

/* Private events (if_type NS_BUS_IF_PRIV), in pkt_type. */
enum ns_bus_event {
	/*
	 * Payload: the co-processor's MAC (6 bytes), then on SPI its highest
	 * clock in Hz (4 bytes, little-endian), which the host keeps under.
	 */
	NS_BUS_EV_INIT = 1,
	NS_BUS_EV_LINK_UP = 2,
	NS_BUS_EV_LINK_DOWN = 3,
	NS_BUS_EVENTS
};

/* Why a frame was refused; 0 is a good frame. */
enum ns_bus_error {
	NS_BUS_OK = 0,
	NS_BUS_E_SHORT,	   /* shorter than the header */
	NS_BUS_E_OFFSET,   /* offset inside the header or past the frame */
	NS_BUS_E_LENGTH,   /* offset + length is not the frame's length */
	NS_BUS_E_TOO_LONG, /* payload over NS_BUS_PAYLOAD_MAX */
	NS_BUS_E_TYPE,	   /* unknown interface type or event */
	NS_BUS_E_FLAGS,	   /* unknown flag bits, or reserved not 0 */
	NS_BUS_E_CHECKSUM,
	NS_BUS_ERRORS
};

/* A function, not an array: a file that does not use it gets no copy. */
static inline const char *ns_bus_error_str(enum ns_bus_error e)
{
	static const char *const names[NS_BUS_ERRORS] = {
		[NS_BUS_OK] = "ok",
		[NS_BUS_E_SHORT] = "short",
		[NS_BUS_E_OFFSET] = "bad-offset",
		[NS_BUS_E_LENGTH] = "bad-length",
		[NS_BUS_E_TOO_LONG] = "too-long",
		[NS_BUS_E_TYPE] = "bad-type",
		[NS_BUS_E_FLAGS] = "bad-flags",
		[NS_BUS_E_CHECKSUM] = "bad-checksum",
	};

	return e < NS_BUS_ERRORS ? names[e] : "unknown";
}

/* A parsed header; payload is frame + offset. */
struct ns_bus_frame {
	__u8 if_type;
	__u8 if_num;
	__u8 flags;
	__u8 pkt_type;
	__u16 len;
	__u16 offset;
	__u16 seq;
};

static inline void ns_bus_put16(__u8 *p, __u16 v)
{
	p[0] = (__u8)v;
	p[1] = (__u8)(v >> 8);
}

static inline __u16 ns_bus_get16(const __u8 *p)
{
	return (__u16)(p[0] | p[1] << 8);
}

/* The sum of every byte of a frame, its checksum field counted as 0. */
static inline __u16 ns_bus_checksum(const __u8 *frame, __u32 frame_len)
{
	__u32 sum = 0, i;

	/* No test in the loop: the checksum field comes off afterwards. */
	for (i = 0; i < frame_len; i++)
		sum += frame[i];
	if (frame_len > 7)
		sum -= (__u32)frame[6] + frame[7];
	else if (frame_len > 6)
		sum -= frame[6];
	return (__u16)sum;
}

/*
 * Writes the header of a frame whose payload (f->len bytes) is already at
 * frame + NS_BUS_HDR_LEN, and its checksum. Returns the frame's length.
 */
static inline __u32 ns_bus_seal(__u8 *frame, const struct ns_bus_frame *f)
{
	__u32 frame_len = NS_BUS_HDR_LEN + f->len;

	frame[0] = (__u8)((f->if_type & 0x0f) | (f->if_num << 4));
	frame[1] = f->flags;
	ns_bus_put16(frame + 2, f->len);
	ns_bus_put16(frame + 4, NS_BUS_HDR_LEN);
	ns_bus_put16(frame + 6, 0);
	ns_bus_put16(frame + 8, f->seq);
	frame[10] = 0;
	frame[11] = f->pkt_type;
	ns_bus_put16(frame + 6, ns_bus_checksum(frame, frame_len));
	return frame_len;
}

/*
 * Seals a private event into frame, which has room for NS_BUS_HDR_LEN + 6
 * bytes: an init event carries mac, the others nothing. Returns the length.
 */
static inline __u32 ns_bus_seal_event(__u8 *frame, __u8 event, const __u8 *mac,
				      __u16 seq)
{
	struct ns_bus_frame f = {
		.if_type = NS_BUS_IF_PRIV, .pkt_type = event, .seq = seq};
	__u32 i;

	if (event == NS_BUS_EV_INIT)
		for (f.len = 6, i = 0; i < 6; i++)
			frame[NS_BUS_HDR_LEN + i] = mac[i];
	return ns_bus_seal(frame, &f);
}

/*
 * SPI: every transfer is NS_BUS_SPI_XFER_LEN bytes both ways and carries at
 * most one frame each way, from its first byte; a header of zeros is no
 * frame. Returns the length the frame's header claims (offset + length),
 * 0 for no frame; whether it is true is ns_bus_parse()'s to say.
 */
#define NS_BUS_SPI_XFER_LEN   1600
#define NS_BUS_INIT_CLOCK_LEN 10

static inline __u32 ns_bus_spi_frame_len(const __u8 *xfer)
{
	__u32 i;

	for (i = 0; i < NS_BUS_HDR_LEN; i++)
		if (xfer[i])
			return (__u32)ns_bus_get16(xfer + 4) +
			       ns_bus_get16(xfer + 2);
	return 0;
}

/*
 * USB: one vendor-specific interface (class 0xff, netsplit's subclass and
 * protocol below) with one bulk IN and one bulk OUT endpoint. Every bulk
 * transfer carries exactly one frame. A transfer must end with a short
 * packet, or the receiver's request would wait for (and merge with) the
 * next one: a frame whose length is a multiple of NS_BUS_USB_PAD_UNIT (64,
 * which divides every bulk max packet size at full, high and super speed:
 * 64, 512, 1024) goes with one zero byte after it, as usbnet pads, instead
 * of a zero-length packet, which not every device stack sends. The
 * receiver takes the frame's length from its header and drops the pad.
 *
 * The host's driver binds by its probe sending NS_BUS_USB_REQ_RESET (a
 * vendor request to the interface, no data stage): the co-processor
 * forgets what it queued and announces itself with an init event, as SPI's
 * reset line makes it do.
 */
#define NS_BUS_USB_CLASS     0xff
#define NS_BUS_USB_SUBCLASS  0x4e /* 'N' */
#define NS_BUS_USB_PROTOCOL  0x01
#define NS_BUS_USB_REQ_RESET 0x01
#define NS_BUS_USB_PAD_UNIT  64
#define NS_BUS_USB_XFER_MAX  (NS_BUS_FRAME_MAX + 1)
/* Full speed's bulk max packet size (the ESP32-S3's), high speed's. */
#define NS_BUS_USB_FS_MAXP 64
#define NS_BUS_USB_HS_MAXP 512
#define NS_BUS_USB_SS_MAXP 1024

/* How many bytes a frame of frame_len bytes takes on the bus. */
static inline __u32 ns_bus_usb_xfer_len(__u32 frame_len)
{
	return frame_len + (frame_len % NS_BUS_USB_PAD_UNIT == 0);
}

/*
 * The frame in a transfer of xfer_len bytes: its length without the pad
 * when its header says there is one, else xfer_len (for ns_bus_parse() to
 * judge).
 */
static inline __u32 ns_bus_usb_frame_len(const __u8 *xfer, __u32 xfer_len)
{
	__u32 claimed;

	if (xfer_len <= NS_BUS_HDR_LEN)
		return xfer_len;
	claimed = (__u32)ns_bus_get16(xfer + 4) + ns_bus_get16(xfer + 2);
	if (claimed + 1 == xfer_len && claimed % NS_BUS_USB_PAD_UNIT == 0)
		return claimed;
	return xfer_len;
}

/* Checks a whole frame of frame_len bytes and fills f from it. */
static inline enum ns_bus_error ns_bus_parse(const __u8 *frame, __u32 frame_len,
					     struct ns_bus_frame *f)
{
	if (frame_len < NS_BUS_HDR_LEN)
		return NS_BUS_E_SHORT;
	f->if_type = frame[0] & 0x0f;
	f->if_num = frame[0] >> 4;
	f->flags = frame[1];
	f->len = ns_bus_get16(frame + 2);
	f->offset = ns_bus_get16(frame + 4);
	f->seq = ns_bus_get16(frame + 8);
	f->pkt_type = frame[11];
	if (f->offset < NS_BUS_HDR_LEN || f->offset > frame_len)
		return NS_BUS_E_OFFSET;
	if ((__u32)f->offset + f->len != frame_len)
		return NS_BUS_E_LENGTH;
	if (f->len > NS_BUS_PAYLOAD_MAX)
		return NS_BUS_E_TOO_LONG;
	if (f->if_type >= NS_BUS_IF_TYPES ||
	    (f->if_type == NS_BUS_IF_PRIV &&
	     (!f->pkt_type || f->pkt_type >= NS_BUS_EVENTS)))
		return NS_BUS_E_TYPE;
	if ((f->flags & ~NS_BUS_F_ALL) || frame[10])
		return NS_BUS_E_FLAGS;
	if (ns_bus_get16(frame + 6) != ns_bus_checksum(frame, frame_len))
		return NS_BUS_E_CHECKSUM;
	return NS_BUS_OK;
}

#endif /* NETSPLIT_BUS_H */
