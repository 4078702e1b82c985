// SPDX-License-Identifier: GPL-2.0-only
/*
 * The USB transport (the module ethsta_usb): the co-processor is a USB
 * device with one vendor-specific interface and a bulk endpoint each way
 * (bus.h says the interface and the framing: one bus frame per transfer,
 * padded by a byte so that every transfer ends with a short packet). A few
 * receive URBs are always posted; every frame for the co-processor is an
 * URB of its own, and the netdev's queue stops while the transport holds
 * as many as it may. Probe asks the co-processor to start afresh (a vendor
 * request, as SPI pulses its reset line), whose init event then makes or
 * brings back the netdev.
 *
 * An instance outlives its device: unplugged, the carrier goes and the
 * control channel hangs up, and the next co-processor plugged in takes the
 * first free instance, so ethsta0 and its address stay across a replug.
 *
 * No vendor or product ID is ours: the driver matches only the IDs given
 * to it through /sys/bus/usb/drivers/ethsta-usb/new_id, and takes only an
 * interface of netsplit's class, subclass and protocol (TRANSPORTS.md).
 */
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/usb.h>
#include <linux/workqueue.h>

#include "ethsta.h"

#define ETHSTA_USB_RX_URBS 8
/* Network frames in flight; control frames have ETHSTA_CTRL_RESERVE more. */
#define ETHSTA_USB_TX_URBS 16
/* A whole number of max packets at any speed: an IN never overflows it. */
#define ETHSTA_USB_RX_BUF ALIGN(NS_BUS_USB_XFER_MAX, NS_BUS_USB_SS_MAXP)

struct ethsta_usb {
	struct list_head node; /* in ethsta_usb_instances */
	struct ethsta *es;
	char bus_info[32];
	spinlock_t lock;	 /* udev, suspended, tx_in_flight, rx_done */
	struct usb_device *udev; /* NULL while unplugged */
	struct usb_interface *intf;
	unsigned int in_pipe, out_pipe;
	unsigned int tx_in_flight;
	bool suspended;
	struct usb_anchor rx_anchor, tx_anchor;
	struct urb *rx_urbs[ETHSTA_USB_RX_URBS];
	struct list_head rx_done; /* completed receive URBs, in order */
	struct work_struct rx_work;
	struct work_struct tx_space_work;
	struct work_struct reset_work; /* after a reset-resume */
	wait_queue_head_t drained;     /* suspend, for tx_in_flight == 0 */
};

/* What a frame in flight needs to find its way back. */
struct ethsta_usb_skb_cb {
	struct ethsta_usb *eu;
};

#define ETHSTA_USB_CB(skb) ((struct ethsta_usb_skb_cb *)(skb)->cb)

static LIST_HEAD(ethsta_usb_instances);
static DEFINE_MUTEX(ethsta_usb_instances_lock);

static unsigned int ethsta_usb_limit(enum ethsta_tx_class cls)
{
	return ETHSTA_USB_TX_URBS +
	       (cls == ETHSTA_TX_CONTROL ? ETHSTA_CTRL_RESERVE : 0);
}

/* The device went or the URB was killed: nothing to say about it. */
static bool ethsta_usb_gone(int status)
{
	return status == -ENOENT || status == -ECONNRESET ||
	       status == -ESHUTDOWN || status == -ENODEV;
}

static void ethsta_usb_pending(struct ethsta_usb *eu, enum ethsta_counter c,
			       int delta)
{
	atomic64_add(delta, &eu->es->counters[c]);
}

static void ethsta_usb_tx_done(struct urb *urb)
{
	struct sk_buff *skb = urb->context;
	struct ethsta_usb *eu = ETHSTA_USB_CB(skb)->eu;
	unsigned long flags;

	if (urb->status) {
		if (!ethsta_usb_gone(urb->status)) {
			ethsta_count(eu->es, ETHSTA_BUS_TRANSFER_ERRORS);
			dev_warn_ratelimited(&urb->dev->dev,
					     "sending a frame failed: %d\n",
					     urb->status);
		}
		dev_kfree_skb_any(skb);
	} else {
		ethsta_count(eu->es, ETHSTA_BUS_TRANSFERS);
		dev_consume_skb_any(skb);
	}
	ethsta_usb_pending(eu, ETHSTA_BUS_TX_PENDING, -1);
	spin_lock_irqsave(&eu->lock, flags);
	if (!--eu->tx_in_flight)
		wake_up(&eu->drained);
	spin_unlock_irqrestore(&eu->lock, flags);
	/* Waking the netdev's queue enables bh: not from here. */
	if (ethsta_bus_wants_space(eu->es))
		queue_work(system_highpri_wq, &eu->tx_space_work);
}

