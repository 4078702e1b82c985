// SPDX-License-Identifier: GPL-2.0-only
/* The core's operations on Linux: each one hands over to the glue. */
#include <string.h>

#include "busdev.h"
#include "cpd.h"
#include "log.h"
#include "saved.h"

static int cpd_op_send(void *ctx, int peer, const __u8 *buf, __u32 len)
{
	struct cpd *cpd = ctx;

	return ns_peers_write(&cpd->peers, peer, buf, len);
}

static void cpd_op_close(void *ctx, int peer)
{
	struct cpd *cpd = ctx;

	ns_peers_close(&cpd->peers, peer);
}

static int cpd_op_to_host(void *ctx, const __u8 *frame, __u32 len)
{
	return cpd_host_link_send(ctx, frame, len);
}

static int cpd_op_to_uplink(void *ctx, const __u8 *frame, __u32 len)
{
	return cpd_tap_write(ctx, frame, len);
}

static int cpd_op_bus_write(void *ctx, const __u8 *frame, __u32 len)
{
	struct cpd *cpd = ctx;

	return ns_busdev_write(&cpd->bus, frame, len);
}

static int cpd_op_table(void *ctx, const struct ns_rules *rules,
			unsigned int what)
{
	return cpd_table_write(ctx, rules, what) ? -1 : 0;
}

static void cpd_op_save(void *ctx, const struct ns_core_saved *saved)
{
	const struct cpd *cpd = ctx;

	ns_saved_store(cpd->cfg.cp.state_file, cpd->cfg.cp.uplink, saved);
}

static void cpd_op_wake(void *ctx, __u8 reason, __u8 rule)
{
	struct cpd *cpd = ctx;

	ns_wake_cmd_run(&cpd->wake, reason, rule);
}

static void cpd_op_sub_connect(void *ctx, const struct ns_wake_sub *sub)
{
	cpd_sub_connect(ctx, sub);
}

static void cpd_op_sub_disconnect(void *ctx)
{
	cpd_sub_disconnect(ctx);
}

static int cpd_op_stats(void *ctx, struct ns_counter stats[NS_REASON_COUNT])
{
	const struct cpd *cpd = ctx;

	return ns_maps_read_stats(&cpd->dp.maps, stats) ? -1 : 0;
}

static void cpd_op_log(void *ctx, int level, const char *line)
{
	(void)ctx;
	ns_log(level, "%s", line);
}

/*
 * The splitter classifies in BPF: the core does not (no to_stack, no
 * socket question); woken frames come from the ring buffer.
 */
void cpd_ops(struct cpd *cpd, struct ns_core_ops *ops)
{
	bool bus = cpd->bus.fd >= 0;

	*ops = (struct ns_core_ops){
		.ctx = cpd,
		.send = cpd_op_send,
		.close = cpd_op_close,
		.to_host = cpd_op_to_host,
		.to_uplink = bus ? cpd_op_to_uplink : NULL,
		.bus_write = bus ? cpd_op_bus_write : NULL,
		.table = cpd_op_table,
		.save = cpd_op_save,
		.wake = cpd_op_wake,
		.sub_connect = cpd_op_sub_connect,
		.sub_disconnect = cpd_op_sub_disconnect,
		.stats = cpd_op_stats,
		.log = cpd_op_log,
	};
}
