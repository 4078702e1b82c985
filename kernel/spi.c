// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SPI transport (the module ethsta_spi), the co-processor an SPI slave
 * as ESP-Hosted wires an ESP32: full-duplex transfers of one fixed size,
 * each carrying at most one bus frame each way (bus.h), clocked by us only
 * while the co-processor's handshake line says it has a transaction posted,
 * and only when its data-ready line says it has a frame or we have one for
 * it. Both lines are interrupts that wake the transfer thread; no transfer
 * is clocked for nothing and no line is polled. The reset line restarts the
 * co-processor at probe, whose init event then makes the netdev. Only the
 * kernel's SPI and GPIO APIs are used: the device comes from the device
 * tree (kernel/ethsta-spi.yaml) on a board, from a test module in the VM.
 */
#include <linux/delay.h>
#include <linux/gpio/consumer.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/spi/spi.h>

#include "ethsta.h"

struct ethsta_spi {
	struct spi_device *spi;
	struct ethsta *es;
	struct gpio_desc *handshake, *data_ready, *reset;
	int data_ready_irq;
	bool wake_armed;
	struct task_struct *thread;
	wait_queue_head_t wait;	   /* the thread, for kicked */
	wait_queue_head_t drained; /* suspend, for an empty txq */
	bool kicked;		   /* a line rose or a frame was queued */
	bool stopped;		   /* removed: no more frames queued */
	struct sk_buff_head txq;
	struct mutex xfer_lock; /* a transfer against suspend */
	bool suspended;
	u32 max_hz;   /* spi-max-frequency, the board's limit */
	u32 speed_hz; /* that, or lower if the co-processor says so */
	u8 *tx_buf, *rx_buf;
};

static void ethsta_spi_kick(struct ethsta_spi *sp)
{
	WRITE_ONCE(sp->kicked, true);
	wake_up(&sp->wait);
}

static unsigned int ethsta_spi_limit(struct ethsta_spi *sp,
				     enum ethsta_tx_class cls)
{
	return sp->es->tx_frames +
	       (cls == ETHSTA_TX_CONTROL ? ETHSTA_CTRL_RESERVE : 0);
}

static int ethsta_spi_queue(struct ethsta *es, struct sk_buff *skb,
			    enum ethsta_tx_class cls)
{
	struct ethsta_spi *sp = es->bus;
	int ret = 0;

	spin_lock_bh(&sp->txq.lock);
	if (sp->stopped)
		ret = -ENOTCONN;
	else if (skb_queue_len(&sp->txq) >= ethsta_spi_limit(sp, cls))
		ret = -ENOBUFS;
	else
		__skb_queue_tail(&sp->txq, skb);
	spin_unlock_bh(&sp->txq.lock);
	if (!ret)
		ethsta_spi_kick(sp);
	return ret;
}

static bool ethsta_spi_has_room(struct ethsta *es, enum ethsta_tx_class cls)
{
	struct ethsta_spi *sp = es->bus;

	return skb_queue_len_lockless(&sp->txq) < ethsta_spi_limit(sp, cls);
}

/* Called from the transfer thread, through the init event it received. */
static void ethsta_spi_cp_init(struct ethsta *es, u32 max_hz)
{
	struct ethsta_spi *sp = es->bus;
	u32 speed_hz = max_hz ? min(max_hz, sp->max_hz) : sp->max_hz;

	skb_queue_purge(&sp->txq);
	ethsta_bus_tx_space(es);
	if (speed_hz != sp->speed_hz)
		dev_info(
			&sp->spi->dev,
			"clock %u Hz (the co-processor's limit %u Hz, ours %u Hz)\n",
			speed_hz, max_hz, sp->max_hz);
	sp->speed_hz = speed_hz;
}

static const struct ethsta_bus_ops ethsta_spi_ops = {
	.owner = THIS_MODULE,
	.queue = ethsta_spi_queue,
	.has_room = ethsta_spi_has_room,
	.cp_init = ethsta_spi_cp_init,
};

static bool ethsta_spi_line(struct gpio_desc *line)
{
	return gpiod_get_value_cansleep(line) > 0;
}

static bool ethsta_spi_may_clock(struct ethsta_spi *sp)
{
	if (READ_ONCE(sp->suspended) || !ethsta_spi_line(sp->handshake))
		return false;
	return !skb_queue_empty_lockless(&sp->txq) ||
	       ethsta_spi_line(sp->data_ready);
}

static int ethsta_spi_fill(void *dst, unsigned int len, void *arg)
{
	struct ethsta_spi *sp = arg;

	memcpy(dst, sp->rx_buf, len);
	return 0;
}

