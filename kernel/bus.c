// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bus core's sending side: every frame to the co-processor sealed in
 * the bus framing (bus.h) and queued on the transport; the transport's room
 * given back to the netdev's queue and the control channel's writers.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/dst.h>

#include "ethsta.h"

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
	/*
	 * A route holds the netdev; a frame may wait in the transport for as
	 * long as the co-processor takes, which must not hold up unregister.
	 */
	skb_dst_drop(skb);
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
EXPORT_SYMBOL_GPL(ethsta_bus_tx_space);

/*
 * Whether anyone waits for room: the netdev's stopped queue or a writer of
 * /dev/espctl0. A transport that has to defer ethsta_bus_tx_space() (from
 * a URB's completion) skips that when no one does. The barrier pairs with
 * the one after netif_stop_queue() in the xmit path, as there.
 */
bool ethsta_bus_wants_space(struct ethsta *es)
{
	struct net_device *ndev = READ_ONCE(es->ndev);

	smp_mb();
	return (ndev && netif_queue_stopped(ndev)) ||
	       waitqueue_active(&es->tx_wait);
}
EXPORT_SYMBOL_GPL(ethsta_bus_wants_space);
