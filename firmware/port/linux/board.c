// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplit-fw's board (firmware/board/mcu.h): the radio is the uplink's
 * packet socket, the bus the ethsta driver's /dev/espbus0 or else a host
 * link of its own (a veth or TAP), with --access-points a station
 * (radio.c), flash the state file, the wake line
 * wake_command, the UART the log; and what no MCU has, peers on sockets
 * (netsplitctl, and netsplitd without the bus).
 */
#include "busdev.h"
#include "fw.h"
#include "log.h"
#include "saved.h"

static int fw_board_uplink_send(void *ctx, const __u8 *frame, __u32 len)
{
	return fw_uplink_send(ctx, frame, len);
}

static int fw_board_bus_write(void *ctx, const __u8 *frame, __u32 len)
{
	struct fw *fw = ctx;

	if (fw->spi)
		return fw_spisim_write(&fw->spi_sim, frame, len);
	return ns_busdev_write(&fw->busdev, frame, len);
}

static int fw_board_host_send(void *ctx, const __u8 *frame, __u32 len)
{
	return fw_host_send(ctx, frame, len);
}

static int fw_board_send(void *ctx, int peer, const __u8 *buf, __u32 len)
{
	struct fw *fw = ctx;

	return ns_peers_write(&fw->peers, peer, buf, len);
}

static void fw_board_close(void *ctx, int peer)
{
	struct fw *fw = ctx;

	ns_peers_close(&fw->peers, peer);
}

static void fw_board_wake(void *ctx, __u8 reason, __u8 rule)
{
	struct fw *fw = ctx;

	ns_wake_cmd_run(&fw->wake, reason, rule);
}

static void fw_board_save(void *ctx, const struct ns_core_saved *saved)
{
	const struct fw *fw = ctx;

	ns_saved_store(fw->cfg.cp.state_file, fw->cfg.cp.uplink, saved);
}

static void fw_board_log(void *ctx, int level, const char *line)
{
	(void)ctx;
	ns_log(level, "%s", line);
}

void fw_board(struct fw *fw, struct ns_mcu_board *board)
{
	bool bus = fw->bus_fd >= 0;

	*board = (struct ns_mcu_board){
		.ctx = fw,
		.now = fw_now,
		.uplink_send = fw_board_uplink_send,
		.bus_write = bus ? fw_board_bus_write : NULL,
		.host_send = bus ? NULL : fw_board_host_send,
		.sta_connect = fw->access_points ? fw_radio_connect : NULL,
		.send = fw_board_send,
		.close = fw_board_close,
		.wake = fw_board_wake,
		.save = fw_board_save,
		.password = fw_password,
		.log = fw_board_log,
	};
}
