// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bus core's receiving side: every frame from the co-processor checked
 * (bus.h) and handed to the netdev, the control channel or the event
 * handler; the co-processor's coming and going as its transport sees it.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <asm/unaligned.h>

#include "ethsta.h"

/*
 * A received frame is placed so that its payload starts after the headroom
 * XDP programs may grow into, IP-aligned; the bus header sits just before.
 */
#define ETHSTA_RX_PAD (XDP_PACKET_HEADROOM + NET_IP_ALIGN - NS_BUS_HDR_LEN)

static void ethsta_set_carrier(struct ethsta *es, bool up)
{
	struct net_device *ndev = READ_ONCE(es->ndev);

	if (!ndev)
		return;
	if (up)
		netif_carrier_on(ndev);
	else
		netif_carrier_off(ndev);
}

void ethsta_bus_up(struct ethsta *es)
{
	atomic_set(&es->tx_seq, 0);
}
EXPORT_SYMBOL_GPL(ethsta_bus_up);

void ethsta_bus_down(struct ethsta *es)
{
	mutex_lock(&es->event_lock);
	es->cp_ready = false;
	ethsta_set_carrier(es, false);
	ethsta_ctrl_hang_up(es);
	mutex_unlock(&es->event_lock);
	ethsta_bus_tx_space(es);
}
EXPORT_SYMBOL_GPL(ethsta_bus_down);

/*
 * An init event: a co-processor that (re)started. If one was there before,
 * it forgot everything: what waits for it goes, the carrier drops until its
 * link is up again, and then the host's neighbours hear of the address
 * anew, as after a cable was replugged.
 */
static int ethsta_init_event(struct ethsta *es, const struct ns_bus_frame *f,
			     const u8 *payload)
{
	u32 max_hz = 0;
	int ret;

	if (f->len < ETH_ALEN || !is_valid_ether_addr(payload)) {
		ethsta_count(es, ETHSTA_RX_BAD_EVENT);
		return -EBADMSG;
	}
	if (f->len >= NS_BUS_INIT_CLOCK_LEN)
		max_hz = get_unaligned_le32(payload + ETH_ALEN);
	if (es->ops->cp_init)
		es->ops->cp_init(es, max_hz);
	/* Counted once the old queue is gone: what is sent now stays. */
	if (es->ndev) {
		ethsta_count(es, ETHSTA_CP_RESTARTS);
		es->announce = true;
	}
	/* A new co-processor session: its control stream starts anew. */
	ethsta_ctrl_hang_up(es);
	ret = ethsta_netdev_init_event(es, payload);
	es->cp_ready = !ret;
	return ret;
}

static void ethsta_link_event(struct ethsta *es, bool up)
{
	ethsta_set_carrier(es, up);
	if (up && es->announce && es->ndev) {
		es->announce = false;
		netdev_notify_peers(es->ndev);
	}
}

static int ethsta_event(struct ethsta *es, const struct ns_bus_frame *f,
			const u8 *payload)
{
	int ret = 0;

	ethsta_count(es, ETHSTA_RX_EVENTS);
	mutex_lock(&es->event_lock);
	switch (f->pkt_type) {
	case NS_BUS_EV_INIT:
		ret = ethsta_init_event(es, f, payload);
		break;
	case NS_BUS_EV_LINK_UP:
	case NS_BUS_EV_LINK_DOWN:
		ethsta_link_event(es, f->pkt_type == NS_BUS_EV_LINK_UP);
		break;
	}
	mutex_unlock(&es->event_lock);
	return ret;
}

int ethsta_bus_rx(struct ethsta *es, unsigned int frame_len, ethsta_fill_t fill,
		  void *arg)
{
	unsigned int truesize, payload;
	enum ns_bus_error err;
	struct ns_bus_frame f;
	struct sk_buff *skb;
	u8 *buf;
	int ret;

	if (frame_len > NS_BUS_FRAME_MAX) {
		ethsta_count(es,
			     ETHSTA_RX_BUS_ERROR_FIRST + NS_BUS_E_TOO_LONG - 1);
		return -EBADMSG;
	}
	truesize = SKB_DATA_ALIGN(ETHSTA_RX_PAD + frame_len) +
		   SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	buf = netdev_alloc_frag(truesize);
	if (!buf)
		return -ENOMEM;
	ret = fill(buf + ETHSTA_RX_PAD, frame_len, arg);
	if (ret)
		goto free;
	err = ns_bus_parse(buf + ETHSTA_RX_PAD, frame_len, &f);
	if (err) {
		ethsta_count(es, ETHSTA_RX_BUS_ERROR_FIRST + err - 1);
		ret = -EBADMSG;
		goto free;
	}
	payload = ETHSTA_RX_PAD + f.offset;
	switch (f.if_type) {
	case NS_BUS_IF_NETWORK:
		ethsta_count(es, ETHSTA_RX_NETWORK);
		if (f.flags & NS_BUS_F_WAKEUP)
			ethsta_count(es, ETHSTA_RX_WAKEUP);
		if (!READ_ONCE(es->ndev)) {
			ethsta_count(es, ETHSTA_RX_NO_NETDEV);
			goto free;
		}
		ethsta_netdev_rx(es, buf, truesize, payload, f.len);
		return 0;
	case NS_BUS_IF_CONTROL:
		ethsta_count(es, ETHSTA_RX_CONTROL);
		skb = build_skb(buf, truesize);
		if (!skb) {
			ret = -ENOMEM;
			goto free;
		}
		skb_reserve(skb, payload);
		skb_put(skb, f.len);
		ethsta_ctrl_rx(es, skb);
		return 0;
	default:
		ret = ethsta_event(es, &f, buf + payload);
	}
free:
	skb_free_frag(buf);
	return ret;
}
EXPORT_SYMBOL_GPL(ethsta_bus_rx);
