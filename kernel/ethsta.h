/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ethsta: the host's netdev for a Wi-Fi co-processor that shares its MAC and
 * IP with the host. The bus core (bus.c sends, rx.c receives) speaks the
 * bus framing of include/netsplit/bus.h; a transport moves whole bus frames
 * to and from the co-processor behind struct ethsta_bus_ops; instance.c
 * makes and removes an instance of them per transport, module.c the
 * module. The transports: a virtual bus whose co-processor end is a
 * character device (vbus.c, in this module), SPI (spi.c, the module
 * ethsta_spi on top of this one) and USB (usb.c, the module ethsta_usb);
 * TRANSPORTS.md says what each provides.
 */
#ifndef ETHSTA_H
#define ETHSTA_H

#include <linux/atomic.h>
#include <linux/bpf.h>
#include <linux/miscdevice.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/skbuff.h>
#include <linux/wait.h>
#include <net/xdp.h>

#include <netsplit/bus.h>

#define ETHSTA_NAME "ethsta"
/* Control frames may use this many places beyond the network frames' limit. */
#define ETHSTA_CTRL_RESERVE 32

enum ethsta_tx_class {
	ETHSTA_TX_NETWORK,
	ETHSTA_TX_CONTROL, /* control stream and power-save frames */
};

struct ethsta;

struct ethsta_bus_ops {
	/* The transport's module, held while /dev/espctl<N> is open. */
	struct module *owner;
	/*
	 * Takes one sealed bus frame for the co-processor, or refuses it with
	 * -ENOBUFS (no room for its class) or -ENOTCONN (no co-processor).
	 * Never sleeps: it is called from ndo_start_xmit and ndo_xdp_xmit.
	 */
	int (*queue)(struct ethsta *es, struct sk_buff *skb,
		     enum ethsta_tx_class cls);
	/* Whether queue() would take one more frame of this class now. */
	bool (*has_room)(struct ethsta *es, enum ethsta_tx_class cls);
	/*
	 * Optional: the co-processor announced itself (an init event), so
	 * it (re)started: what was queued for its old self goes, and the
	 * bus's clock stays at or under max_hz when that is not 0.
	 */
	void (*cp_init)(struct ethsta *es, u32 max_hz);
};

/* Bus and datapath counters beyond the netdev's own, shown by ethtool -S. */
enum ethsta_counter {
	/* Refused bus frames, one per enum ns_bus_error after NS_BUS_OK. */
	ETHSTA_RX_BUS_ERROR_FIRST,
	ETHSTA_RX_BUS_ERROR_LAST =
		ETHSTA_RX_BUS_ERROR_FIRST + NS_BUS_ERRORS - 2,
	ETHSTA_RX_NETWORK,
	ETHSTA_RX_CONTROL,
	ETHSTA_RX_EVENTS,
	ETHSTA_RX_BAD_EVENT,
	ETHSTA_RX_WAKEUP,
	ETHSTA_RX_NO_NETDEV,
	ETHSTA_RX_CTRL_DROPPED,
	ETHSTA_TX_NETWORK_FRAMES,
	ETHSTA_TX_CONTROL_FRAMES,
	ETHSTA_TX_PS_START,
	ETHSTA_TX_PS_STOP,
	ETHSTA_TX_QUEUE_STOPS,
	ETHSTA_XDP_PASS,
	ETHSTA_XDP_DROP,
	ETHSTA_XDP_TX,
	ETHSTA_XDP_REDIRECT,
	ETHSTA_XDP_XMIT,
	ETHSTA_XDP_XMIT_DROPPED,
	ETHSTA_CP_RESTARTS,	    /* init events after the first */
	ETHSTA_BUS_TRANSFERS,	    /* clocked transports: transfers... */
	ETHSTA_BUS_TRANSFERS_EMPTY, /* ...that carried no frame either way */
	ETHSTA_BUS_TRANSFER_ERRORS,
	/* Gauges of transports with requests in flight (USB's URBs). */
	ETHSTA_BUS_RX_PENDING,
	ETHSTA_BUS_TX_PENDING,
	ETHSTA_COUNTERS
};

