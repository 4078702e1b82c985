/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The board API: the firmware (the core inside lwIP) as one object a
 * board drives, with the host at the other end of an ESP-Hosted-style bus
 * (include/netsplit/bus.h). The board gives the radio's transmit, the
 * bus's transmit, the wake line, flash, a clock and the storage; it hands
 * every received Wi-Fi frame to ns_mcu_uplink_frame(), every bus frame to
 * ns_mcu_bus_frame(), and calls ns_mcu_poll() in its loop. Everything
 * else stays here and in the layers below, which are built and tested on
 * every machine; a board is its vendor's calls alone. The boards: the
 * ESP-IDF application (firmware/port/esp-idf), qemu's rv32 virt board
 * (firmware/port/rv32), and netsplit-fw, the firmware as a Linux process
 * (firmware/port/linux), which adds peers on sockets and a host link that
 * may be an interface of its own.
 */
#ifndef NETSPLIT_MCU_H
#define NETSPLIT_MCU_H

#include "../lwip/glue.h"
#include "station.h"

/* How often the core's time-based work runs. */
#define NS_MCU_TICK_MS 100

struct ns_mcu_board {
	void *ctx;
	/* Milliseconds of a monotonic clock. */
	__u64 (*now)(void *ctx);
	/* A frame to the radio: 0, or -1 when it could not go. */
	int (*uplink_send)(void *ctx, const __u8 *frame, __u32 len);
	/* A bus frame to the host: 0, or -1 when it could not go. */
	int (*bus_write)(void *ctx, const __u8 *frame, __u32 len);
	/*
	 * Without a bus (bus_write NULL), a frame to the host on a link of
	 * its own, which the board relays to the radio the other way.
	 */
	int (*host_send)(void *ctx, const __u8 *frame, __u32 len);
	/*
	 * Control messages to a peer on a socket of the board's, and the
	 * end of its stream (ns_core_ops' send and close); NULL on an MCU,
	 * whose one peer is the host, on the bus.
	 */
	int (*send)(void *ctx, int peer, const __u8 *buf, __u32 len);
	void (*close)(void *ctx, int peer);
	/*
	 * The radio's station: start an attempt to associate (psk "": an
	 * open network), whose end the board reports with
	 * ns_mcu_sta_connected() or ns_mcu_sta_disconnected(), as it does
	 * a link lost later. 0, or -1 when no attempt could start. NULL: the
	 * uplink is no station (a wire); the host cannot set credentials.
	 */
	int (*sta_connect)(void *ctx, const char *ssid, const char *psk);
	/* Raise the host's wake line (reason and rule: for the log). */
	void (*wake)(void *ctx, __u8 reason, __u8 rule);
	/*
	 * Keep what the core saves (flash, readable by nothing else: the
	 * station's passphrase is in it); NULL: nothing survives a reset.
	 */
	void (*save)(void *ctx, const struct ns_core_saved *saved);
	/* The subscription's password by name; NULL: none kept. */
	int (*password)(void *ctx, const char *name, char *buf, size_t size);
	/* A line for the log (a UART). */
	void (*log)(void *ctx, int level, const char *line);
};

struct ns_mcu {
	struct ns_core core;
	struct ns_lwip lwip;
	struct ns_mcu_board board;
	struct ns_station sta; /* with board.sta_connect */
	__u64 next_tick;
};

/*
 * Starts the firmware: lwIP with the radio's mac and mtu, the core with the
 * board's storage for queue_slots woken frames and frag_slots fragments,
 * from saved (NULL: nothing) else the config's table, then the network.
 * A station connects with the saved credentials; its link is down until
 * it has.
 */
void ns_mcu_start(struct ns_mcu *mcu, const struct ns_mcu_board *board,
		  const __u8 mac[6], __u16 mtu,
		  const struct ns_core_settings *set,
		  struct ns_core_frame *queue, __u32 queue_slots,
		  struct ns_frag_slot *frags, __u32 frag_slots,
		  const struct ns_core_saved *saved,
		  const struct ns_rules *config);

/* A frame the radio received. */
void ns_mcu_uplink_frame(struct ns_mcu *mcu, const __u8 *frame, __u16 len);
/*
 * Credentials of the board's own (its menuconfig's), used while the host
 * has sent none.
 */
void ns_mcu_sta_default(struct ns_mcu *mcu, const char *ssid, const char *psk);
/*
 * The station associated, or failed to, or lost its access point: the
 * state goes to the host, lwIP's link follows (DHCP asks again when it is
 * back), and the next attempt waits its backoff.
 */
void ns_mcu_sta_connected(struct ns_mcu *mcu, const __u8 bssid[6], __s8 rssi);
void ns_mcu_sta_disconnected(struct ns_mcu *mcu, enum ns_sta_reason reason);
/* A frame from the host's bus. */
void ns_mcu_bus_frame(struct ns_mcu *mcu, const __u8 *frame, __u32 len);
/* The host's driver bound anew (USB's reset request): announce again. */
void ns_mcu_bus_attach(struct ns_mcu *mcu);
/*
 * The core's ticks, lwIP's timers and the station's attempts; returns the
 * milliseconds the board may sleep before the next call, unless a frame
 * or an event comes first.
 */
__u32 ns_mcu_poll(struct ns_mcu *mcu);

#endif /* NETSPLIT_MCU_H */
