// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/espctl<N>: the host's end of the control stream. A write becomes
 * control frames of at most NS_BUS_PAYLOAD_MAX bytes; a read returns what
 * control frames brought, in order. One opener at a time, and only while a
 * co-processor is there: when it goes away, reads see end of file and the
 * opener must open again, which starts a new stream on both sides. The
 * last close ends the stream on the co-processor's side too.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "ethsta.h"

/* Control payloads held for the reader; more are dropped and counted. */
#define ETHSTA_CTRL_RX_FRAMES 128

static struct ethsta *ethsta_ctrl_of(struct file *file)
{
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct ethsta, ctrl.misc);
}

static bool ethsta_ctrl_hung_up(struct ethsta *es)
{
	return READ_ONCE(es->ctrl.hung_up);
}

void ethsta_ctrl_hang_up(struct ethsta *es)
{
	spin_lock_bh(&es->ctrl.rx.lock);
	WRITE_ONCE(es->ctrl.hung_up, true);
	__skb_queue_purge(&es->ctrl.rx);
	spin_unlock_bh(&es->ctrl.rx.lock);
	wake_up_interruptible(&es->ctrl.wait);
	wake_up_interruptible(&es->tx_wait);
}

void ethsta_ctrl_rx(struct ethsta *es, struct sk_buff *skb)
{
	struct ethsta_ctrl *ctrl = &es->ctrl;
	bool queued = false;

	if (skb->len) {
		spin_lock_bh(&ctrl->rx.lock);
		queued = atomic_read(&ctrl->open) && !ctrl->hung_up &&
			 skb_queue_len(&ctrl->rx) < ETHSTA_CTRL_RX_FRAMES;
		if (queued)
			__skb_queue_tail(&ctrl->rx, skb);
		spin_unlock_bh(&ctrl->rx.lock);
	}
	if (queued) {
		wake_up_interruptible(&ctrl->wait);
		return;
	}
	/* An empty control frame carries nothing; it is not end of file. */
	if (skb->len)
		ethsta_count(es, ETHSTA_RX_CTRL_DROPPED);
	kfree_skb(skb);
}

static int ethsta_ctrl_open(struct inode *inode, struct file *file)
{
	struct ethsta *es = ethsta_ctrl_of(file);
	int ret = -ENOTCONN;

	/*
	 * Whoever holds the stream speaks as the host (rules, sleep), and the
	 * co-processor cannot tell who wrote: the mode lets the netsplit group
	 * see the node, not use it.
	 */
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	mutex_lock(&es->event_lock);
	if (!es->cp_ready)
		goto out;
	ret = -EBUSY;
	if (atomic_cmpxchg(&es->ctrl.open, 0, 1))
		goto out;
	spin_lock_bh(&es->ctrl.rx.lock);
	__skb_queue_purge(&es->ctrl.rx);
	WRITE_ONCE(es->ctrl.hung_up, false);
	spin_unlock_bh(&es->ctrl.rx.lock);
	/* The co-processor drops what it had begun of the old stream. */
	ret = ethsta_bus_signal(es, 0);
	if (ret)
		atomic_set(&es->ctrl.open, 0);
	else
		ethsta_count(es, ETHSTA_TX_CONTROL_FRAMES);
out:
	mutex_unlock(&es->event_lock);
	return ret == -ENOBUFS ? -EAGAIN : ret;
}

static int ethsta_ctrl_release(struct inode *inode, struct file *file)
{
	struct ethsta *es = ethsta_ctrl_of(file);

	skb_queue_purge(&es->ctrl.rx);
	/*
	 * The last user is gone (a crash too): the co-processor hears it at
	 * once, as a socket's peer would, and not only when heartbeats stop.
	 * With no room on the bus it learns from the heartbeats after all.
	 */
	mutex_lock(&es->event_lock);
	if (es->cp_ready && !ethsta_ctrl_hung_up(es) &&
	    !ethsta_bus_signal(es, NS_BUS_F_CLOSE))
		ethsta_count(es, ETHSTA_TX_CONTROL_FRAMES);
	atomic_set(&es->ctrl.open, 0);
	mutex_unlock(&es->event_lock);
	wake_up(&es->ctrl.wait);
	return 0;
}

