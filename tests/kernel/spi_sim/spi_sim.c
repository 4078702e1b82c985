// SPDX-License-Identifier: GPL-2.0-only
/*
 * spi_sim: a test-only SPI controller and GPIO chip whose other ends are
 * the simulated ESP32 in user space (include/netsplit/spi_sim.h), so that
 * ethsta_spi runs unchanged through the kernel's SPI and GPIO APIs in a VM
 * without device tree: a platform device holds a GPIO chip with interrupts
 * (handshake, data-ready: slave to host; reset: host to slave) and an SPI
 * controller, and registers the ethsta-spi device on it with a gpiod lookup
 * table, as board code would. It never pretends: a transfer clocked with
 * nothing posted is garbage and a violation. debugfs spi_sim/stats counts
 * what the bench and the checks read; spi_sim/offer_wake makes the
 * controller post a wake-flagged frame for the host when it suspends, and
 * raise data-ready for it then (2: a wake event while suspending) or when
 * it resumes (1).
 * Never installed or packaged.
 */
#include <linux/debugfs.h>
#include <linux/gpio/driver.h>
#include <linux/gpio/machine.h>
#include <linux/if_ether.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>
#include <linux/uaccess.h>

#include <netsplit/spi_sim.h>

#define SPI_SIM_NAME	"spi-sim"
#define SPI_SIM_GARBAGE 0xa5

enum spi_sim_line {
	SPI_SIM_HANDSHAKE,
	SPI_SIM_DATA_READY,
	SPI_SIM_RESET,
	SPI_SIM_LINES
};

enum spi_sim_offer {
	SPI_SIM_OFFER_NONE,
	SPI_SIM_OFFER_AT_RESUME,
	SPI_SIM_OFFER_NOW,
};

struct spi_sim_txn {
	struct list_head node;
	u32 slot, flags;
	u8 tx[NS_BUS_SPI_XFER_LEN];
};

struct spi_sim_event {
	struct list_head node;
	struct ns_spi_sim_event ev;
};

struct spi_sim_stats {
	u64 transfers, empty, frames_to_host, frames_to_slave, violations;
	u64 bad_size, speed_hz, mode, resets, suspends, wake_armed;
};

struct spi_sim {
	struct device *dev;
	struct gpio_chip gc;
	struct spi_controller *ctlr;
	struct spi_device *spi;
	struct gpiod_lookup_table *lookup;
	struct miscdevice misc;
	struct dentry *debugfs;
	struct mutex lock; /* everything below */
	bool line[SPI_SIM_LINES];
	struct list_head posted;
	unsigned int n_posted;
	struct list_head events;
	wait_queue_head_t wait; /* the slave's reads */
	bool open;
	u8 offer_wake; /* enum spi_sim_offer */
	bool data_ready_at_resume;
	struct spi_sim_stats stats;
};

/* Caller holds sim->lock. A rising line interrupts, as an edge would. */
static void spi_sim_set_line(struct spi_sim *sim, enum spi_sim_line line,
			     bool level)
{
	bool rose = level && !sim->line[line];
	unsigned int irq;

	sim->line[line] = level;
	if (!rose || line == SPI_SIM_RESET)
		return;
	irq = irq_find_mapping(sim->gc.irq.domain, line);
	if (irq)
		generic_handle_irq_safe(irq);
}

static void spi_sim_event(struct spi_sim *sim, u32 type, u32 slot,
			  const void *rx, unsigned int len)
{
	struct spi_sim_event *e = kzalloc(sizeof(*e), GFP_KERNEL);

	if (!e)
		return;
	e->ev.type = type;
	e->ev.slot = slot;
	if (rx)
		memcpy(e->ev.rx, rx,
		       min_t(unsigned int, len, sizeof(e->ev.rx)));
	list_add_tail(&e->node, &sim->events);
	wake_up_interruptible(&sim->wait);
}

