// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware's entry points on the target, as a board calls them: a host
 * on the bus says hello and asks for the status, a frame comes from the
 * radio, the loop runs. Run before any corpus.
 */
#include <stdio.h>
#include <string.h>

#include <netsplit/proto.h>

#include "board.h"
#include "session.h"

/* Frames a message from the host into one control frame on the bus. */
static void session_send(const struct ns_msg *m)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	struct ns_bus_frame f = { .if_type = NS_BUS_IF_CONTROL };
	int n = ns_msg_encode(m, frame + NS_BUS_HDR_LEN, NS_BUS_PAYLOAD_MAX);

	if (n < 0)
		return;
	f.len = (__u16)n;
	ns_mcu_bus_frame(&rv32_fw, frame, ns_bus_seal(frame, &f));
}

/* The last bus frame, a whole reply of type: 0, else -1. */
static int session_reply(__u8 type, struct ns_msg *m)
{
	struct ns_bus_frame f;

	if (ns_bus_parse(rv32_counts.bus_frame, rv32_counts.bus_len, &f) ||
	    f.if_type != NS_BUS_IF_CONTROL ||
	    ns_msg_decode(rv32_counts.bus_frame + f.offset, f.len, m))
		return -1;
	return m->type == type && (m->flags & NS_MSG_F_REPLY) ? 0 : -1;
}

/* A broadcast ARP request, who-has 192.0.2.1. */
static __u32 session_arp(__u8 *f)
{
	static const __u8 arp[42] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x01,
		0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1,
		0x02, 0, 0, 0, 0, 0x01, 192, 0, 2, 9,
		0, 0, 0, 0, 0, 0, 192, 0, 2, 1,
	};

	memcpy(f, arp, sizeof(arp));
	return sizeof(arp);
}

int rv32_session(void)
{
	struct ns_msg m = { .type = NS_MSG_HELLO, .request_id = 1,
			    .role = NS_ROLE_HOST, .caps = NS_CAP_ALL,
			    .heartbeat_ms = 1000,
			    .fields = NS_FIELD(NS_TLV_ROLE) |
				      NS_FIELD(NS_TLV_CAPS) |
				      NS_FIELD(NS_TLV_HEARTBEAT_MS) };
	struct ns_result res;
	__u8 frame[64];
	__u32 len, bus;

	session_send(&m);
	if (session_reply(NS_MSG_HELLO, &m) || rv32_fw.core.host < 0) {
		printf("rv32 session: no answer to the host's hello on the bus\n");
		return 1;
	}
	m = (struct ns_msg){ .type = NS_MSG_GET_STATUS, .request_id = 2 };
	session_send(&m);
	if (session_reply(NS_MSG_GET_STATUS, &m) ||
	    memcmp(m.status.mac, rv32_fw.lwip.netif.hwaddr, 6)) {
		printf("rv32 session: get-status is not answered with the radio's MAC\n");
		return 1;
	}
	len = session_arp(frame);
	ns_core_classify(&rv32_fw.core, frame, len, &res);
	bus = rv32_counts.bus;
	ns_mcu_uplink_frame(&rv32_fw, frame, (__u16)len);
	if ((rv32_counts.bus > bus) !=
	    (res.dest == NS_DEST_HOST || res.dest == NS_DEST_BOTH)) {
		printf("rv32 session: a frame from the radio for %s did not go where its verdict says\n",
		       ns_dest_name[res.dest]);
		return 1;
	}
	if (ns_mcu_poll(&rv32_fw) > NS_MCU_TICK_MS) {
		printf("rv32 session: the loop would sleep past the next tick\n");
		return 1;
	}
	printf("rv32 session: hello and status over the bus, a %s frame from the radio, the loop: ok\n",
	       ns_dest_name[res.dest]);
	return 0;
}