/* One transfer: our next frame (or none) out, the co-processor's in. */
static void ethsta_spi_transfer(struct ethsta_spi *sp)
{
	struct spi_transfer t = {
		.tx_buf = sp->tx_buf,
		.rx_buf = sp->rx_buf,
		.len = NS_BUS_SPI_XFER_LEN,
		.speed_hz = sp->speed_hz,
	};
	struct ethsta *es = sp->es;
	unsigned int frame_len;
	struct sk_buff *skb;
	int ret;

	skb = skb_dequeue(&sp->txq);
	if (skb) {
		memcpy(sp->tx_buf, skb->data, skb->len);
		memset(sp->tx_buf + skb->len, 0,
		       NS_BUS_SPI_XFER_LEN - skb->len);
		consume_skb(skb);
		if (skb_queue_empty_lockless(&sp->txq))
			wake_up(&sp->drained);
		ethsta_bus_tx_space(es);
	} else {
		memset(sp->tx_buf, 0, NS_BUS_SPI_XFER_LEN);
	}
	ret = spi_sync_transfer(sp->spi, &t, 1);
	ethsta_count(es, ETHSTA_BUS_TRANSFERS);
	if (ret) {
		ethsta_count(es, ETHSTA_BUS_TRANSFER_ERRORS);
		dev_warn_ratelimited(&sp->spi->dev, "transfer failed: %d\n",
				     ret);
		return;
	}
	frame_len = ns_bus_spi_frame_len(sp->rx_buf);
	if (frame_len)
		ethsta_bus_rx(es, frame_len, ethsta_spi_fill, sp);
	else if (!skb)
		ethsta_count(es, ETHSTA_BUS_TRANSFERS_EMPTY);
}

/*
 * kicked is cleared before the lines are read, so a line that rises after
 * they were read kicks the wait that follows, and nothing is lost.
 */
static int ethsta_spi_thread(void *arg)
{
	struct ethsta_spi *sp = arg;

	while (!kthread_should_stop()) {
		WRITE_ONCE(sp->kicked, false);
		smp_mb();
		if (!ethsta_spi_may_clock(sp)) {
			wait_event_idle(sp->wait,
					READ_ONCE(sp->kicked) ||
						kthread_should_stop());
			continue;
		}
		mutex_lock(&sp->xfer_lock);
		if (!sp->suspended)
			ethsta_spi_transfer(sp);
		mutex_unlock(&sp->xfer_lock);
	}
	return 0;
}

static irqreturn_t ethsta_spi_irq(int irq, void *arg)
{
	struct ethsta_spi *sp = arg;

	/* A frame for a sleeping host: what the wake interrupt is for. */
	if (irq == sp->data_ready_irq && READ_ONCE(sp->suspended))
		pm_wakeup_dev_event(&sp->spi->dev, 0, true);
	ethsta_spi_kick(sp);
	return IRQ_HANDLED;
}

static int ethsta_spi_line_irq(struct ethsta_spi *sp, struct gpio_desc *line,
			       const char *name)
{
	struct device *dev = &sp->spi->dev;
	int irq, ret;

	irq = gpiod_to_irq(line);
	if (irq < 0)
		return dev_err_probe(
			dev, irq,
			"the %s GPIO cannot interrupt; wire it to a pin that can\n",
			name);
	ret = devm_request_irq(dev, irq, ethsta_spi_irq, IRQF_TRIGGER_RISING,
			       name, sp);
	if (ret)
		return dev_err_probe(dev, ret, "cannot request the %s IRQ %d\n",
				     name, irq);
	return irq;
}

static struct gpio_desc *ethsta_spi_gpio(struct device *dev, const char *name,
					 enum gpiod_flags flags)
{
	struct gpio_desc *line = devm_gpiod_get(dev, name, flags);

	if (IS_ERR(line))
		dev_err_probe(
			dev, PTR_ERR(line),
			"no %s GPIO: give %s-gpios (kernel/ethsta-spi.yaml)\n",
			name, name);
	return line;
}