/* Caller holds sim->lock: the slave rebooted or went away. */
static void spi_sim_drop_posted(struct spi_sim *sim)
{
	struct spi_sim_txn *t, *tmp;

	list_for_each_entry_safe(t, tmp, &sim->posted, node)
	{
		list_del(&t->node);
		kfree(t);
	}
	sim->n_posted = 0;
	spi_sim_set_line(sim, SPI_SIM_HANDSHAKE, false);
	spi_sim_set_line(sim, SPI_SIM_DATA_READY, false);
}

static void spi_sim_drop_events(struct spi_sim *sim)
{
	struct spi_sim_event *e, *tmp;

	list_for_each_entry_safe(e, tmp, &sim->events, node)
	{
		list_del(&e->node);
		kfree(e);
	}
}

static bool spi_sim_frame_posted(struct spi_sim *sim)
{
	struct spi_sim_txn *t;

	list_for_each_entry(t, &sim->posted,
			    node) if (t->flags &
				      NS_SPI_SIM_F_FRAME) return true;
	return false;
}

/* Caller holds sim->lock. */
static void spi_sim_post(struct spi_sim *sim, struct spi_sim_txn *t)
{
	list_add_tail(&t->node, &sim->posted);
	sim->n_posted++;
	spi_sim_set_line(sim, SPI_SIM_HANDSHAKE, true);
}

static int spi_sim_transfer_one(struct spi_controller *ctlr,
				struct spi_device *spi,
				struct spi_transfer *xfer)
{
	struct spi_sim *sim = spi_controller_get_devdata(ctlr);
	unsigned int n = min_t(unsigned int, xfer->len, NS_BUS_SPI_XFER_LEN);
	bool to_host, to_slave;
	struct spi_sim_txn *t;

	mutex_lock(&sim->lock);
	sim->stats.transfers++;
	sim->stats.speed_hz = xfer->speed_hz;
	sim->stats.mode = spi->mode;
	if (xfer->len != NS_BUS_SPI_XFER_LEN)
		sim->stats.bad_size++;
	t = list_first_entry_or_null(&sim->posted, struct spi_sim_txn, node);
	if (!t) {
		sim->stats.violations++;
		if (xfer->rx_buf)
			memset(xfer->rx_buf, SPI_SIM_GARBAGE, xfer->len);
		goto out;
	}
	list_del(&t->node);
	sim->n_posted--;
	if (xfer->rx_buf) {
		memset(xfer->rx_buf, SPI_SIM_GARBAGE, xfer->len);
		memcpy(xfer->rx_buf, t->tx, n);
	}
	to_host = ns_bus_spi_frame_len(t->tx) != 0;
	to_slave = xfer->tx_buf && ns_bus_spi_frame_len(xfer->tx_buf) != 0;
	sim->stats.frames_to_host += to_host;
	sim->stats.frames_to_slave += to_slave;
	sim->stats.empty += !to_host && !to_slave;
	spi_sim_event(sim, NS_SPI_SIM_EV_DONE, t->slot, xfer->tx_buf,
		      xfer->tx_buf ? n : 0);
	kfree(t);
	if (!sim->n_posted)
		spi_sim_set_line(sim, SPI_SIM_HANDSHAKE, false);
	if (!spi_sim_frame_posted(sim))
		spi_sim_set_line(sim, SPI_SIM_DATA_READY, false);
out:
	mutex_unlock(&sim->lock);
	return 0;
}

static int spi_sim_gpio_get(struct gpio_chip *gc, unsigned int offset)
{
	struct spi_sim *sim = gpiochip_get_data(gc);
	int level;

	mutex_lock(&sim->lock);
	level = sim->line[offset];
	mutex_unlock(&sim->lock);
	return level;
}

static void spi_sim_gpio_set(struct gpio_chip *gc, unsigned int offset,
			     int value)
{
	struct spi_sim *sim = gpiochip_get_data(gc);

	if (offset != SPI_SIM_RESET)
		return;
	mutex_lock(&sim->lock);
	/* Held in reset, the slave's peripheral forgets what was posted. */
	if (value && !sim->line[SPI_SIM_RESET]) {
		sim->stats.resets++;
		spi_sim_drop_posted(sim);
		spi_sim_event(sim, NS_SPI_SIM_EV_RESET, 0, NULL, 0);
	}
	sim->line[SPI_SIM_RESET] = value;
	mutex_unlock(&sim->lock);
}

