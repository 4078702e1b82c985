// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual bus: the co-processor's end is /dev/espbus0. One write is one
 * bus frame to the host, one read one bus frame from it (a buffer shorter
 * than the frame gets EMSGSIZE and the frame stays), poll is supported. The
 * frames for the co-processor wait in a bounded queue: at tx_frames the
 * netdev's queue stops, and it starts again when the reader has taken half.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ethsta.h"

struct ethsta_vbus {
	struct miscdevice misc;
	struct ethsta *es;
	struct sk_buff_head txq; /* its lock also guards open */
	wait_queue_head_t wait;	 /* readers */
	unsigned int limit;
	bool open;
};

static struct ethsta_vbus *ethsta_vbus;

static unsigned int ethsta_vbus_limit(struct ethsta_vbus *vb,
				      enum ethsta_tx_class cls)
{
	return vb->limit + (cls == ETHSTA_TX_CONTROL ? ETHSTA_CTRL_RESERVE : 0);
}

static int ethsta_vbus_queue(struct ethsta *es, struct sk_buff *skb,
			     enum ethsta_tx_class cls)
{
	struct ethsta_vbus *vb = es->bus;
	int ret = 0;

	spin_lock_bh(&vb->txq.lock);
	if (!vb->open)
		ret = -ENOTCONN;
	else if (skb_queue_len(&vb->txq) >= ethsta_vbus_limit(vb, cls))
		ret = -ENOBUFS;
	else
		__skb_queue_tail(&vb->txq, skb);
	spin_unlock_bh(&vb->txq.lock);
	if (!ret && wq_has_sleeper(&vb->wait))
		wake_up_interruptible(&vb->wait);
	return ret;
}

static bool ethsta_vbus_has_room(struct ethsta *es, enum ethsta_tx_class cls)
{
	struct ethsta_vbus *vb = es->bus;

	return skb_queue_len_lockless(&vb->txq) < ethsta_vbus_limit(vb, cls);
}

static const struct ethsta_bus_ops ethsta_vbus_ops = {
	.owner = THIS_MODULE,
	.queue = ethsta_vbus_queue,
	.has_room = ethsta_vbus_has_room,
};

static struct ethsta_vbus *ethsta_vbus_of(struct file *file)
{
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct ethsta_vbus, misc);
}

static int ethsta_vbus_open(struct inode *inode, struct file *file)
{
	struct ethsta_vbus *vb = ethsta_vbus_of(file);
	int ret = 0;

	/* The opener is the co-processor: its frames are the uplink's. */
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	spin_lock_bh(&vb->txq.lock);
	if (vb->open)
		ret = -EBUSY;
	vb->open = true;
	spin_unlock_bh(&vb->txq.lock);
	if (!ret)
		ethsta_bus_up(vb->es);
	return ret;
}

static int ethsta_vbus_release(struct inode *inode, struct file *file)
{
	struct ethsta_vbus *vb = ethsta_vbus_of(file);

	spin_lock_bh(&vb->txq.lock);
	vb->open = false;
	__skb_queue_purge(&vb->txq);
	spin_unlock_bh(&vb->txq.lock);
	ethsta_bus_down(vb->es);
	return 0;
}

static ssize_t ethsta_vbus_read(struct file *file, char __user *buf,
				size_t count, loff_t *pos)
{
	struct ethsta_vbus *vb = ethsta_vbus_of(file);
	struct sk_buff *skb;
	ssize_t ret;

	for (;;) {
		skb = skb_dequeue(&vb->txq);
		if (skb)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(
			vb->wait, !skb_queue_empty_lockless(&vb->txq));
		if (ret)
			return ret;
	}
	if (count < skb->len) {
		skb_queue_head(&vb->txq, skb);
		return -EMSGSIZE;
	}
	ret = copy_to_user(buf, skb->data, skb->len) ? -EFAULT : skb->len;
	consume_skb(skb);
	if (skb_queue_len_lockless(&vb->txq) <= vb->limit / 2)
		ethsta_bus_tx_space(vb->es);
	return ret;
}

static int ethsta_vbus_fill(void *dst, unsigned int len, void *arg)
{
	return copy_from_user(dst, (const void __user *)arg, len) ? -EFAULT : 0;
}

static ssize_t ethsta_vbus_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *pos)
{
	struct ethsta_vbus *vb = ethsta_vbus_of(file);
	int ret;

	ret = ethsta_bus_rx(vb->es, count > UINT_MAX ? UINT_MAX : count,
			    ethsta_vbus_fill, (void __force *)buf);
	return ret ? ret : count;
}

static __poll_t ethsta_vbus_poll(struct file *file, poll_table *wait)
{
	struct ethsta_vbus *vb = ethsta_vbus_of(file);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &vb->wait, wait);
	if (!skb_queue_empty_lockless(&vb->txq))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static const struct file_operations ethsta_vbus_fops = {
	.owner = THIS_MODULE,
	.open = ethsta_vbus_open,
	.release = ethsta_vbus_release,
	.read = ethsta_vbus_read,
	.write = ethsta_vbus_write,
	.poll = ethsta_vbus_poll,
	.llseek = noop_llseek,
};

int ethsta_vbus_init(void)
{
	struct ethsta_vbus *vb;
	int ret;

	vb = kzalloc(sizeof(*vb), GFP_KERNEL);
	if (!vb)
		return -ENOMEM;
	skb_queue_head_init(&vb->txq);
	init_waitqueue_head(&vb->wait);
	vb->es = ethsta_create(&ethsta_vbus_ops, vb, NULL, "virtual:espbus0");
	if (IS_ERR(vb->es)) {
		ret = PTR_ERR(vb->es);
		goto err_free;
	}
	vb->limit = vb->es->tx_frames;
	vb->misc.minor = MISC_DYNAMIC_MINOR;
	vb->misc.name = "espbus0";
	vb->misc.fops = &ethsta_vbus_fops;
	vb->misc.mode = 0600;
	ret = misc_register(&vb->misc);
	if (ret)
		goto err_destroy;
	ethsta_vbus = vb;
	return 0;

err_destroy:
	ethsta_destroy(vb->es);
err_free:
	kfree(vb);
	return ret;
}

/*
 * Nothing can have the character devices open here (they hold the module),
 * so once /dev/espbus0 is gone no frame arrives.
 */
void ethsta_vbus_exit(void)
{
	struct ethsta_vbus *vb = ethsta_vbus;

	misc_deregister(&vb->misc);
	ethsta_destroy(vb->es);
	skb_queue_purge(&vb->txq);
	kfree(vb);
}
