// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bus core: checks every frame from the co-processor and hands it to
 * the netdev, the control channel or the event handler; seals every frame
 * to it. Module parameters and the module's life are here too.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "ethsta.h"

static char *ifname = "ethsta0";
module_param(ifname, charp, 0444);
MODULE_PARM_DESC(
	ifname,
	"name of the netdev made when the co-processor announces itself (default ethsta0)");

static unsigned int tx_frames = 256;
module_param(tx_frames, uint, 0444);
MODULE_PARM_DESC(
	tx_frames,
	"frames the bus holds for the co-processor before the netdev's queue stops, 16 to 4096 (default 256)");

/*
 * A received frame is placed so that its payload starts after the headroom
 * XDP programs may grow into, IP-aligned; the bus header sits just before.
 */
#define ETHSTA_RX_PAD (XDP_PACKET_HEADROOM + NET_IP_ALIGN - NS_BUS_HDR_LEN)

static struct ethsta *ethsta_instance;

struct sk_buff *ethsta_bus_alloc(unsigned int payload_len, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(NS_BUS_HDR_LEN + payload_len, gfp);

	if (skb)
		skb_reserve(skb, NS_BUS_HDR_LEN);
	return skb;
}

/* Seals skb (the payload) into a bus frame and queues it; consumes skb. */
int ethsta_bus_send(struct ethsta *es, struct sk_buff *skb, __u8 if_type,
		    __u8 flags, enum ethsta_tx_class cls)
{
	struct ns_bus_frame f = {
		.if_type = if_type,
		.flags = flags,
		.len = (__u16)skb->len,
		.seq = (__u16)atomic_inc_return(&es->tx_seq),
	};
	int ret;

	if (skb->len > NS_BUS_PAYLOAD_MAX) {
		ret = -EMSGSIZE;
		goto free;
	}
	/* The checksum covers the whole frame: it must be in one piece. */
	ret = skb_cow_head(skb, NS_BUS_HDR_LEN) ?: skb_linearize(skb);
	if (ret)
		goto free;
	ns_bus_seal(skb_push(skb, NS_BUS_HDR_LEN), &f);
	ret = es->ops->queue(es, skb, cls);
	if (!ret)
		return 0;
free:
	kfree_skb(skb);
	return ret;
}

/* A control frame without payload: a signal to the co-processor. */
int ethsta_bus_signal(struct ethsta *es, u8 flags)
{
	struct sk_buff *skb = ethsta_bus_alloc(0, GFP_KERNEL);

	if (!skb)
		return -ENOMEM;
	return ethsta_bus_send(es, skb, NS_BUS_IF_CONTROL, flags,
			       ETHSTA_TX_CONTROL);
}

void ethsta_bus_tx_space(struct ethsta *es)
{
	struct net_device *ndev = READ_ONCE(es->ndev);

	/* Pairs with the barrier after netif_stop_queue() in the xmit path. */
	smp_mb();
	if (ndev && netif_queue_stopped(ndev) &&
	    es->ops->has_room(es, ETHSTA_TX_NETWORK)) {
		/* The qdisc runs when bh is enabled again, here, not later. */
		local_bh_disable();
		netif_wake_queue(ndev);
		local_bh_enable();
	}
	if (wq_has_sleeper(&es->tx_wait))
		wake_up_interruptible(&es->tx_wait);
}

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

void ethsta_bus_down(struct ethsta *es)
{
	mutex_lock(&es->event_lock);
	es->cp_ready = false;
	ethsta_set_carrier(es, false);
	ethsta_ctrl_hang_up(es);
	mutex_unlock(&es->event_lock);
	ethsta_bus_tx_space(es);
}

static int ethsta_event(struct ethsta *es, const struct ns_bus_frame *f,
			const u8 *payload)
{
	int ret = 0;

	ethsta_count(es, ETHSTA_RX_EVENTS);
	mutex_lock(&es->event_lock);
	switch (f->pkt_type) {
	case NS_BUS_EV_INIT:
		if (f->len < ETH_ALEN || !is_valid_ether_addr(payload)) {
			ethsta_count(es, ETHSTA_RX_BAD_EVENT);
			ret = -EBADMSG;
			break;
		}
		/* A new co-processor session: its control stream starts anew.
		 */
		ethsta_ctrl_hang_up(es);
		ret = ethsta_netdev_init_event(es, payload, ifname);
		es->cp_ready = !ret;
		break;
	case NS_BUS_EV_LINK_UP:
	case NS_BUS_EV_LINK_DOWN:
		ethsta_set_carrier(es, f->pkt_type == NS_BUS_EV_LINK_UP);
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

static int __init ethsta_init(void)
{
	struct ethsta *es;
	int ret;

	if (tx_frames < 16 || tx_frames > 4096 || !*ifname ||
	    strlen(ifname) >= IFNAMSIZ) {
		pr_err(ETHSTA_NAME
		       ": tx_frames must be 16 to 4096 and ifname 1 to %d characters\n",
		       IFNAMSIZ - 1);
		return -EINVAL;
	}
	es = kzalloc(sizeof(*es), GFP_KERNEL);
	if (!es)
		return -ENOMEM;
	mutex_init(&es->event_lock);
	init_waitqueue_head(&es->tx_wait);
	ret = ethsta_ctrl_init(es);
	if (ret)
		goto err_free;
	ret = ethsta_vbus_init(es, tx_frames);
	if (ret)
		goto err_ctrl;
	ret = ethsta_pm_init(es);
	if (ret)
		goto err_vbus;
	ethsta_instance = es;
	return 0;

err_vbus:
	ethsta_vbus_exit(es);
err_ctrl:
	ethsta_ctrl_exit(es);
err_free:
	kfree(es);
	return ret;
}

/*
 * Nothing can have the character devices open here (they hold the module),
 * so once they are gone no frame arrives; the netdev goes last, taking with
 * it whatever its stack still sends.
 */
static void __exit ethsta_exit(void)
{
	struct ethsta *es = ethsta_instance;

	ethsta_pm_exit(es);
	ethsta_vbus_exit(es);
	ethsta_ctrl_exit(es);
	ethsta_netdev_destroy(es);
	kfree(es);
}

module_init(ethsta_init);
module_exit(ethsta_exit);
MODULE_DESCRIPTION(
	"netsplit station netdev over a Wi-Fi co-processor bus, with a virtual bus at /dev/espbus0 and the control channel at /dev/espctl0");
MODULE_AUTHOR("netsplit developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(ETHSTA_VERSION);