static int ethsta_usb_queue(struct ethsta *es, struct sk_buff *skb,
			    enum ethsta_tx_class cls)
{
	struct ethsta_usb *eu = es->bus;
	unsigned long flags;
	struct urb *urb;
	int ret;

	if (skb->len % NS_BUS_USB_PAD_UNIT == 0 &&
	    __skb_put_padto(skb, skb->len + 1, false))
		return -ENOBUFS;
	urb = usb_alloc_urb(0, GFP_ATOMIC);
	if (!urb)
		return -ENOBUFS;
	ETHSTA_USB_CB(skb)->eu = eu;
	spin_lock_irqsave(&eu->lock, flags);
	if (!eu->udev) {
		ret = -ENOTCONN;
	} else if (eu->suspended || eu->tx_in_flight >= ethsta_usb_limit(cls)) {
		ret = -ENOBUFS;
	} else {
		usb_fill_bulk_urb(urb, eu->udev, eu->out_pipe, skb->data,
				  skb->len, ethsta_usb_tx_done, skb);
		usb_anchor_urb(urb, &eu->tx_anchor);
		ret = usb_submit_urb(urb, GFP_ATOMIC);
		if (ret) {
			usb_unanchor_urb(urb);
			ret = -ENOTCONN;
		} else {
			eu->tx_in_flight++;
			ethsta_usb_pending(eu, ETHSTA_BUS_TX_PENDING, 1);
		}
	}
	spin_unlock_irqrestore(&eu->lock, flags);
	/* The anchor and the host controller hold it while it flies. */
	usb_free_urb(urb);
	return ret;
}

static bool ethsta_usb_has_room(struct ethsta *es, enum ethsta_tx_class cls)
{
	struct ethsta_usb *eu = es->bus;

	return READ_ONCE(eu->tx_in_flight) < ethsta_usb_limit(cls) &&
	       !READ_ONCE(eu->suspended);
}

static const struct ethsta_bus_ops ethsta_usb_ops = {
	.owner = THIS_MODULE,
	.queue = ethsta_usb_queue,
	.has_room = ethsta_usb_has_room,
};

static void ethsta_usb_tx_space_work(struct work_struct *work)
{
	struct ethsta_usb *eu =
		container_of(work, struct ethsta_usb, tx_space_work);

	ethsta_bus_tx_space(eu->es);
}

/* Posts urb again unless the device went or sleeps. */
static void ethsta_usb_rx_submit(struct ethsta_usb *eu, struct urb *urb)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&eu->lock, flags);
	if (eu->udev && !eu->suspended) {
		usb_anchor_urb(urb, &eu->rx_anchor);
		ret = usb_submit_urb(urb, GFP_ATOMIC);
		if (ret)
			usb_unanchor_urb(urb);
		else
			ethsta_usb_pending(eu, ETHSTA_BUS_RX_PENDING, 1);
	}
	spin_unlock_irqrestore(&eu->lock, flags);
	if (ret && !ethsta_usb_gone(ret))
		dev_warn_ratelimited(&urb->dev->dev,
				     "cannot post a receive URB: %d\n", ret);
}

static void ethsta_usb_rx_done(struct urb *urb)
{
	struct ethsta_usb *eu = urb->context;
	unsigned long flags;

	ethsta_usb_pending(eu, ETHSTA_BUS_RX_PENDING, -1);
	spin_lock_irqsave(&eu->lock, flags);
	list_add_tail(&urb->urb_list, &eu->rx_done);
	spin_unlock_irqrestore(&eu->lock, flags);
	/* The core takes frames in process context. */
	queue_work(system_highpri_wq, &eu->rx_work);
}

