// SPDX-License-Identifier: GPL-2.0-only
/*
 * Suspend and resume: the co-processor hears power-save start before the
 * host suspends and power-save stop once it has resumed, so it marks the
 * host sleeping and awake without any help from user space.
 */
#include <linux/suspend.h>

#include "ethsta.h"

static void ethsta_pm_send(struct ethsta *es, u8 flag, enum ethsta_counter c)
{
	int ret = 0;

	mutex_lock(&es->event_lock);
	if (es->cp_ready) {
		ret = ethsta_bus_signal(es, flag);
		if (!ret)
			ethsta_count(es, c);
	}
	mutex_unlock(&es->event_lock);
	if (ret)
		pr_warn(ETHSTA_NAME
			": the co-processor was not told the host %s: %d\n",
			flag == NS_BUS_F_PS_START ? "suspends" : "resumed",
			ret);
}

static int ethsta_pm_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct ethsta *es = container_of(nb, struct ethsta, pm_nb);

	switch (action) {
	case PM_SUSPEND_PREPARE:
	case PM_HIBERNATION_PREPARE:
		ethsta_pm_send(es, NS_BUS_F_PS_START, ETHSTA_TX_PS_START);
		break;
	case PM_POST_SUSPEND:
	case PM_POST_HIBERNATION:
		ethsta_pm_send(es, NS_BUS_F_PS_STOP, ETHSTA_TX_PS_STOP);
		break;
	}
	return NOTIFY_DONE;
}

int ethsta_pm_init(struct ethsta *es)
{
	es->pm_nb.notifier_call = ethsta_pm_notify;
	return register_pm_notifier(&es->pm_nb);
}

void ethsta_pm_exit(struct ethsta *es)
{
	unregister_pm_notifier(&es->pm_nb);
}
