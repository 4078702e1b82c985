// SPDX-License-Identifier: GPL-2.0-only
/*
 * The splitter and its maps: the core's table goes into them (the splitter
 * reads it there), an edit of them (bpftool, `netsplitctl rules load`) goes
 * to the core, and waking frames come from their ring buffer.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include <netsplit/validate.h>

#include "conn.h"
#include "cpd.h"
#include "prog_attach.h"
#include "log.h"
#include "netsplit.skel.h"
#include "sysctl.h"
#include "table.h"

int cpd_datapath_load(struct cpd *cpd, struct ns_rules *first)
{
	struct ns_rules current, merged;
	char err[512];
	int lock, ret;

	cpd->uplink = if_nametoindex(cpd->cfg.cp.uplink);
	cpd->host_link = if_nametoindex(cpd->cfg.cp.host_link);
	if (!cpd->uplink || !cpd->host_link) {
		ns_log(LOG_ERR, "no interface %s; set uplink and host_link in [coprocessor] or give --uplink and --host-link",
		       cpd->uplink ? cpd->cfg.cp.host_link : cpd->cfg.cp.uplink);
		return -ENODEV;
	}
	ret = ns_ipv6_off(cpd->cfg.cp.host_link, "the host link");
	if (ret)
		return ret;
	if (ns_bpffs_prepare(cpd->cfg.cp.pin_root, err, sizeof(err))) {
		ns_log(LOG_ERR, "%s", err);
		return -EIO;
	}
	lock = ns_lock_root(cpd->cfg.cp.pin_root);
	if (lock < 0) {
		ns_log(LOG_ERR, "cannot lock %s: %s", cpd->cfg.cp.pin_root,
		       strerror(-lock));
		return lock;
	}
	ret = ns_datapath_load_parts(&cpd->dp, cpd->cfg.cp.pin_root,
				     NS_DP_SPLITTER, err, sizeof(err));
	if (ret)
		ns_log(LOG_ERR, "%s", err);
	/* Pinned maps outlive us: their learned fields and version go on. */
	if (!ret)
		ret = ns_maps_read_rules(&cpd->dp.maps, &current);
	if (!ret) {
		ns_table_merge(&merged, first, &current);
		*first = merged;
	}
	close(lock);
	return ret;
}

int cpd_datapath_attach(struct cpd *cpd)
{
	return ns_attach_splitter(&cpd->dp, cpd->uplink, cpd->host_link,
				  cpd->cfg.cp.generic);
}

int cpd_table_write(struct cpd *cpd, const struct ns_rules *rules,
		    unsigned int what)
{
	static const enum ns_list_id reserve[] = { NS_LIST_STATIC_TCP_DST,
						   NS_LIST_STATIC_UDP_DST };
	int lock, ret;

	lock = ns_lock_root(cpd->cfg.cp.pin_root);
	ret = what & NS_CORE_POLICY ? ns_maps_write_rules(&cpd->dp.maps, rules) :
				      ns_maps_set_learned(&cpd->dp.maps, rules);
	if (lock >= 0)
		close(lock);
	if (ret) {
		ns_log(LOG_ERR, "cannot write the rule table in %s: %s",
		       cpd->cfg.cp.pin_root, strerror(-ret));
		return ret;
	}
	/*
	 * The slave's own connections take their ports from the slave range,
	 * never a static host port, so their replies are the slave's.
	 */
	if (what & NS_CORE_POLICY)
		ns_port_sysctl_apply(&cpd->ports, rules, NS_RANGE_SLAVE_TCP,
				     reserve, NS_ARRAY_SIZE(reserve));
	return 0;
}

void cpd_table_poll(struct cpd *cpd)
{
	const struct ns_rules *ours = &cpd->core.rules;
	struct ns_problem problem;
	struct ns_rules now;
	__u32 digest;

	if (ns_maps_read_rules(&cpd->dp.maps, &now))
		return;
	digest = ns_rules_digest(&now);
	if (digest == cpd->core.digest &&
	    now.table.version == ours->table.version)
		return;
	if (ns_rules_check(&now, &problem)) {
		/* Say it once: the next poll sees the same digest. */
		if (digest != cpd->refused_digest)
			ns_log(LOG_ERR, "the rule table in %s was edited into one that breaks a rule (%s: %s); not taken",
			       cpd->cfg.cp.pin_root, problem.field,
			       problem.rule);
		cpd->refused_digest = digest;
		return;
	}
	ns_core_table_edited(&cpd->core, &now);
}

static int cpd_ring_event(void *ctx, void *data, size_t size)
{
	const struct ns_wake_event *ev = data;
	struct cpd *cpd = ctx;

	if (size < sizeof(*ev) - NS_WAKE_FRAME_MAX ||
	    ev->frame_len > NS_WAKE_FRAME_MAX)
		return 0;
	ns_core_wake_frame(&cpd->core, ev->frame, ev->frame_len, ev->reason,
			   ev->rule, ns_now_ms());
	return 0;
}

int cpd_ring_open(struct cpd *cpd)
{
	int ret;

	cpd->ring = ring_buffer__new(cpd->dp.maps.wake_events, cpd_ring_event,
				     cpd, NULL);
	if (cpd->ring)
		return 0;
	ret = -errno;
	ns_log(LOG_ERR, "cannot read the wake ring buffer: %s", strerror(-ret));
	return ret;
}

void cpd_ring_read(struct cpd *cpd)
{
	ring_buffer__consume(cpd->ring);
}

void cpd_ring_full_update(struct cpd *cpd)
{
	if (cpd->dp.skel)
		ns_core_set_ring_full(&cpd->core,
				      (__u32)cpd->dp.skel->bss->ns_wake_ring_full);
}

void cpd_datapath_close(struct cpd *cpd)
{
	if (cpd->ring)
		ring_buffer__free(cpd->ring);
	cpd->ring = NULL;
	ns_datapath_close(&cpd->dp);
}