static int ethsta_usb_fill(void *dst, unsigned int len, void *arg)
{
	struct urb *urb = arg;

	memcpy(dst, urb->transfer_buffer, len);
	return 0;
}

static void ethsta_usb_rx_frame(struct ethsta_usb *eu, struct urb *urb)
{
	struct ethsta *es = eu->es;

	switch (urb->status) {
	case 0:
		ethsta_count(es, ETHSTA_BUS_TRANSFERS);
		if (!urb->actual_length)
			ethsta_count(es, ETHSTA_BUS_TRANSFERS_EMPTY);
		else
			ethsta_bus_rx(es,
				      ns_bus_usb_frame_len(urb->transfer_buffer,
							   urb->actual_length),
				      ethsta_usb_fill, urb);
		return;
	case -EPIPE:
		/* A halted endpoint stays halted until we clear it. */
		usb_clear_halt(urb->dev, urb->pipe);
		fallthrough;
	default:
		if (ethsta_usb_gone(urb->status))
			return;
		ethsta_count(es, ETHSTA_BUS_TRANSFER_ERRORS);
		dev_warn_ratelimited(&urb->dev->dev,
				     "receiving a frame failed: %d\n",
				     urb->status);
	}
}

static void ethsta_usb_rx_work(struct work_struct *work)
{
	struct ethsta_usb *eu = container_of(work, struct ethsta_usb, rx_work);
	struct urb *urb;

	for (;;) {
		spin_lock_irq(&eu->lock);
		urb = list_first_entry_or_null(&eu->rx_done, struct urb,
					       urb_list);
		if (urb)
			list_del_init(&urb->urb_list);
		spin_unlock_irq(&eu->lock);
		if (!urb)
			return;
		ethsta_usb_rx_frame(eu, urb);
		ethsta_usb_rx_submit(eu, urb);
	}
}

static void ethsta_usb_rx_free(struct ethsta_usb *eu)
{
	unsigned int i;

	for (i = 0; i < ETHSTA_USB_RX_URBS; i++) {
		if (!eu->rx_urbs[i])
			continue;
		kfree(eu->rx_urbs[i]->transfer_buffer);
		usb_free_urb(eu->rx_urbs[i]);
		eu->rx_urbs[i] = NULL;
	}
}

static int ethsta_usb_rx_alloc(struct ethsta_usb *eu, struct usb_device *udev)
{
	unsigned int i;
	void *buf;

	for (i = 0; i < ETHSTA_USB_RX_URBS; i++) {
		eu->rx_urbs[i] = usb_alloc_urb(0, GFP_KERNEL);
		buf = kmalloc(ETHSTA_USB_RX_BUF, GFP_KERNEL);
		if (!eu->rx_urbs[i] || !buf) {
			kfree(buf);
			ethsta_usb_rx_free(eu);
			return -ENOMEM;
		}
		usb_fill_bulk_urb(eu->rx_urbs[i], udev, eu->in_pipe, buf,
				  ETHSTA_USB_RX_BUF, ethsta_usb_rx_done, eu);
	}
	return 0;
}

static void ethsta_usb_rx_start(struct ethsta_usb *eu)
{
	unsigned int i;

	for (i = 0; i < ETHSTA_USB_RX_URBS; i++)
		ethsta_usb_rx_submit(eu, eu->rx_urbs[i]);
}

/* Every URB back: none in flight, none waiting for the work. */
static void ethsta_usb_stop(struct ethsta_usb *eu)
{
	usb_kill_anchored_urbs(&eu->tx_anchor);
	usb_kill_anchored_urbs(&eu->rx_anchor);
	flush_work(&eu->rx_work);
}

/*
 * Whatever state the co-processor was in, it starts afresh: its answer is
 * an init event.
 */
static int ethsta_usb_reset(struct usb_interface *intf)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	int ret;

	ret = usb_control_msg(
		udev, usb_sndctrlpipe(udev, 0), NS_BUS_USB_REQ_RESET,
		USB_DIR_OUT | USB_TYPE_VENDOR | USB_RECIP_INTERFACE, 0,
		intf->cur_altsetting->desc.bInterfaceNumber, NULL, 0,
		USB_CTRL_SET_TIMEOUT);
	if (ret < 0) {
		dev_err(&intf->dev,
			"the co-processor refused the reset request: %d; is its firmware netsplit's?\n",
			ret);
		return ret;
	}
	return 0;
}

