// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ports the co-processor's own stack listens on go into the slave-port
 * map, so the splitter sends frames for them to the slave even when they
 * fall outside the slave range.
 */
#include <string.h>

#include "cpd.h"
#include "log.h"
#include "sockdiag.h"

void cpd_ports_update(struct cpd *cpd)
{
	struct ns_slave_port ports[NS_SLAVE_PORTS_MAX];
	int count, ret;

	count = ns_listening_ports(ports, NS_SLAVE_PORTS_MAX);
	if (count < 0) {
		ns_log(LOG_ERR, "cannot list listening sockets: %s",
		       strerror(-count));
		return;
	}
	if (count == cpd->ports_count &&
	    !memcmp(ports, cpd->ports, (size_t)count * sizeof(ports[0])))
		return;
	ret = ns_maps_sync_slave_ports(&cpd->dp.maps, ports, (size_t)count);
	if (ret) {
		ns_log(LOG_ERR, "cannot update the slave ports: %s",
		       strerror(-ret));
		return;
	}
	memcpy(cpd->ports, ports, (size_t)count * sizeof(ports[0]));
	cpd->ports_count = count;
	ns_log(LOG_INFO, "the slave listens on %d port%s", count,
	       count == 1 ? "" : "s");
}
