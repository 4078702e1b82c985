// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethsta0: an Ethernet netdev whose wire is the co-processor bus, with
 * native XDP on receive (PASS, DROP, TX, REDIRECT) and ndo_xdp_xmit, so the
 * guard attaches in native mode.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <trace/events/xdp.h>

#include "ethsta.h"

static struct ethsta *ethsta_of(struct net_device *ndev)
{
	return ((struct ethsta_priv *)netdev_priv(ndev))->es;
}

/* Copies an Ethernet frame into a new bus frame for the co-processor. */
static int ethsta_xmit_copy(struct ethsta *es, const void *data,
			    unsigned int len)
{
	struct sk_buff *skb = ethsta_bus_alloc(len, GFP_ATOMIC);
	int ret;

	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, data, len);
	ret = ethsta_bus_send(es, skb, NS_BUS_IF_NETWORK, 0, ETHSTA_TX_NETWORK);
	if (!ret)
		dev_sw_netstats_tx_add(es->ndev, 1, len);
	return ret;
}

static netdev_tx_t ethsta_start_xmit(struct sk_buff *skb,
				     struct net_device *ndev)
{
	struct ethsta *es = ethsta_of(ndev);
	unsigned int len = skb->len;

	/*
	 * Not orphaned: the frame charges its socket until the co-processor
	 * takes it, so senders feel the bus (the queue is bounded and purged
	 * when the co-processor goes).
	 */
	skb_tx_timestamp(skb);
	if (ethsta_bus_send(es, skb, NS_BUS_IF_NETWORK, 0, ETHSTA_TX_NETWORK)) {
		DEV_STATS_INC(ndev, tx_dropped);
	} else {
		dev_sw_netstats_tx_add(ndev, 1, len);
		ethsta_count(es, ETHSTA_TX_NETWORK_FRAMES);
	}
	if (!es->ops->has_room(es, ETHSTA_TX_NETWORK)) {
		netif_stop_queue(ndev);
		ethsta_count(es, ETHSTA_TX_QUEUE_STOPS);
		/* The reader may have made room before the queue stopped. */
		smp_mb__after_atomic();
		if (es->ops->has_room(es, ETHSTA_TX_NETWORK))
			netif_wake_queue(ndev);
	}
	return NETDEV_TX_OK;
}

void ethsta_netdev_rx(struct ethsta *es, void *buf, unsigned int truesize,
		      unsigned int headroom, unsigned int len)
{
	struct net_device *ndev = es->ndev;
	struct ethsta_priv *priv = netdev_priv(ndev);
	unsigned int metalen = 0;
	struct bpf_prog *prog;
	struct sk_buff *skb;
	struct xdp_buff xdp;
	u32 act;

	if (!(ndev->flags & IFF_UP)) {
		DEV_STATS_INC(ndev, rx_dropped);
		skb_free_frag(buf);
		return;
	}
	/* XDP runs as it would in NAPI: no preemption, under RCU. */
	local_bh_disable();
	rcu_read_lock();
	prog = rcu_dereference(priv->xdp_prog);
	if (prog) {
		xdp_init_buff(&xdp, truesize, &priv->xdp_rxq);
		xdp_prepare_buff(&xdp, buf, headroom, len, true);
		act = bpf_prog_run_xdp(prog, &xdp);
		switch (act) {
		case XDP_PASS:
			ethsta_count(es, ETHSTA_XDP_PASS);
			headroom = xdp.data - xdp.data_hard_start;
			len = xdp.data_end - xdp.data;
			metalen = xdp.data - xdp.data_meta;
			break;
		case XDP_TX:
			ethsta_count(es, ETHSTA_XDP_TX);
			if (ethsta_xmit_copy(es, xdp.data,
					     xdp.data_end - xdp.data))
				DEV_STATS_INC(ndev, tx_dropped);
			goto free;
		case XDP_REDIRECT:
			if (xdp_do_redirect(ndev, &xdp, prog))
				goto drop;
			ethsta_count(es, ETHSTA_XDP_REDIRECT);
			xdp_do_flush();
			goto out;
		default:
			bpf_warn_invalid_xdp_action(ndev, prog, act);
			fallthrough;
		case XDP_ABORTED:
			trace_xdp_exception(ndev, prog, act);
			fallthrough;
		case XDP_DROP:
			goto drop;
		}
	}
	skb = build_skb(buf, truesize);
	if (!skb) {
		DEV_STATS_INC(ndev, rx_dropped);
		goto free;
	}
	skb_reserve(skb, headroom);
	skb_put(skb, len);
	if (metalen)
		skb_metadata_set(skb, metalen);
	skb->protocol = eth_type_trans(skb, ndev);
	/*
	 * Straight into the stack in the writer's context, as TUN does: the
	 * co-processor's writes are paced by the stack, and no backlog drops.
	 */
	if (netif_receive_skb(skb) == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(ndev, len);
	else
		DEV_STATS_INC(ndev, rx_dropped);
	goto out;
drop:
	ethsta_count(es, ETHSTA_XDP_DROP);
free:
	skb_free_frag(buf);
out:
	rcu_read_unlock();
	local_bh_enable();
}

static int ethsta_xdp_xmit(struct net_device *ndev, int n,
			   struct xdp_frame **frames, u32 flags)
{
	struct ethsta *es = ethsta_of(ndev);
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	/* The caller frees the frames from the first one not sent. */
	for (i = 0; i < n; i++) {
		if (ethsta_xmit_copy(es, frames[i]->data, frames[i]->len))
			break;
		xdp_return_frame(frames[i]);
	}
	atomic64_add(i, &es->counters[ETHSTA_XDP_XMIT]);
	atomic64_add(n - i, &es->counters[ETHSTA_XDP_XMIT_DROPPED]);
	return i;
}

static int ethsta_bpf(struct net_device *ndev, struct netdev_bpf *bpf)
{
	struct ethsta_priv *priv = netdev_priv(ndev);
	struct bpf_prog *old;

	if (bpf->command != XDP_SETUP_PROG)
		return -EINVAL;
	old = rtnl_dereference(priv->xdp_prog);
	rcu_assign_pointer(priv->xdp_prog, bpf->prog);
	if (old)
		bpf_prog_put(old);
	return 0;
}

static int ethsta_ndo_init(struct net_device *ndev)
{
	struct ethsta_priv *priv = netdev_priv(ndev);
	int ret;

	ndev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!ndev->tstats)
		return -ENOMEM;
	ret = xdp_rxq_info_reg(&priv->xdp_rxq, ndev, 0, 0);
	if (ret)
		goto err_stats;
	/* Receive buffers are page fragments; XDP frames go back with them. */
	ret = xdp_rxq_info_reg_mem_model(&priv->xdp_rxq, MEM_TYPE_PAGE_SHARED,
					 NULL);
	if (ret)
		goto err_rxq;
	return 0;

err_rxq:
	xdp_rxq_info_unreg(&priv->xdp_rxq);
err_stats:
	free_percpu(ndev->tstats);
	return ret;
}

