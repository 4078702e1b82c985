// SPDX-License-Identifier: GPL-2.0-only
/*
 * An instance of the driver over a transport: its control channel and
 * power-management notifier made when the transport creates it, all of it,
 * the netdev last, taken down when the transport goes. The parameters that
 * shape every instance are here.
 */
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "ethsta.h"

static char *ifname = "ethsta0";
module_param(ifname, charp, 0444);
MODULE_PARM_DESC(
	ifname,
	"name of the netdev made when the first co-processor announces itself; later ones get ethsta<N> (default ethsta0)");

static unsigned int tx_frames = 256;
module_param(tx_frames, uint, 0444);
MODULE_PARM_DESC(
	tx_frames,
	"frames a bus holds for the co-processor before the netdev's queue stops, 16 to 4096 (default 256)");

int ethsta_params_check(void)
{
	if (tx_frames < 16 || tx_frames > 4096 || !*ifname ||
	    strlen(ifname) >= IFNAMSIZ) {
		pr_err(ETHSTA_NAME
		       ": tx_frames must be 16 to 4096 and ifname 1 to %d characters\n",
		       IFNAMSIZ - 1);
		return -EINVAL;
	}
	return 0;
}

static DEFINE_IDA(ethsta_ida);

struct ethsta *ethsta_create(const struct ethsta_bus_ops *ops, void *bus,
			     struct device *parent, const char *bus_info)
{
	struct ethsta *es;
	int ret;

	es = kzalloc(sizeof(*es), GFP_KERNEL);
	if (!es)
		return ERR_PTR(-ENOMEM);
	es->ops = ops;
	es->bus = bus;
	es->parent = parent;
	es->bus_info = bus_info;
	es->tx_frames = tx_frames;
	mutex_init(&es->event_lock);
	init_waitqueue_head(&es->tx_wait);
	ret = ida_alloc(&ethsta_ida, GFP_KERNEL);
	if (ret < 0)
		goto err_free;
	es->index = ret;
	if (es->index)
		snprintf(es->ifname, sizeof(es->ifname), ETHSTA_NAME "%d",
			 es->index);
	else
		strscpy(es->ifname, ifname, sizeof(es->ifname));
	ret = ethsta_ctrl_init(es);
	if (ret)
		goto err_ida;
	ret = ethsta_pm_init(es);
	if (ret)
		goto err_ctrl;
	return es;

err_ctrl:
	ethsta_ctrl_exit(es);
err_ida:
	ida_free(&ethsta_ida, es->index);
err_free:
	kfree(es);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(ethsta_create);

/*
 * The transport brings no frame any more; the netdev goes last, taking with
 * it whatever its stack still sends.
 */
void ethsta_destroy(struct ethsta *es)
{
	ethsta_bus_down(es);
	ethsta_pm_exit(es);
	ethsta_ctrl_exit(es);
	ethsta_netdev_destroy(es);
	ida_free(&ethsta_ida, es->index);
	kfree(es);
}
EXPORT_SYMBOL_GPL(ethsta_destroy);