static int spi_sim_gpio_get_direction(struct gpio_chip *gc, unsigned int offset)
{
	return offset == SPI_SIM_RESET ? GPIO_LINE_DIRECTION_OUT
				       : GPIO_LINE_DIRECTION_IN;
}

static int spi_sim_gpio_direction_input(struct gpio_chip *gc,
					unsigned int offset)
{
	return offset == SPI_SIM_RESET ? -EPERM : 0;
}

static int spi_sim_gpio_direction_output(struct gpio_chip *gc,
					 unsigned int offset, int value)
{
	if (offset != SPI_SIM_RESET)
		return -EPERM;
	spi_sim_gpio_set(gc, offset, value);
	return 0;
}

static void spi_sim_irq_mask(struct irq_data *d)
{
	gpiochip_disable_irq(irq_data_get_irq_chip_data(d), irqd_to_hwirq(d));
}

static void spi_sim_irq_unmask(struct irq_data *d)
{
	gpiochip_enable_irq(irq_data_get_irq_chip_data(d), irqd_to_hwirq(d));
}

static int spi_sim_irq_set_type(struct irq_data *d, unsigned int type)
{
	return type == IRQ_TYPE_EDGE_RISING ? 0 : -EINVAL;
}

/* A wake source as any: irqd_is_wakeup_set() says whether it is armed. */
static int spi_sim_irq_set_wake(struct irq_data *d, unsigned int on)
{
	return 0;
}

static const struct irq_chip spi_sim_irq_chip = {
	.name = SPI_SIM_NAME,
	.irq_mask = spi_sim_irq_mask,
	.irq_unmask = spi_sim_irq_unmask,
	.irq_set_type = spi_sim_irq_set_type,
	.irq_set_wake = spi_sim_irq_set_wake,
	.flags = IRQCHIP_IMMUTABLE,
	GPIOCHIP_IRQ_RESOURCE_HELPERS,
};

static struct spi_sim *spi_sim_of(struct file *file)
{
	return container_of(file->private_data, struct spi_sim, misc);
}

/* The slave powers up: nothing posted, its lines low. */
static int spi_sim_open(struct inode *inode, struct file *file)
{
	struct spi_sim *sim = spi_sim_of(file);
	int ret = 0;

	mutex_lock(&sim->lock);
	if (sim->open) {
		ret = -EBUSY;
	} else {
		sim->open = true;
		spi_sim_drop_posted(sim);
		spi_sim_drop_events(sim);
	}
	mutex_unlock(&sim->lock);
	return ret;
}

static int spi_sim_release(struct inode *inode, struct file *file)
{
	struct spi_sim *sim = spi_sim_of(file);

	mutex_lock(&sim->lock);
	sim->open = false;
	spi_sim_drop_posted(sim);
	spi_sim_drop_events(sim);
	mutex_unlock(&sim->lock);
	return 0;
}

static ssize_t spi_sim_write_post(struct spi_sim *sim, const char __user *buf,
				  size_t count)
{
	struct ns_spi_sim_post *post;
	struct spi_sim_txn *t;
	ssize_t ret = count;

	if (count != sizeof(*post))
		return -EINVAL;
	post = memdup_user(buf, count);
	if (IS_ERR(post))
		return PTR_ERR(post);
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		ret = -ENOMEM;
		goto out;
	}
	t->slot = post->slot;
	t->flags = post->flags;
	memcpy(t->tx, post->tx, sizeof(t->tx));
	mutex_lock(&sim->lock);
	if (sim->n_posted >= NS_SPI_SIM_SLOTS) {
		kfree(t);
		ret = -ENOSPC;
	} else {
		spi_sim_post(sim, t);
	}
	mutex_unlock(&sim->lock);
out:
	kfree(post);
	return ret;
}