static void ethsta_ndo_uninit(struct net_device *ndev)
{
	struct ethsta_priv *priv = netdev_priv(ndev);

	xdp_rxq_info_unreg(&priv->xdp_rxq);
	free_percpu(ndev->tstats);
}

static int ethsta_open(struct net_device *ndev)
{
	netif_start_queue(ndev);
	return 0;
}

static int ethsta_stop(struct net_device *ndev)
{
	netif_stop_queue(ndev);
	return 0;
}

/* No ndo_set_mac_address: the MAC is the co-processor's, shared, not set. */
static const struct net_device_ops ethsta_netdev_ops = {
	.ndo_init = ethsta_ndo_init,
	.ndo_uninit = ethsta_ndo_uninit,
	.ndo_open = ethsta_open,
	.ndo_stop = ethsta_stop,
	.ndo_start_xmit = ethsta_start_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_bpf = ethsta_bpf,
	.ndo_xdp_xmit = ethsta_xdp_xmit,
};

static void ethsta_get_drvinfo(struct net_device *ndev,
			       struct ethtool_drvinfo *info)
{
	strscpy(info->driver, ETHSTA_NAME, sizeof(info->driver));
	strscpy(info->bus_info, ethsta_of(ndev)->bus_info,
		sizeof(info->bus_info));
}

