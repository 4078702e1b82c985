/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netsplit-fw: the co-processor's firmware as a Linux process, the way
 * ESP-IDF's linux target runs firmware on a PC. The firmware is the board
 * API's (firmware/board/mcu.h: the core inside lwIP), as on an ESP32; these
 * files are the board, what an MCU's drivers would be: the uplink is a
 * packet socket on an interface with no address of Linux's (lwIP owns the
 * shared address), the host link a packet socket on a veth or TAP, or the
 * ethsta driver's bus; the wake GPIO is wake_command; flash is the state
 * file; with --access-points the uplink is a Wi-Fi station (radio.c).
 * main.c runs the loop and gives the board (board.c); no other file
 * calls those two.
 */
#ifndef NETSPLIT_FW_H
#define NETSPLIT_FW_H

#include <stdbool.h>

#include "busdev.h"
#include "config.h"
#include "mcu.h"
#include "peers.h"
#include "spisim.h"
#include "wakecmd.h"

/* Frames read per wakeup of a descriptor, so that none starves another. */
#define FW_BATCH 64

/* How the radio's attempt under way will end. */
enum fw_radio_result {
	FW_RADIO_IDLE,
	FW_RADIO_ASSOCIATED,
	FW_RADIO_REFUSED, /* the passphrase */
	FW_RADIO_NO_AP,
};

struct fw_radio {
	enum fw_radio_result result;
	__u64 due; /* when it ends */
	__u8 bssid[6];
	__s8 rssi;
};

struct fw {
	struct ns_config cfg;
	const char *config_path;
	const char *console_path; /* --console; NULL: none */
	__u16 iperf_port;	  /* --iperf; 0: none */
	const char *access_points; /* --access-points; NULL: a wire */
	struct fw_radio radio;
	struct ns_mcu mcu;	  /* the firmware: the core inside lwIP */
	struct ns_core_frame *queue; /* the core's wake queue */
	struct ns_frag_slot *frags;  /* the core's fragment table */

	int uplink_fd; /* a packet socket on the uplink */
	__u32 uplink_drops;  /* frames its ring had no room for, so far */
	__u64 next_drops_ms; /* when to ask the kernel again */
	__u8 mac[6];
	__u16 mtu;
	int host_fd; /* a packet socket on the host link, without --bus */
	int bus_fd;  /* with --bus: busdev's fd, or spi_sim's */
	struct ns_busdev busdev; /* --bus DEVICE or usb-ffs:MOUNTPOINT */
	bool spi;		 /* --bus spi-sim:DEVICE */
	struct fw_spisim spi_sim;
	bool rebooting; /* the host pulsed the reset line */
	bool oversized_said, uplink_send_said, host_send_said;

	struct ns_peers peers;
	int console_fd, signal_fd;
	struct ns_wake_cmd wake;
	bool stopping;
};

/* packet.c */
/*
 * A packet socket for every frame of interface name (what it is, for the
 * messages) but ours, with IPv6 off on it so Linux's stack says nothing
 * there; hint says how to name another. The fd, or -errno, said.
 */
int fw_packet_link(const char *name, const char *what, const char *hint,
		   bool allmulti);
/* A frame out of fd: 0, or -1 with why said once (*said). */
int fw_packet_send(int fd, const char *name, const __u8 *frame, __u32 len,
		   bool *said);
/* Reads up to FW_BATCH frames of fd; each one that fits goes to deliver. */
int fw_packet_receive(struct fw *fw, int fd, const char *name,
		      void (*deliver)(struct fw *fw, const __u8 *frame,
				      __u16 len));

/* uplink.c */
int fw_uplink_open(struct fw *fw);
void fw_uplink_receive(struct fw *fw);
void fw_uplink_count_drops(struct fw *fw, __u64 now);
int fw_uplink_send(struct fw *fw, const __u8 *frame, __u32 len);

/* hostlink.c: the host link, a link or the bus. */
int fw_host_open(struct fw *fw);
void fw_host_receive(struct fw *fw);
int fw_host_send(struct fw *fw, const __u8 *frame, __u32 len);
void fw_host_close(struct fw *fw);

/* console.c: a line of text per connection, e.g. "iperf 5001". */
int fw_console_open(struct fw *fw);
void fw_console_serve(struct fw *fw);
void fw_console_close(struct fw *fw);

/* sys.c: lwIP's clock and randomness, the subscription's password. */
__u64 fw_now(void *ctx);
int fw_password(void *ctx, const char *name, char *buf, size_t size);

/* radio.c: the uplink as a station, with --access-points. */
/* The board's sta_connect: an attempt, ended by fw_radio_poll(). */
int fw_radio_connect(void *ctx, const char *ssid, const char *psk);
/* Ends an attempt that is due; the ms until one is, or -1: none. */
int fw_radio_poll(struct fw *fw);
/* Whether the uplink carries frames: a wire, or an associated station. */
bool fw_radio_associated(const struct fw *fw);

/* board.c: netsplit-fw as the board API's board. */
void fw_board(struct fw *fw, struct ns_mcu_board *board);

#endif /* NETSPLIT_FW_H */
