// SPDX-License-Identifier: GPL-2.0-only
/*
 * The module: its parameters checked at load, and the virtual bus made,
 * unless told not to (hosts whose co-processor is on SPI).
 */
#include <linux/module.h>

#include "ethsta.h"

static bool vbus = true;
module_param(vbus, bool, 0444);
MODULE_PARM_DESC(
	vbus,
	"make the virtual bus /dev/espbus0 (default 1; 0 where the co-processor is on a real bus)");

static int __init ethsta_init(void)
{
	int ret = ethsta_params_check();

	if (ret)
		return ret;
	return vbus ? ethsta_vbus_init() : 0;
}

static void __exit ethsta_exit(void)
{
	if (vbus)
		ethsta_vbus_exit();
}

module_init(ethsta_init);
module_exit(ethsta_exit);
MODULE_DESCRIPTION(
	"netsplit station netdev over a Wi-Fi co-processor bus, with a virtual bus at /dev/espbus0 and the control channel at /dev/espctl<N>");
MODULE_AUTHOR("netsplit developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(ETHSTA_VERSION);
