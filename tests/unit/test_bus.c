// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bus framing: good frames of every type and flag go through; a frame that
 * lies in any field, or is cut anywhere, is refused with the right reason
 * and nothing is read past it (ASan watches every parse of a frame that
 * sits at the very end of its own allocation).
 */
#include <stdlib.h>
#include <string.h>

#include <netsplit/bus.h>

#include "check.h"

/* A frame copied into an allocation of exactly its length. */
static enum ns_bus_error parse_exact(const __u8 *frame, __u32 len,
				     struct ns_bus_frame *f)
{
	__u8 *copy = malloc(len ? len : 1);
	enum ns_bus_error err;

	memcpy(copy, frame, len);
	err = ns_bus_parse(copy, len, f);
	free(copy);
	return err;
}

static __u32 make(__u8 *frame, __u8 if_type, __u8 flags, __u8 pkt_type,
		  __u16 len, __u16 seq)
{
	struct ns_bus_frame f = {.if_type = if_type,
				 .flags = flags,
				 .pkt_type = pkt_type,
				 .len = len,
				 .seq = seq};
	__u16 i;

	for (i = 0; i < len; i++)
		frame[NS_BUS_HDR_LEN + i] = (__u8)(i * 7 + seq);
	return ns_bus_seal(frame, &f);
}

static void test_good_frames(void)
{
	static const __u16 lens[] = {0, 1, 6, 60, 1514, NS_BUS_PAYLOAD_MAX};
	__u8 frame[NS_BUS_FRAME_MAX];
	struct ns_bus_frame f;
	__u32 n, i, flags;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		n = make(frame, NS_BUS_IF_NETWORK, 0, 0, lens[i], 40000);
		CHECK(n == (__u32)(NS_BUS_HDR_LEN + lens[i]), "length %u",
		      lens[i]);
		CHECK(parse_exact(frame, n, &f) == NS_BUS_OK &&
			      f.len == lens[i] && f.offset == NS_BUS_HDR_LEN &&
			      f.seq == 40000 && f.if_type == NS_BUS_IF_NETWORK,
		      "network frame of %u bytes", lens[i]);
	}
	for (flags = 0; flags <= NS_BUS_F_ALL; flags++) {
		n = make(frame, NS_BUS_IF_CONTROL, (__u8)flags, 0, 20, 1);
		CHECK(parse_exact(frame, n, &f) == NS_BUS_OK &&
			      f.flags == flags,
		      "control frame with flags 0x%x", flags);
	}
	for (i = 1; i < NS_BUS_EVENTS; i++) {
		n = make(frame, NS_BUS_IF_PRIV, 0, (__u8)i, 6, 2);
		CHECK(parse_exact(frame, n, &f) == NS_BUS_OK && f.pkt_type == i,
		      "event %u", i);
	}
	/* A payload further in, as a transport with alignment may send. */
	n = make(frame, NS_BUS_IF_NETWORK, 0, 0, 10, 3);
	memmove(frame + 16, frame + NS_BUS_HDR_LEN, 10);
	ns_bus_put16(frame + 4, 16);
	ns_bus_put16(frame + 6, ns_bus_checksum(frame, 26));
	CHECK(parse_exact(frame, 26, &f) == NS_BUS_OK && f.offset == 16,
	      "payload at offset 16");
}

static void expect(const __u8 *frame, __u32 len, enum ns_bus_error want,
		   const char *what)
{
	struct ns_bus_frame f;
	enum ns_bus_error got = parse_exact(frame, len, &f);

	CHECK(got == want, "%s: %s, expected %s", what, ns_bus_error_str(got),
	      ns_bus_error_str(want));
}

/* Sets a 16-bit field and makes the checksum right again. */
static void set_field(__u8 *frame, __u32 len, unsigned int at, __u16 v)
{
	ns_bus_put16(frame + at, v);
	ns_bus_put16(frame + 6, ns_bus_checksum(frame, len));
}