static ssize_t spi_sim_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *pos)
{
	struct spi_sim *sim = spi_sim_of(file);
	struct ns_spi_sim_line line;
	u32 cmd;

	if (count < sizeof(cmd) || get_user(cmd, (const u32 __user *)buf))
		return -EINVAL;
	if (cmd == NS_SPI_SIM_POST)
		return spi_sim_write_post(sim, buf, count);
	if (cmd != NS_SPI_SIM_DATA_READY || count != sizeof(line))
		return -EINVAL;
	if (copy_from_user(&line, buf, sizeof(line)))
		return -EFAULT;
	mutex_lock(&sim->lock);
	spi_sim_set_line(sim, SPI_SIM_DATA_READY, line.level);
	mutex_unlock(&sim->lock);
	return count;
}

static ssize_t spi_sim_read(struct file *file, char __user *buf, size_t count,
			    loff_t *pos)
{
	struct spi_sim *sim = spi_sim_of(file);
	struct spi_sim_event *e;
	int ret;

	if (count < sizeof(e->ev))
		return -EMSGSIZE;
	for (;;) {
		mutex_lock(&sim->lock);
		e = list_first_entry_or_null(&sim->events, struct spi_sim_event,
					     node);
		if (e)
			list_del(&e->node);
		mutex_unlock(&sim->lock);
		if (e)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(
			sim->wait, !list_empty_careful(&sim->events));
		if (ret)
			return ret;
	}
	ret = copy_to_user(buf, &e->ev, sizeof(e->ev)) ? -EFAULT
						       : sizeof(e->ev);
	kfree(e);
	return ret;
}

static __poll_t spi_sim_poll(struct file *file, poll_table *wait)
{
	struct spi_sim *sim = spi_sim_of(file);

	poll_wait(file, &sim->wait, wait);
	return EPOLLOUT | EPOLLWRNORM |
	       (list_empty_careful(&sim->events) ? 0 : EPOLLIN | EPOLLRDNORM);
}

static const struct file_operations spi_sim_fops = {
	.owner = THIS_MODULE,
	.open = spi_sim_open,
	.release = spi_sim_release,
	.read = spi_sim_read,
	.write = spi_sim_write,
	.poll = spi_sim_poll,
	.llseek = noop_llseek,
};

