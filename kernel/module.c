// SPDX-License-Identifier: GPL-2.0-only
/*
 * The module's parameters and its life: the control channel, the virtual
 * bus and the power-management notifier made at load, all of it, the
 * netdev last, taken down at unload.
 */
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

static struct ethsta *ethsta_instance;

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
	es->ifname = ifname;
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