static void ethsta_usb_reset_work(struct work_struct *work)
{
	struct ethsta_usb *eu =
		container_of(work, struct ethsta_usb, reset_work);

	ethsta_usb_reset(eu->intf);
}

/* The first instance no device holds, or a new one. */
static struct ethsta_usb *ethsta_usb_instance(void)
{
	struct ethsta_usb *eu;
	struct ethsta *es;

	list_for_each_entry(eu, &ethsta_usb_instances,
			    node) if (!eu->intf) return eu;
	eu = kzalloc(sizeof(*eu), GFP_KERNEL);
	if (!eu)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&eu->lock);
	init_usb_anchor(&eu->rx_anchor);
	init_usb_anchor(&eu->tx_anchor);
	INIT_LIST_HEAD(&eu->rx_done);
	INIT_WORK(&eu->rx_work, ethsta_usb_rx_work);
	INIT_WORK(&eu->tx_space_work, ethsta_usb_tx_space_work);
	INIT_WORK(&eu->reset_work, ethsta_usb_reset_work);
	init_waitqueue_head(&eu->drained);
	strscpy(eu->bus_info, "usb", sizeof(eu->bus_info));
	/* No parent: the netdev stays when the device goes. */
	es = ethsta_create(&ethsta_usb_ops, eu, NULL, eu->bus_info);
	if (IS_ERR(es)) {
		kfree(eu);
		return ERR_CAST(es);
	}
	eu->es = es;
	list_add_tail(&eu->node, &ethsta_usb_instances);
	return eu;
}

static bool ethsta_usb_ours(const struct usb_interface_descriptor *d)
{
	return d->bInterfaceClass == NS_BUS_USB_CLASS &&
	       d->bInterfaceSubClass == NS_BUS_USB_SUBCLASS &&
	       d->bInterfaceProtocol == NS_BUS_USB_PROTOCOL;
}

static int ethsta_usb_probe(struct usb_interface *intf,
			    const struct usb_device_id *id)
{
	struct usb_host_interface *alt = intf->cur_altsetting;
	struct usb_device *udev = interface_to_usbdev(intf);
	struct usb_endpoint_descriptor *in, *out;
	struct device *dev = &intf->dev;
	struct ethsta_usb *eu;
	int ret;

	if (!ethsta_usb_ours(&alt->desc))
		return -ENODEV;
	ret = usb_find_common_endpoints(alt, &in, &out, NULL, NULL);
	if (ret)
		return dev_err_probe(
			dev, ret,
			"no bulk IN and OUT endpoints: not a netsplit co-processor\n");
	mutex_lock(&ethsta_usb_instances_lock);
	eu = ethsta_usb_instance();
	if (IS_ERR(eu)) {
		ret = PTR_ERR(eu);
		goto unlock;
	}
	eu->in_pipe = usb_rcvbulkpipe(udev, usb_endpoint_num(in));
	eu->out_pipe = usb_sndbulkpipe(udev, usb_endpoint_num(out));
	ret = ethsta_usb_rx_alloc(eu, udev);
	if (ret)
		goto unlock;
	eu->intf = intf;
	strscpy(eu->bus_info, dev_name(dev), sizeof(eu->bus_info));
	usb_set_intfdata(intf, eu);
	spin_lock_irq(&eu->lock);
	eu->udev = usb_get_dev(udev);
	eu->suspended = false;
	spin_unlock_irq(&eu->lock);
	ethsta_bus_up(eu->es);
	ethsta_usb_rx_start(eu);
	ret = ethsta_usb_reset(intf);
	if (ret)
		goto detach;
	dev_info(dev, "co-processor on %s USB, bulk max packet %u, for %s\n",
		 usb_speed_string(udev->speed), usb_endpoint_maxp(out),
		 eu->es->ifname);
	mutex_unlock(&ethsta_usb_instances_lock);
	return 0;

detach:
	spin_lock_irq(&eu->lock);
	eu->udev = NULL;
	spin_unlock_irq(&eu->lock);
	ethsta_usb_stop(eu);
	ethsta_usb_rx_free(eu);
	usb_put_dev(udev);
	usb_set_intfdata(intf, NULL);
	eu->intf = NULL;
unlock:
	mutex_unlock(&ethsta_usb_instances_lock);
	return ret;
}