static int ethsta_get_link_ksettings(struct net_device *ndev,
				     struct ethtool_link_ksettings *cmd)
{
	/* The radio's rate is the co-processor's business, not the bus's. */
	cmd->base.speed = SPEED_UNKNOWN;
	cmd->base.duplex = DUPLEX_FULL;
	cmd->base.port = PORT_OTHER;
	cmd->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static const char *const ethsta_counter_names[ETHSTA_COUNTERS] = {
	[ETHSTA_RX_NETWORK] = "rx_bus_network",
	[ETHSTA_RX_CONTROL] = "rx_bus_control",
	[ETHSTA_RX_EVENTS] = "rx_bus_events",
	[ETHSTA_RX_BAD_EVENT] = "rx_bus_bad-event",
	[ETHSTA_RX_WAKEUP] = "rx_bus_wakeup",
	[ETHSTA_RX_NO_NETDEV] = "rx_bus_no-netdev",
	[ETHSTA_RX_CTRL_DROPPED] = "rx_ctrl_dropped",
	[ETHSTA_TX_NETWORK_FRAMES] = "tx_bus_network",
	[ETHSTA_TX_CONTROL_FRAMES] = "tx_bus_control",
	[ETHSTA_TX_PS_START] = "tx_bus_ps_start",
	[ETHSTA_TX_PS_STOP] = "tx_bus_ps_stop",
	[ETHSTA_TX_QUEUE_STOPS] = "tx_queue_stops",
	[ETHSTA_XDP_PASS] = "xdp_pass",
	[ETHSTA_XDP_DROP] = "xdp_drop",
	[ETHSTA_XDP_TX] = "xdp_tx",
	[ETHSTA_XDP_REDIRECT] = "xdp_redirect",
	[ETHSTA_XDP_XMIT] = "xdp_xmit",
	[ETHSTA_XDP_XMIT_DROPPED] = "xdp_xmit_dropped",
	[ETHSTA_CP_RESTARTS] = "cp_restarts",
	[ETHSTA_BUS_TRANSFERS] = "bus_transfers",
	[ETHSTA_BUS_TRANSFERS_EMPTY] = "bus_transfers_empty",
	[ETHSTA_BUS_TRANSFER_ERRORS] = "bus_transfer_errors",
	[ETHSTA_BUS_RX_PENDING] = "bus_rx_pending",
	[ETHSTA_BUS_TX_PENDING] = "bus_tx_pending",
};

static int ethsta_get_sset_count(struct net_device *ndev, int set)
{
	return set == ETH_SS_STATS ? ETHSTA_COUNTERS : -EOPNOTSUPP;
}

static void ethsta_get_strings(struct net_device *ndev, u32 set, u8 *data)
{
	int i;

	if (set != ETH_SS_STATS)
		return;
	for (i = 0; i < ETHSTA_COUNTERS; i++, data += ETH_GSTRING_LEN) {
		if (i <= ETHSTA_RX_BUS_ERROR_LAST)
			snprintf(data, ETH_GSTRING_LEN, "rx_bus_%s",
				 ns_bus_error_str(
					 i - ETHSTA_RX_BUS_ERROR_FIRST + 1));
		else
			strscpy(data, ethsta_counter_names[i], ETH_GSTRING_LEN);
	}
}

static void ethsta_get_ethtool_stats(struct net_device *ndev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct ethsta *es = ethsta_of(ndev);
	int i;

	for (i = 0; i < ETHSTA_COUNTERS; i++)
		data[i] = atomic64_read(&es->counters[i]);
}

static const struct ethtool_ops ethsta_ethtool_ops = {
	.get_drvinfo = ethsta_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = ethsta_get_link_ksettings,
	.get_sset_count = ethsta_get_sset_count,
	.get_strings = ethsta_get_strings,
	.get_ethtool_stats = ethsta_get_ethtool_stats,
};

/* DEVTYPE=ethsta in its uevents: udev knows it whatever ifname says. */
static const struct device_type ethsta_type = {.name = "ethsta"};

static void ethsta_setup(struct net_device *ndev)
{
	ether_setup(ndev);
	SET_NETDEV_DEVTYPE(ndev, &ethsta_type);
	ndev->netdev_ops = &ethsta_netdev_ops;
	ndev->ethtool_ops = &ethsta_ethtool_ops;
	/* Room for the bus header in front of every frame sent. */
	ndev->needed_headroom = NS_BUS_HDR_LEN;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = NS_BUS_PAYLOAD_MAX - VLAN_ETH_HLEN;
	/* A frame is held until the co-processor reads it: never shared. */
	ndev->priv_flags &= ~IFF_TX_SKB_SHARING;
}

/*
 * The first init event makes the netdev; a later one (the co-processor
 * restarted) keeps it, takes the MAC it reports and waits for link-up.
 */
int ethsta_netdev_init_event(struct ethsta *es, const u8 *mac)
{
	struct net_device *ndev = es->ndev;
	int ret;

	if (ndev) {
		rtnl_lock();
		netif_carrier_off(ndev);
		if (!ether_addr_equal(ndev->dev_addr, mac)) {
			eth_hw_addr_set(ndev, mac);
			call_netdevice_notifiers(NETDEV_CHANGEADDR, ndev);
		}
		rtnl_unlock();
		return 0;
	}
	ndev = alloc_netdev(sizeof(struct ethsta_priv), es->ifname,
			    NET_NAME_USER, ethsta_setup);
	if (!ndev)
		return -ENOMEM;
	((struct ethsta_priv *)netdev_priv(ndev))->es = es;
	SET_NETDEV_DEV(ndev, es->parent);
	eth_hw_addr_set(ndev, mac);
	netif_carrier_off(ndev);
	ret = register_netdev(ndev);
	if (ret) {
		pr_err(ETHSTA_NAME
		       ": cannot register %s: %d; is the name taken? (module parameter ifname)\n",
		       es->ifname, ret);
		free_netdev(ndev);
		return ret;
	}
	WRITE_ONCE(es->ndev, ndev);
	netdev_info(ndev, "co-processor %pM on %s\n", mac, es->bus_info);
	return 0;
}

void ethsta_netdev_destroy(struct ethsta *es)
{
	if (!es->ndev)
		return;
	unregister_netdev(es->ndev);
	free_netdev(es->ndev);
	es->ndev = NULL;
}
