// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The core's operations on a board: the host's frames and its control
 * stream both go over the bus (ns_core_bus_network() frames them), or the
 * frames over a host link of the board's; frames for the own stack and
 * questions about sockets and the table go to lwIP, the rest to the board.
 * A board whose radio is a station has the station's state machine here
 * (station.c): the host's credentials, the link, the state it reports.
 */
#include "fmt.h"
#include "mcu.h"

static int ns_mcu_to_host(void *ctx, const __u8 *frame, __u32 len)
{
	struct ns_mcu *mcu = ctx;

	return ns_core_bus_network(&mcu->core, frame, len);
}

static void ns_mcu_to_stack(void *ctx, const __u8 *frame, __u32 len)
{
	struct ns_mcu *mcu = ctx;

	ns_lwip_to_stack(&mcu->lwip, frame, len);
}

static int ns_mcu_host_send(void *ctx, const __u8 *frame, __u32 len)
{
	struct ns_mcu *mcu = ctx;

	return mcu->board.host_send(mcu->board.ctx, frame, len);
}

static int ns_mcu_send(void *ctx, int peer, const __u8 *buf, __u32 len)
{
	struct ns_mcu *mcu = ctx;

	return mcu->board.send(mcu->board.ctx, peer, buf, len);
}

static void ns_mcu_close(void *ctx, int peer)
{
	struct ns_mcu *mcu = ctx;

	mcu->board.close(mcu->board.ctx, peer);
}

static int ns_mcu_to_uplink(void *ctx, const __u8 *frame, __u32 len)
{
	struct ns_mcu *mcu = ctx;

	return mcu->board.uplink_send(mcu->board.ctx, frame, len);
}

static int ns_mcu_bus_write(void *ctx, const __u8 *frame, __u32 len)
{
	struct ns_mcu *mcu = ctx;

	return mcu->board.bus_write(mcu->board.ctx, frame, len);
}

static bool ns_mcu_slave_listens(void *ctx, const __u8 *frame,
				 const struct ns_flow *flow)
{
	struct ns_mcu *mcu = ctx;

	return ns_lwip_slave_listens(&mcu->lwip, frame, flow);
}

static int ns_mcu_table(void *ctx, const struct ns_rules *rules,
			unsigned int what)
{
	struct ns_mcu *mcu = ctx;

	return ns_lwip_table(&mcu->lwip, rules, what);
}

static void ns_mcu_save(void *ctx, const struct ns_core_saved *saved)
{
	struct ns_mcu *mcu = ctx;

	if (mcu->board.save)
		mcu->board.save(mcu->board.ctx, saved);
}

static void ns_mcu_wake(void *ctx, __u8 reason, __u8 rule)
{
	struct ns_mcu *mcu = ctx;

	mcu->board.wake(mcu->board.ctx, reason, rule);
}

static void ns_mcu_sub_connect(void *ctx, const struct ns_wake_sub *sub)
{
	struct ns_mcu *mcu = ctx;

	ns_lwip_sub_attempt(&mcu->lwip, sub);
}

static void ns_mcu_sub_disconnect(void *ctx)
{
	struct ns_mcu *mcu = ctx;

	ns_lwip_sub_disconnect(&mcu->lwip);
}

static void ns_mcu_log(void *ctx, int level, const char *line)
{
	struct ns_mcu *mcu = ctx;

	mcu->board.log(mcu->board.ctx, level, line);
}

/*
 * The station's state to the host, and a log line when it moved; lwIP's
 * link follows it: up while connected, down otherwise (DHCP asks again
 * when it is back).
 */
static void ns_mcu_sta_report(struct ns_mcu *mcu)
{
	const struct ns_wifi_status *was = &mcu->core.wifi;
	bool known = mcu->core.wifi_known;
	struct ns_wifi_status now;
	char line[96];

	ns_sta_status(&mcu->sta, &now);
	if (!known || (was->state == NS_WIFI_CONNECTED) !=
			      (now.state == NS_WIFI_CONNECTED))
		ns_lwip_link(&mcu->lwip, now.state == NS_WIFI_CONNECTED);
	if (!known || was->state != now.state) {
		if (now.state == NS_WIFI_CONNECTED)
			ns_fmt(line, sizeof(line),
			       "Wi-Fi: connected to %s (%d dBm)", now.ssid,
			       now.rssi);
		else
			ns_fmt(line, sizeof(line), "Wi-Fi: %s%s%s",
			       ns_wifi_state_name[now.state],
			       now.ssid[0] ? ", " : "", now.ssid);
		ns_mcu_log(mcu, NS_CORE_NOTICE, line);
	}
	ns_core_set_wifi(&mcu->core, &now);
}

static int ns_mcu_sta_connect(void *ctx, const char *ssid, const char *psk)
{
	struct ns_mcu *mcu = ctx;

	return mcu->board.sta_connect(mcu->board.ctx, ssid, psk);
}

/* The host's credentials: a station that was up goes down to use them. */
static int ns_mcu_wifi_set(void *ctx, const char *ssid, const char *psk)
{
	struct ns_mcu *mcu = ctx;

	if (ns_sta_set(&mcu->sta, ssid, psk, mcu->board.now(mcu->board.ctx)))
		return -1;
	ns_mcu_sta_report(mcu);
	return 0;
}