static void ethsta_usb_disconnect(struct usb_interface *intf)
{
	struct ethsta_usb *eu = usb_get_intfdata(intf);
	struct usb_device *udev;

	cancel_work_sync(&eu->reset_work);
	spin_lock_irq(&eu->lock);
	udev = eu->udev;
	eu->udev = NULL;
	spin_unlock_irq(&eu->lock);
	ethsta_usb_stop(eu);
	ethsta_usb_rx_free(eu);
	ethsta_bus_down(eu->es);
	dev_info(&intf->dev, "co-processor gone: %s has no carrier\n",
		 eu->es->ifname);
	usb_put_dev(udev);
	usb_set_intfdata(intf, NULL);
	mutex_lock(&ethsta_usb_instances_lock);
	eu->intf = NULL;
	mutex_unlock(&ethsta_usb_instances_lock);
}

/*
 * The power-save frame the PM notifier queued, and what came before it, go
 * out first, for at most a second; then nothing is posted until resume.
 */
static int ethsta_usb_suspend(struct usb_interface *intf, pm_message_t message)
{
	struct ethsta_usb *eu = usb_get_intfdata(intf);

	if (!wait_event_timeout(eu->drained, !READ_ONCE(eu->tx_in_flight), HZ))
		dev_warn(
			&intf->dev,
			"suspending with %u frames the co-processor did not take\n",
			READ_ONCE(eu->tx_in_flight));
	spin_lock_irq(&eu->lock);
	eu->suspended = true;
	spin_unlock_irq(&eu->lock);
	ethsta_usb_stop(eu);
	return 0;
}

static int ethsta_usb_resume(struct usb_interface *intf)
{
	struct ethsta_usb *eu = usb_get_intfdata(intf);

	spin_lock_irq(&eu->lock);
	eu->suspended = false;
	spin_unlock_irq(&eu->lock);
	ethsta_usb_rx_start(eu);
	ethsta_bus_tx_space(eu->es);
	return 0;
}

/*
 * The device was reset while the host slept: it is told to start afresh,
 * but not from here. A co-processor in user space (FunctionFS) is still
 * frozen while devices resume, and could not answer.
 */
static int ethsta_usb_reset_resume(struct usb_interface *intf)
{
	struct ethsta_usb *eu = usb_get_intfdata(intf);

	ethsta_usb_resume(intf);
	schedule_work(&eu->reset_work);
	return 0;
}

/* Filled only through new_id: see the comment at the top. */
static const struct usb_device_id ethsta_usb_ids[] = {{}};

static struct usb_driver ethsta_usb_driver = {
	.name = "ethsta-usb",
	.id_table = ethsta_usb_ids,
	.probe = ethsta_usb_probe,
	.disconnect = ethsta_usb_disconnect,
	.suspend = ethsta_usb_suspend,
	.resume = ethsta_usb_resume,
	.reset_resume = ethsta_usb_reset_resume,
};

static int __init ethsta_usb_init(void)
{
	return usb_register(&ethsta_usb_driver);
}

/* The devices go first (disconnect), then the instances they left. */
static void __exit ethsta_usb_exit(void)
{
	struct ethsta_usb *eu, *next;

	usb_deregister(&ethsta_usb_driver);
	list_for_each_entry_safe(eu, next, &ethsta_usb_instances, node)
	{
		cancel_work_sync(&eu->tx_space_work);
		ethsta_destroy(eu->es);
		list_del(&eu->node);
		kfree(eu);
	}
}

module_init(ethsta_usb_init);
module_exit(ethsta_usb_exit);

MODULE_DESCRIPTION(
	"netsplit station netdev over USB, the co-processor a device with a vendor-specific bulk interface");
MODULE_AUTHOR("netsplit developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(ETHSTA_VERSION);