static int ethsta_spi_probe(struct spi_device *spi)
{
	struct device *dev = &spi->dev;
	struct ethsta_spi *sp;
	int ret;

	sp = devm_kzalloc(dev, sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return -ENOMEM;
	sp->tx_buf = devm_kzalloc(dev, NS_BUS_SPI_XFER_LEN, GFP_KERNEL);
	sp->rx_buf = devm_kzalloc(dev, NS_BUS_SPI_XFER_LEN, GFP_KERNEL);
	if (!sp->tx_buf || !sp->rx_buf)
		return -ENOMEM;
	sp->spi = spi;
	if (!spi->max_speed_hz)
		return dev_err_probe(dev, -EINVAL,
				     "no clock: give spi-max-frequency\n");
	spi->bits_per_word = 8;
	ret = spi_setup(spi);
	if (ret)
		return dev_err_probe(dev, ret, "SPI mode %#x refused\n",
				     spi->mode);
	sp->max_hz = sp->speed_hz = spi->max_speed_hz;
	sp->handshake = ethsta_spi_gpio(dev, "handshake", GPIOD_IN);
	if (IS_ERR(sp->handshake))
		return PTR_ERR(sp->handshake);
	sp->data_ready = ethsta_spi_gpio(dev, "data-ready", GPIOD_IN);
	if (IS_ERR(sp->data_ready))
		return PTR_ERR(sp->data_ready);
	sp->reset = ethsta_spi_gpio(dev, "reset", GPIOD_OUT_LOW);
	if (IS_ERR(sp->reset))
		return PTR_ERR(sp->reset);
	init_waitqueue_head(&sp->wait);
	init_waitqueue_head(&sp->drained);
	skb_queue_head_init(&sp->txq);
	mutex_init(&sp->xfer_lock);
	ret = ethsta_spi_line_irq(sp, sp->handshake, "ethsta-spi handshake");
	if (ret < 0)
		return ret;
	ret = ethsta_spi_line_irq(sp, sp->data_ready, "ethsta-spi data-ready");
	if (ret < 0)
		return ret;
	sp->data_ready_irq = ret;
	sp->es = ethsta_create(&ethsta_spi_ops, sp, dev, dev_name(dev));
	if (IS_ERR(sp->es))
		return PTR_ERR(sp->es);
	spi_set_drvdata(spi, sp);
	sp->thread = kthread_run(ethsta_spi_thread, sp, "ethsta-spi/%s",
				 dev_name(dev));
	if (IS_ERR(sp->thread)) {
		ret = PTR_ERR(sp->thread);
		goto err_destroy;
	}
	/* Moving frames is the link's latency: ahead of ordinary work. */
	sched_set_fifo_low(sp->thread);
	device_init_wakeup(dev, true);
	ethsta_bus_up(sp->es);
	/* Whatever state the co-processor was in, it starts afresh. */
	gpiod_set_value_cansleep(sp->reset, 1);
	usleep_range(1000, 2000);
	gpiod_set_value_cansleep(sp->reset, 0);
	return 0;

err_destroy:
	ethsta_destroy(sp->es);
	return ret;
}

static void ethsta_spi_remove(struct spi_device *spi)
{
	struct ethsta_spi *sp = spi_get_drvdata(spi);

	device_init_wakeup(&spi->dev, false);
	kthread_stop(sp->thread);
	spin_lock_bh(&sp->txq.lock);
	sp->stopped = true;
	__skb_queue_purge(&sp->txq);
	spin_unlock_bh(&sp->txq.lock);
	ethsta_destroy(sp->es);
}

/*
 * The power-save frame the PM notifier queued, and what came before it, go
 * out first; a co-processor that takes nothing for a second is not waited
 * for longer. Then no transfer is clocked until resume, and a frame the
 * co-processor raises data-ready for wakes the host.
 */
static int ethsta_spi_suspend(struct device *dev)
{
	struct ethsta_spi *sp = dev_get_drvdata(dev);

	if (!wait_event_timeout(sp->drained, skb_queue_empty_lockless(&sp->txq),
				HZ))
		dev_warn(
			dev,
			"suspending with %u frames the co-processor did not take\n",
			skb_queue_len_lockless(&sp->txq));
	mutex_lock(&sp->xfer_lock);
	WRITE_ONCE(sp->suspended, true);
	mutex_unlock(&sp->xfer_lock);
	sp->wake_armed =
		device_may_wakeup(dev) && !enable_irq_wake(sp->data_ready_irq);
	return 0;
}

static int ethsta_spi_resume(struct device *dev)
{
	struct ethsta_spi *sp = dev_get_drvdata(dev);

	if (sp->wake_armed)
		disable_irq_wake(sp->data_ready_irq);
	sp->wake_armed = false;
	WRITE_ONCE(sp->suspended, false);
	ethsta_spi_kick(sp);
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(ethsta_spi_pm, ethsta_spi_suspend,
				ethsta_spi_resume);

static const struct of_device_id ethsta_spi_of_match[] = {
	{.compatible = "netsplit,ethsta-spi"}, {}};
MODULE_DEVICE_TABLE(of, ethsta_spi_of_match);

static const struct spi_device_id ethsta_spi_ids[] = {{"ethsta-spi"}, {}};
MODULE_DEVICE_TABLE(spi, ethsta_spi_ids);

static struct spi_driver ethsta_spi_driver = {
	.driver =
		{
			.name = "ethsta-spi",
			.of_match_table = ethsta_spi_of_match,
			.pm = pm_sleep_ptr(&ethsta_spi_pm),
		},
	.id_table = ethsta_spi_ids,
	.probe = ethsta_spi_probe,
	.remove = ethsta_spi_remove,
};
module_spi_driver(ethsta_spi_driver);

MODULE_DESCRIPTION(
	"netsplit station netdev over SPI, the co-processor an SPI slave with handshake, data-ready and reset lines");
MODULE_AUTHOR("netsplit developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(ETHSTA_VERSION);
