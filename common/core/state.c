// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * What the co-processor knows and tells: its rule table (versions only
 * move forward; an edit on this side gets the next one and goes to the
 * host), the shared network, its Wi-Fi station, and what it keeps across
 * a restart: the table in force with the host's state, the last good
 * network (link up, an IPv4 address) and the station's credentials.
 */
#include "internal.h"
#include "table.h"

static void ns_core_save(struct ns_core *core)
{
	core->saved.rules = core->rules;
	core->saved.rules_known = true;
	if (core->ops.save)
		core->ops.save(core->ops.ctx, &core->saved);
}

int ns_core_table_set(struct ns_core *core, const struct ns_rules *next,
		      unsigned int what)
{
	bool new_sub = !core->subscribed ||
		       !ns_same(&core->rules.sub, &next->sub, sizeof(next->sub));

	core->rules = *next;
	core->digest = ns_rules_digest(next);
	if (core->ops.table && core->ops.table(core->ops.ctx, next, what)) {
		ns_core_log(core, NS_CORE_ERR,
			    "cannot put the rule table in force");
		return -1;
	}
	/* The host state is kept too: a co-processor back from a reboot. */
	if (!(what & NS_CORE_POLICY) &&
	    next->table.host_state == core->saved.rules.table.host_state)
		return 0;
	ns_core_save(core);
	if (!(what & NS_CORE_POLICY))
		return 0;
	if (new_sub) {
		ns_core_sub_set(core);
		core->subscribed = true;
	}
	return 0;
}

void ns_core_push_rules(struct ns_core *core)
{
	struct ns_msg *req = &core->event;

	ns_zero(req, sizeof(*req));
	req->request_id = core->next_id++;
	ns_msg_put_rules(req, NS_MSG_SET_RULES, &core->rules);
	ns_core_to_host_msg(core, req);
}

void ns_core_table_edited(struct ns_core *core, const struct ns_rules *rules)
{
	struct ns_rules next = *rules;

	if (next.table.version == core->rules.table.version &&
	    ns_rules_digest(&next) == core->digest)
		return;
	ns_rules_take_learned(&next, &core->rules);
	next.table.version = ns_table_edit_version(core->rules.table.version,
						   rules->table.version);
	ns_core_log(core, NS_CORE_NOTICE, "rule table edited here: now version %u",
		    next.table.version);
	if (ns_core_table_set(core, &next, NS_CORE_POLICY))
		return;
	ns_core_push_rules(core);
	ns_core_status_changed(core);
}

const struct ns_net_status *ns_core_saved_network(const struct ns_core *core)
{
	return core->saved.network_known ? &core->saved.network : 0;
}

/* The init event when the MAC is new, then the link as it goes. */
void ns_core_bus_report(struct ns_core *core)
{
	if (!core->announced ||
	    !ns_same(core->announced_mac, core->status.mac, 6)) {
		ns_core_bus_event(core, NS_BUS_EV_INIT);
		ns_copy(core->announced_mac, core->status.mac, 6);
		core->announced = true;
		core->link = NS_CORE_LINK_UNKNOWN;
	}
	if (core->link != core->status.link_up) {
		ns_core_bus_event(core, core->status.link_up ?
						NS_BUS_EV_LINK_UP :
						NS_BUS_EV_LINK_DOWN);
		core->link = core->status.link_up;
	}
}

bool ns_core_set_network(struct ns_core *core,
			 const struct ns_net_status *status, __u64 now)
{
	const struct ns_net_status *saved = ns_core_saved_network(core);
	struct ns_net_status st = *status;
	struct ns_rules learned;

	(void)now;
	/* A lease put back from what was saved has no DNS file yet. */
	if (!st.dns_count && saved && st.ipv4.family == 4 &&
	    ns_same(st.ipv4.addr, saved->ipv4.addr, 4)) {
		st.dns_count = saved->dns_count;
		ns_copy(st.dns, saved->dns, sizeof(st.dns));
	}
	if (core->status_known && ns_same(&st, &core->status, sizeof(st)))
		return false;
	core->status = st;
	core->status_known = true;
	if (core->ops.bus_write)
		ns_core_bus_report(core);
	learned = core->rules;
	ns_rules_learn(&learned, &st, core->host_state);
	ns_core_table_set(core, &learned, NS_CORE_LEARNED);
	ns_core_status_changed(core);
	if (st.link_up && st.ipv4.family == 4) {
		core->saved.network = st;
		core->saved.network_known = true;
		ns_core_save(core);
	}
	return true;
}

void ns_core_set_wifi(struct ns_core *core, const struct ns_wifi_status *wifi)
{
	if (core->wifi_known && ns_same(&core->wifi, wifi, sizeof(*wifi)))
		return;
	core->wifi = *wifi;
	core->wifi_known = true;
	ns_core_status_changed(core);
}

const struct ns_wifi_creds *ns_core_saved_wifi(const struct ns_core *core)
{
	return core->saved.wifi_known ? &core->saved.wifi : 0;
}

int ns_core_wifi_creds(struct ns_core *core, const char *ssid,
		       const char *psk)
{
	struct ns_wifi_creds next;

	if (!core->ops.wifi_set)
		return -NS_PERR_NOT_SUPPORTED;
	if (!ns_wifi_usable(ssid, psk))
		return -NS_PERR_BAD_VALUE;
	if (core->ops.wifi_set(core->ops.ctx, ssid, psk))
		return -NS_PERR_FAILED;
	ns_zero(&next, sizeof(next));
	ns_copy(next.ssid, ssid, ns_strnlen(ssid, NS_WIFI_SSID_MAX));
	ns_copy(next.psk, psk, ns_strnlen(psk, NS_WIFI_PSK_MAX));
	if (!core->saved.wifi_known ||
	    !ns_same(&next, &core->saved.wifi, sizeof(next))) {
		ns_core_log(core, NS_CORE_NOTICE,
			    "Wi-Fi credentials for %s from a peer: kept",
			    next.ssid);
		core->saved.wifi = next;
		core->saved.wifi_known = true;
		ns_core_save(core);
	}
	ns_scrub(&next, sizeof(next));
	return 0;
}
