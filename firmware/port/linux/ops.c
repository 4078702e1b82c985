// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's operations in netsplit-fw: frames to lwIP, the host link and
 * the uplink; questions about sockets and the table to lwIP (the glue);
 * peers on sockets; the state file for flash; wake_command for the GPIO.
 * And the glue's: the uplink, the clock, the password.
 */
#include "busdev.h"
#include "fw.h"
#include "log.h"
#include "saved.h"

static int fw_op_send(void *ctx, int peer, const __u8 *buf, __u32 len)
{
	struct fw *fw = ctx;

	return ns_peers_write(&fw->peers, peer, buf, len);
}

static void fw_op_close(void *ctx, int peer)
{
	struct fw *fw = ctx;

	ns_peers_close(&fw->peers, peer);
}

static int fw_op_to_host(void *ctx, const __u8 *frame, __u32 len)
{
	return fw_host_send(ctx, frame, len);
}

static void fw_op_to_stack(void *ctx, const __u8 *frame, __u32 len)
{
	struct fw *fw = ctx;

	ns_lwip_to_stack(&fw->lwip, frame, len);
}

static int fw_op_to_uplink(void *ctx, const __u8 *frame, __u32 len)
{
	return fw_uplink_send(ctx, frame, len);
}

static int fw_op_bus_write(void *ctx, const __u8 *frame, __u32 len)
{
	struct fw *fw = ctx;

	return ns_busdev_write(fw->bus_fd, fw->cfg.cp.bus, frame, len);
}

static bool fw_op_slave_listens(void *ctx, const __u8 *frame,
				const struct ns_flow *flow)
{
	struct fw *fw = ctx;

	return ns_lwip_slave_listens(&fw->lwip, frame, flow);
}

static int fw_op_table(void *ctx, const struct ns_rules *rules,
		       unsigned int what)
{
	struct fw *fw = ctx;

	return ns_lwip_table(&fw->lwip, rules, what);
}

static void fw_op_save(void *ctx, const struct ns_core_saved *saved)
{
	const struct fw *fw = ctx;

	ns_saved_store(fw->cfg.cp.state_file, fw->cfg.cp.uplink, saved);
}

static void fw_op_wake(void *ctx, __u8 reason, __u8 rule)
{
	struct fw *fw = ctx;

	ns_wake_cmd_run(&fw->wake, reason, rule);
}

static void fw_op_sub_connect(void *ctx, const struct ns_wake_sub *sub)
{
	struct fw *fw = ctx;

	ns_lwip_sub_attempt(&fw->lwip, sub);
}

static void fw_op_sub_disconnect(void *ctx)
{
	struct fw *fw = ctx;

	ns_lwip_sub_disconnect(&fw->lwip);
}

static void fw_op_log(void *ctx, int level, const char *line)
{
	(void)ctx;
	ns_log(level, "%s", line);
}

/*
 * The core classifies and counts; on the bus it is the bus's end too.
 * lwIP's frames go out of the uplink.
 */
void fw_ops(struct fw *fw, struct ns_core_ops *ops, struct ns_lwip_port *port)
{
	bool bus = fw->cfg.cp.bus[0];

	*ops = (struct ns_core_ops){
		.ctx = fw,
		.send = fw_op_send,
		.close = fw_op_close,
		.to_host = fw_op_to_host,
		.to_stack = fw_op_to_stack,
		.to_uplink = bus ? fw_op_to_uplink : NULL,
		.bus_write = bus ? fw_op_bus_write : NULL,
		.slave_listens = fw_op_slave_listens,
		.table = fw_op_table,
		.save = fw_op_save,
		.wake = fw_op_wake,
		.sub_connect = fw_op_sub_connect,
		.sub_disconnect = fw_op_sub_disconnect,
		.log = fw_op_log,
	};
	*port = (struct ns_lwip_port){
		.ctx = fw,
		.now = fw_now,
		.uplink_send = fw_op_to_uplink,
		.password = fw_password,
	};
}