static ssize_t ethsta_ctrl_read(struct file *file, char __user *buf,
				size_t count, loff_t *pos)
{
	struct ethsta *es = ethsta_ctrl_of(file);
	struct sk_buff_head *rx = &es->ctrl.rx;
	struct sk_buff *skb;
	size_t n;
	int ret;

	for (;;) {
		skb = skb_dequeue(rx);
		if (skb)
			break;
		if (ethsta_ctrl_hung_up(es))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(es->ctrl.wait,
					       !skb_queue_empty_lockless(rx) ||
						       ethsta_ctrl_hung_up(es));
		if (ret)
			return ret;
	}
	n = min_t(size_t, count, skb->len);
	if (copy_to_user(buf, skb->data, n)) {
		skb_queue_head(rx, skb);
		return -EFAULT;
	}
	/* A stream: what did not fit is read next. */
	if (n < skb->len) {
		skb_pull(skb, n);
		skb_queue_head(rx, skb);
	} else {
		consume_skb(skb);
	}
	return n;
}

static ssize_t ethsta_ctrl_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *pos)
{
	struct ethsta *es = ethsta_ctrl_of(file);
	struct sk_buff *skb;
	size_t done = 0, chunk;
	int ret = 0;
	u8 flags;

	while (done < count) {
		if (ethsta_ctrl_hung_up(es)) {
			ret = -EPIPE;
			break;
		}
		if (!es->ops->has_room(es, ETHSTA_TX_CONTROL)) {
			if (file->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			ret = wait_event_interruptible(
				es->tx_wait,
				es->ops->has_room(es, ETHSTA_TX_CONTROL) ||
					ethsta_ctrl_hung_up(es));
			if (ret)
				break;
			continue;
		}
		chunk = min_t(size_t, count - done, NS_BUS_PAYLOAD_MAX);
		flags = done + chunk < count ? NS_BUS_F_MORE_FRAGMENTS : 0;
		skb = ethsta_bus_alloc(chunk, GFP_KERNEL);
		if (!skb) {
			ret = -ENOMEM;
			break;
		}
		if (copy_from_user(skb_put(skb, chunk), buf + done, chunk)) {
			kfree_skb(skb);
			ret = -EFAULT;
			break;
		}
		ret = ethsta_bus_send(es, skb, NS_BUS_IF_CONTROL, flags,
				      ETHSTA_TX_CONTROL);
		if (ret == -ENOBUFS)
			continue; /* the room went to another writer: wait */
		if (ret)
			break;
		ethsta_count(es, ETHSTA_TX_CONTROL_FRAMES);
		done += chunk;
	}
	return done ? done : ret;
}

static __poll_t ethsta_ctrl_poll(struct file *file, poll_table *wait)
{
	struct ethsta *es = ethsta_ctrl_of(file);
	__poll_t mask = 0;

	poll_wait(file, &es->ctrl.wait, wait);
	poll_wait(file, &es->tx_wait, wait);
	if (!skb_queue_empty_lockless(&es->ctrl.rx))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (ethsta_ctrl_hung_up(es))
		mask |= EPOLLIN | EPOLLHUP;
	else if (es->ops->has_room(es, ETHSTA_TX_CONTROL))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

static const struct file_operations ethsta_ctrl_fops = {
	.open = ethsta_ctrl_open,
	.release = ethsta_ctrl_release,
	.read = ethsta_ctrl_read,
	.write = ethsta_ctrl_write,
	.poll = ethsta_ctrl_poll,
	.llseek = noop_llseek,
};

int ethsta_ctrl_init(struct ethsta *es)
{
	struct ethsta_ctrl *ctrl = &es->ctrl;

	skb_queue_head_init(&ctrl->rx);
	init_waitqueue_head(&ctrl->wait);
	ctrl->hung_up = true;
	ctrl->misc.minor = MISC_DYNAMIC_MINOR;
	snprintf(ctrl->name, sizeof(ctrl->name), "espctl%d", es->index);
	ctrl->misc.name = ctrl->name;
	ctrl->misc.parent = es->parent;
	ctrl->fops = ethsta_ctrl_fops;
	ctrl->fops.owner = es->ops->owner;
	ctrl->misc.fops = &ctrl->fops;
	ctrl->misc.mode = 0600;
	return misc_register(&ctrl->misc);
}

/*
 * The transport is going (hung up before this): an opener holds its module,
 * but not its device, which can be unbound. It was told end of file; the
 * instance stays until it has closed.
 */
void ethsta_ctrl_exit(struct ethsta *es)
{
	misc_deregister(&es->ctrl.misc);
	wait_event(es->ctrl.wait, !atomic_read(&es->ctrl.open));
	skb_queue_purge(&es->ctrl.rx);
}