void ns_mcu_start(struct ns_mcu *mcu, const struct ns_mcu_board *board,
		  const __u8 mac[6], __u16 mtu,
		  const struct ns_core_settings *set,
		  struct ns_core_frame *queue, __u32 queue_slots,
		  struct ns_frag_slot *frags, __u32 frag_slots,
		  const struct ns_core_saved *saved,
		  const struct ns_rules *config)
{
	bool bus = board->bus_write;
	const struct ns_core_ops ops = {
		.ctx = mcu,
		.send = board->send ? ns_mcu_send : NULL,
		.close = board->close ? ns_mcu_close : NULL,
		.to_host = bus ? ns_mcu_to_host : ns_mcu_host_send,
		.to_stack = ns_mcu_to_stack,
		.to_uplink = bus ? ns_mcu_to_uplink : NULL,
		.bus_write = bus ? ns_mcu_bus_write : NULL,
		.slave_listens = ns_mcu_slave_listens,
		.table = ns_mcu_table,
		.save = ns_mcu_save,
		.wake = ns_mcu_wake,
		.sub_connect = ns_mcu_sub_connect,
		.sub_disconnect = ns_mcu_sub_disconnect,
		.wifi_set = board->sta_connect ? ns_mcu_wifi_set : NULL,
		.log = ns_mcu_log,
	};
	const struct ns_sta_ops sta = { .ctx = mcu,
					.connect = ns_mcu_sta_connect };
	const struct ns_wifi_creds *creds;
	const struct ns_lwip_port port = {
		.ctx = board->ctx,
		.now = board->now,
		.uplink_send = board->uplink_send,
		.password = board->password,
	};
	__u64 now = board->now(board->ctx);

	mcu->board = *board;
	mcu->next_tick = now + NS_MCU_TICK_MS;
	/* lwIP first: the core's first table goes to it. */
	ns_core_init(&mcu->core, &ops, set, queue, queue_slots, frags,
		     frag_slots);
	ns_lwip_init(&mcu->lwip, &mcu->core, &port, mac, mtu);
	ns_core_start(&mcu->core, saved, config, now);
	ns_lwip_up(&mcu->lwip, ns_core_saved_network(&mcu->core));
	if (!board->sta_connect)
		return;
	ns_sta_init(&mcu->sta, &sta);
	creds = ns_core_saved_wifi(&mcu->core);
	if (creds && ns_sta_set(&mcu->sta, creds->ssid, creds->psk, now))
		ns_mcu_log(mcu, NS_CORE_WARNING,
			   "Wi-Fi: the saved credentials are not usable");
	ns_mcu_sta_report(mcu);
}

void ns_mcu_sta_default(struct ns_mcu *mcu, const char *ssid, const char *psk)
{
	if (!mcu->board.sta_connect || ns_core_saved_wifi(&mcu->core) ||
	    !*ssid)
		return;
	if (ns_sta_set(&mcu->sta, ssid, psk, mcu->board.now(mcu->board.ctx)))
		ns_mcu_log(mcu, NS_CORE_ERR,
			   "Wi-Fi: the configured credentials are not usable "
			   "(SSID 1-32 characters, passphrase 8-63 or 64 hex "
			   "digits)");
	ns_mcu_sta_report(mcu);
}

void ns_mcu_uplink_frame(struct ns_mcu *mcu, const __u8 *frame, __u16 len)
{
	ns_lwip_uplink_frame(&mcu->lwip, frame, len);
}

void ns_mcu_sta_connected(struct ns_mcu *mcu, const __u8 bssid[6], __s8 rssi)
{
	ns_sta_connected(&mcu->sta, bssid, rssi);
	ns_mcu_sta_report(mcu);
}

void ns_mcu_sta_disconnected(struct ns_mcu *mcu, enum ns_sta_reason reason)
{
	ns_sta_disconnected(&mcu->sta, reason, mcu->board.now(mcu->board.ctx));
	ns_mcu_sta_report(mcu);
}

void ns_mcu_bus_frame(struct ns_mcu *mcu, const __u8 *frame, __u32 len)
{
	ns_core_bus_input(&mcu->core, frame, len,
			  mcu->board.now(mcu->board.ctx));
}

void ns_mcu_bus_attach(struct ns_mcu *mcu)
{
	ns_core_bus_attach(&mcu->core, mcu->board.now(mcu->board.ctx));
}

__u32 ns_mcu_poll(struct ns_mcu *mcu)
{
	__u64 now = mcu->board.now(mcu->board.ctx);
	__u32 sleep, sta = NS_STA_NO_TIMER;

	if (now >= mcu->next_tick) {
		mcu->next_tick = now + NS_MCU_TICK_MS;
		ns_core_tick(&mcu->core, now);
	}
	if (mcu->board.sta_connect) {
		sta = ns_sta_poll(&mcu->sta, now);
		ns_mcu_sta_report(mcu);
	}
	ns_lwip_poll(&mcu->lwip);
	sleep = ns_lwip_sleep_ms(&mcu->lwip, (u32_t)(mcu->next_tick - now));
	return sta < sleep ? sta : sleep;
}