static void test_lies(void)
{
	__u8 good[NS_BUS_FRAME_MAX + 1], frame[NS_BUS_FRAME_MAX + 1];
	__u32 n = make(good, NS_BUS_IF_NETWORK, 0, 0, 100, 9), cut, i;

	for (cut = 0; cut < n; cut++)
		expect(good, cut,
		       cut < NS_BUS_HDR_LEN ? NS_BUS_E_SHORT : NS_BUS_E_LENGTH,
		       "a frame cut short");
	memcpy(frame, good, n);
	set_field(frame, n, 2, 101);
	expect(frame, n, NS_BUS_E_LENGTH, "length one too long");
	set_field(frame, n, 2, 99);
	expect(frame, n, NS_BUS_E_LENGTH, "length one too short");
	set_field(frame, n, 2, 0xffff);
	expect(frame, n, NS_BUS_E_LENGTH, "length 65535");
	memcpy(frame, good, n);
	set_field(frame, n, 4, 11);
	expect(frame, n, NS_BUS_E_OFFSET, "offset inside the header");
	set_field(frame, n, 4, 0);
	expect(frame, n, NS_BUS_E_OFFSET, "offset 0");
	set_field(frame, n, 4, (__u16)(n + 1));
	expect(frame, n, NS_BUS_E_OFFSET, "offset past the frame");
	set_field(frame, n, 4, 0xffff);
	expect(frame, n, NS_BUS_E_OFFSET, "offset 65535");

	n = make(good, NS_BUS_IF_NETWORK, 0, 0, NS_BUS_PAYLOAD_MAX, 9);
	memcpy(frame, good, n);
	frame[n] = 0;
	set_field(frame, n + 1, 2, NS_BUS_PAYLOAD_MAX + 1);
	expect(frame, n + 1, NS_BUS_E_TOO_LONG, "payload one over the maximum");

	n = make(good, NS_BUS_IF_NETWORK, 0, 0, 100, 9);
	memcpy(frame, good, n);
	frame[0] = NS_BUS_IF_TYPES;
	set_field(frame, n, 8, 9);
	expect(frame, n, NS_BUS_E_TYPE, "unknown interface type");
	memcpy(frame, good, n);
	frame[0] = NS_BUS_IF_PRIV;
	set_field(frame, n, 8, 9);
	expect(frame, n, NS_BUS_E_TYPE, "event type 0");
	frame[11] = NS_BUS_EVENTS;
	set_field(frame, n, 8, 9);
	expect(frame, n, NS_BUS_E_TYPE, "unknown event");
	memcpy(frame, good, n);
	frame[1] = NS_BUS_F_ALL + 1;
	set_field(frame, n, 8, 9);
	expect(frame, n, NS_BUS_E_FLAGS, "unknown flag");
	memcpy(frame, good, n);
	frame[10] = 1;
	set_field(frame, n, 8, 9);
	expect(frame, n, NS_BUS_E_FLAGS, "reserved byte set");

	/* Bytes 0-5 and 10 are refused for their own field first. */
	for (i = 6; i < n; i++) {
		if (i == 10)
			continue;
		memcpy(frame, good, n);
		frame[i] ^= (__u8)(1 << (i % 8));
		expect(frame, n, NS_BUS_E_CHECKSUM, "one bit flipped");
	}
}

/* Random frames: whatever they say, parsing stays inside them. */
static void test_random(void)
{
	__u8 frame[NS_BUS_FRAME_MAX + 16];
	struct ns_bus_frame f;
	unsigned int round, accepted = 0;
	__u32 len, i;

	srand(4);
	for (round = 0; round < 100000; round++) {
		len = (__u32)rand() % sizeof(frame);
		for (i = 0; i < len; i++)
			frame[i] = (__u8)rand();
		if (round % 2) {
			/* Mostly well-formed, so the later checks are reached.
			 */
			len = make(frame, (__u8)(rand() % 3), 0, 1,
				   (__u16)(rand() % 200), (__u16)round);
			frame[rand() % len] ^= (__u8)(1 << (rand() % 8));
		}
		if (parse_exact(frame, len, &f) == NS_BUS_OK) {
			accepted++;
			CHECK(f.offset + f.len == len &&
				      f.offset >= NS_BUS_HDR_LEN,
			      "an accepted frame is self-consistent");
		}
	}
	CHECK(accepted < 1000, "%u random frames accepted", accepted);
}

int main(void)
{
	test_good_frames();
	test_lies();
	test_random();
	return check_report();
}