/* The control channel: /dev/espctl<N>, the control stream's host end. */
struct ethsta_ctrl {
	struct miscdevice misc;
	char name[16];
	struct file_operations fops; /* ours, owned by the transport */
	struct sk_buff_head rx;	     /* payloads from the co-processor */
	wait_queue_head_t wait;	     /* readers; writers wait on tx_wait */
	atomic_t open;		     /* closes wake wait */
	bool hung_up;		     /* the co-processor went away: EOF */
};

struct ethsta {
	const struct ethsta_bus_ops *ops;
	void *bus;		 /* the transport's own state */
	struct device *parent;	 /* the transport's device, if it has one */
	const char *bus_info;	 /* for ethtool: the device or the bus */
	int index;		 /* N of espctl<N> */
	char ifname[IFNAMSIZ];	 /* the netdev's */
	unsigned int tx_frames;	 /* network frames a transport holds */
	struct net_device *ndev; /* from the first init event to unload */
	struct mutex event_lock; /* serialises init events with each other */
	bool cp_ready;		 /* init seen, co-processor end still there */
	bool announce;		 /* restarted: tell the neighbours at link up */
	atomic_t tx_seq;
	wait_queue_head_t tx_wait; /* for room in the transport */
	struct ethsta_ctrl ctrl;
	struct notifier_block pm_nb;
	atomic64_t counters[ETHSTA_COUNTERS];
};

/* The netdev's private part. */
struct ethsta_priv {
	struct ethsta *es;
	struct bpf_prog __rcu *xdp_prog;
	struct xdp_rxq_info xdp_rxq;
};

static inline void ethsta_count(struct ethsta *es, enum ethsta_counter c)
{
	atomic64_inc(&es->counters[c]);
}

/*
 * instance.c: for transports. An instance of the driver over a transport:
 * its control channel /dev/espctl<N> at once, its netdev (the module's
 * ifname for the first instance, ethsta<N> for the others) at the first
 * init event. bus_info names the transport for ethtool and the log.
 */
struct ethsta *ethsta_create(const struct ethsta_bus_ops *ops, void *bus,
			     struct device *parent, const char *bus_info);
/* Nothing may call into the instance any more when this is called. */
void ethsta_destroy(struct ethsta *es);
/* instance.c: for module.c, the parameters at load: 0 or -EINVAL, said. */
int ethsta_params_check(void);

/* rx.c: for transports. */
typedef int (*ethsta_fill_t)(void *dst, unsigned int len, void *arg);
/*
 * One frame of frame_len bytes arrived; fill() copies it into the core's
 * buffer. Process context, may sleep. Returns 0, -EBADMSG for a frame that
 * was refused (and counted), or the error of fill() or of an allocation.
 */
int ethsta_bus_rx(struct ethsta *es, unsigned int frame_len, ethsta_fill_t fill,
		  void *arg);
/* The co-processor came (a transport opened) or went (it closed). */
void ethsta_bus_up(struct ethsta *es);
void ethsta_bus_down(struct ethsta *es);

/* bus.c: for transports: the transport has room again. */
void ethsta_bus_tx_space(struct ethsta *es);
/* bus.c: for transports: whether anyone waits for that room. */
bool ethsta_bus_wants_space(struct ethsta *es);
/* bus.c: for the rest of the driver. */
struct sk_buff *ethsta_bus_alloc(unsigned int payload_len, gfp_t gfp);
int ethsta_bus_send(struct ethsta *es, struct sk_buff *skb, __u8 if_type,
		    __u8 flags, enum ethsta_tx_class cls);
int ethsta_bus_signal(struct ethsta *es, u8 flags);

/* netdev.c */
int ethsta_netdev_init_event(struct ethsta *es, const u8 *mac);
void ethsta_netdev_rx(struct ethsta *es, void *buf, unsigned int truesize,
		      unsigned int headroom, unsigned int len);
void ethsta_netdev_destroy(struct ethsta *es);

/* ctrl.c */
int ethsta_ctrl_init(struct ethsta *es);
void ethsta_ctrl_exit(struct ethsta *es);
void ethsta_ctrl_rx(struct ethsta *es, struct sk_buff *skb);
void ethsta_ctrl_hang_up(struct ethsta *es);

/* vbus.c: /dev/espbus0, the one virtual bus. */
int ethsta_vbus_init(void);
void ethsta_vbus_exit(void);

/* pm.c */
int ethsta_pm_init(struct ethsta *es);
void ethsta_pm_exit(struct ethsta *es);

#endif /* ETHSTA_H */
