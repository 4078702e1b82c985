// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bus framing (include/netsplit/bus.h): any bytes are parsed; a frame
 * that passes is sealed again from what was parsed and parses the same,
 * with the same payload. The SPI and USB length helpers never claim more
 * than they were given (USB) or read past a header (SPI).
 */
#include <string.h>

#include <netsplit/bus.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static __u8 frame[NS_BUS_FRAME_MAX];
	struct ns_bus_frame f, again;
	enum ns_bus_error err;
	__u32 len;

	if (size > NS_BUS_USB_XFER_MAX)
		return 0;
	FUZZ_ASSERT(ns_bus_usb_frame_len(data, (__u32)size) <= size,
		    "the USB frame is longer than its transfer");
	if (size >= NS_BUS_HDR_LEN)
		ns_bus_spi_frame_len(data);
	err = ns_bus_parse(data, (__u32)size, &f);
	FUZZ_ASSERT(err < NS_BUS_ERRORS, "error %d out of range", err);
	if (err)
		return 0;
	FUZZ_ASSERT(f.offset >= NS_BUS_HDR_LEN && f.offset + f.len == size &&
			    f.len <= NS_BUS_PAYLOAD_MAX,
		    "a frame that lies passed");
	memcpy(frame + NS_BUS_HDR_LEN, data + f.offset, f.len);
	len = ns_bus_seal(frame, &f);
	FUZZ_ASSERT(len == NS_BUS_HDR_LEN + f.len, "sealed to %u bytes", len);
	err = ns_bus_parse(frame, len, &again);
	FUZZ_ASSERT(!err, "resealed, it is refused: %s", ns_bus_error_str(err));
	FUZZ_ASSERT(again.if_type == f.if_type && again.if_num == f.if_num &&
			    again.flags == f.flags &&
			    again.pkt_type == f.pkt_type &&
			    again.len == f.len && again.seq == f.seq,
		    "resealed, it says something else");
	FUZZ_ASSERT(!memcmp(frame + again.offset, data + f.offset, f.len),
		    "resealed, its payload changed");
	return 0;
}