static int spi_sim_stats_show(struct seq_file *m, void *unused)
{
	struct spi_sim *sim = m->private;
	struct spi_sim_stats s;

	mutex_lock(&sim->lock);
	s = sim->stats;
	mutex_unlock(&sim->lock);
	seq_printf(m, "transfers %llu\nempty %llu\nframes_to_host %llu\n",
		   s.transfers, s.empty, s.frames_to_host);
	seq_printf(m, "frames_to_slave %llu\nviolations %llu\nbad_size %llu\n",
		   s.frames_to_slave, s.violations, s.bad_size);
	seq_printf(m, "speed_hz %llu\nmode %llu\nresets %llu\n", s.speed_hz,
		   s.mode, s.resets);
	seq_printf(m, "suspends %llu\nwake_armed_at_suspend %llu\n", s.suspends,
		   s.wake_armed);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(spi_sim_stats);

/*
 * The controller suspends after the devices on it: whether data-ready was
 * armed as a wake source is recorded here, where user space (frozen) cannot
 * look. With offer_wake, a wake-flagged frame for the host is posted now,
 * as a co-processor would for a packet that must wake it, and data-ready
 * raised now (a wake event: the suspend is aborted) or at resume.
 */
static int spi_sim_suspend(struct device *dev)
{
	struct spi_sim *sim = dev_get_drvdata(dev);
	struct ns_bus_frame f = {.if_type = NS_BUS_IF_NETWORK,
				 .flags = NS_BUS_F_WAKEUP,
				 .len = ETH_ZLEN};
	struct spi_sim_txn *t;
	unsigned int irq;

	irq = irq_find_mapping(sim->gc.irq.domain, SPI_SIM_DATA_READY);
	mutex_lock(&sim->lock);
	sim->stats.suspends++;
	sim->stats.wake_armed =
		irq && irqd_is_wakeup_set(irq_get_irq_data(irq));
	if (sim->offer_wake != SPI_SIM_OFFER_NONE) {
		t = kzalloc(sizeof(*t), GFP_KERNEL);
		if (t) {
			/* A broadcast of the local experimental EtherType. */
			memset(t->tx + NS_BUS_HDR_LEN, 0xff, ETH_ALEN);
			t->tx[NS_BUS_HDR_LEN + 12] = 0x88;
			t->tx[NS_BUS_HDR_LEN + 13] = 0xb5;
			ns_bus_seal(t->tx, &f);
			t->slot = NS_SPI_SIM_SLOT_SIM;
			t->flags = NS_SPI_SIM_F_FRAME;
			spi_sim_post(sim, t);
			if (sim->offer_wake == SPI_SIM_OFFER_NOW)
				spi_sim_set_line(sim, SPI_SIM_DATA_READY, true);
			else
				sim->data_ready_at_resume = true;
		}
		sim->offer_wake = SPI_SIM_OFFER_NONE;
	}
	mutex_unlock(&sim->lock);
	return 0;
}

/* Before the devices on the controller resume: their IRQ sees it first. */
static int spi_sim_resume(struct device *dev)
{
	struct spi_sim *sim = dev_get_drvdata(dev);

	mutex_lock(&sim->lock);
	if (sim->data_ready_at_resume)
		spi_sim_set_line(sim, SPI_SIM_DATA_READY, true);
	sim->data_ready_at_resume = false;
	mutex_unlock(&sim->lock);
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(spi_sim_pm, spi_sim_suspend, spi_sim_resume);

static int spi_sim_gpio_init(struct spi_sim *sim)
{
	struct gpio_chip *gc = &sim->gc;
	struct gpio_irq_chip *girq = &gc->irq;

	gc->label = SPI_SIM_NAME;
	gc->parent = sim->dev;
	gc->owner = THIS_MODULE;
	gc->base = -1;
	gc->ngpio = SPI_SIM_LINES;
	gc->can_sleep = true;
	gc->get = spi_sim_gpio_get;
	gc->set = spi_sim_gpio_set;
	gc->get_direction = spi_sim_gpio_get_direction;
	gc->direction_input = spi_sim_gpio_direction_input;
	gc->direction_output = spi_sim_gpio_direction_output;
	gpio_irq_chip_set_chip(girq, &spi_sim_irq_chip);
	girq->handler = handle_simple_irq;
	girq->default_type = IRQ_TYPE_NONE;
	return devm_gpiochip_add_data(sim->dev, gc, sim);
}

static int spi_sim_spi_init(struct spi_sim *sim)
{
	struct spi_controller *ctlr;

	ctlr = devm_spi_alloc_master(sim->dev, 0);
	if (!ctlr)
		return -ENOMEM;
	spi_controller_set_devdata(ctlr, sim);
	ctlr->bus_num = -1;
	ctlr->num_chipselect = 1;
	ctlr->mode_bits = SPI_CPOL | SPI_CPHA;
	ctlr->bits_per_word_mask = SPI_BPW_MASK(8);
	ctlr->min_speed_hz = 100000;
	ctlr->max_speed_hz = 80000000;
	ctlr->transfer_one = spi_sim_transfer_one;
	sim->ctlr = ctlr;
	return devm_spi_register_controller(sim->dev, ctlr);
}

/* What a board file or the device tree would say (kernel/ethsta-spi.yaml). */
static const struct gpiod_lookup spi_sim_lookups[] = {
	GPIO_LOOKUP(SPI_SIM_NAME, SPI_SIM_HANDSHAKE, "handshake",
		    GPIO_ACTIVE_HIGH),
	GPIO_LOOKUP(SPI_SIM_NAME, SPI_SIM_DATA_READY, "data-ready",
		    GPIO_ACTIVE_HIGH),
	GPIO_LOOKUP(SPI_SIM_NAME, SPI_SIM_RESET, "reset", GPIO_ACTIVE_HIGH),
	{}};

static int spi_sim_add_device(struct spi_sim *sim)
{
	struct spi_board_info info = {
		.modalias = "ethsta-spi",
		.max_speed_hz = 40000000,
		.mode = SPI_MODE_3,
	};
	struct gpiod_lookup_table *lookup;

	lookup = devm_kzalloc(
		sim->dev,
		struct_size(lookup, table, ARRAY_SIZE(spi_sim_lookups)),
		GFP_KERNEL);
	if (!lookup)
		return -ENOMEM;
	lookup->dev_id = devm_kasprintf(sim->dev, GFP_KERNEL, "spi%d.0",
					sim->ctlr->bus_num);
	if (!lookup->dev_id)
		return -ENOMEM;
	memcpy(lookup->table, spi_sim_lookups, sizeof(spi_sim_lookups));
	gpiod_add_lookup_table(lookup);
	sim->lookup = lookup;
	sim->spi = spi_new_device(sim->ctlr, &info);
	if (!sim->spi) {
		gpiod_remove_lookup_table(lookup);
		return -ENODEV;
	}
	return 0;
}

static int spi_sim_probe(struct platform_device *pdev)
{
	struct spi_sim *sim;
	int ret;

	sim = devm_kzalloc(&pdev->dev, sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return -ENOMEM;
	sim->dev = &pdev->dev;
	mutex_init(&sim->lock);
	INIT_LIST_HEAD(&sim->posted);
	INIT_LIST_HEAD(&sim->events);
	init_waitqueue_head(&sim->wait);
	platform_set_drvdata(pdev, sim);
	ret = spi_sim_gpio_init(sim);
	if (ret)
		return ret;
	ret = spi_sim_spi_init(sim);
	if (ret)
		return ret;
	sim->misc.minor = MISC_DYNAMIC_MINOR;
	sim->misc.name = "spisim0";
	sim->misc.fops = &spi_sim_fops;
	sim->misc.mode = 0600;
	ret = misc_register(&sim->misc);
	if (ret)
		return ret;
	sim->debugfs = debugfs_create_dir("spi_sim", NULL);
	debugfs_create_file("stats", 0444, sim->debugfs, sim,
			    &spi_sim_stats_fops);
	debugfs_create_u8("offer_wake", 0600, sim->debugfs, &sim->offer_wake);
	ret = spi_sim_add_device(sim);
	if (ret) {
		debugfs_remove_recursive(sim->debugfs);
		misc_deregister(&sim->misc);
	}
	return ret;
}

static int spi_sim_remove(struct platform_device *pdev)
{
	struct spi_sim *sim = platform_get_drvdata(pdev);

	spi_unregister_device(sim->spi);
	gpiod_remove_lookup_table(sim->lookup);
	debugfs_remove_recursive(sim->debugfs);
	misc_deregister(&sim->misc);
	spi_sim_drop_posted(sim);
	spi_sim_drop_events(sim);
	return 0;
}

static struct platform_driver spi_sim_driver = {
	.driver =
		{
			.name = SPI_SIM_NAME,
			.pm = pm_sleep_ptr(&spi_sim_pm),
		},
	.probe = spi_sim_probe,
	.remove = spi_sim_remove,
};

static struct platform_device *spi_sim_pdev;

static int __init spi_sim_init(void)
{
	int ret = platform_driver_register(&spi_sim_driver);

	if (ret)
		return ret;
	spi_sim_pdev =
		platform_device_register_simple(SPI_SIM_NAME, -1, NULL, 0);
	if (IS_ERR(spi_sim_pdev)) {
		platform_driver_unregister(&spi_sim_driver);
		return PTR_ERR(spi_sim_pdev);
	}
	return 0;
}

static void __exit spi_sim_exit(void)
{
	platform_device_unregister(spi_sim_pdev);
	platform_driver_unregister(&spi_sim_driver);
}

module_init(spi_sim_init);
module_exit(spi_sim_exit);
MODULE_DESCRIPTION("test-only SPI controller and GPIO chip whose other end is "
		   "a simulated SPI slave at /dev/spisim0");
MODULE_AUTHOR("netsplit developers");
MODULE_LICENSE("GPL");
