// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shared network as the co-processor sees it: the uplink's address,
 * routes and link from rtnetlink, DNS from the file the DHCP client writes.
 * Reported to the host on every change, learned into the maps (the
 * splitter needs the shared addresses), and kept in a state file so that a
 * restart without DHCP can put it back.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "cpd.h"
#include "log.h"
#include "parse.h"

/* "nameserver ADDR" lines, at most NS_DNS_MAX. */
static void cpd_read_dns(const char *path, struct ns_net_status *st)
{
	char line[256], word[32], addr[INET6_ADDRSTRLEN + 1];
	FILE *f = fopen(path, "r");

	st->dns_count = 0;
	if (!f)
		return;
	while (st->dns_count < NS_DNS_MAX && fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %46s", word, addr) == 2 &&
		    !strcmp(word, "nameserver") &&
		    !ns_addr_parse(addr, &st->dns[st->dns_count]))
			st->dns[st->dns_count++].prefix = 0;
	fclose(f);
}

/* Puts the saved network back on an uplink that has no IPv4 address. */
static void cpd_restore(struct cpd *cpd, const struct ns_link_state *link)
{
	const struct ns_net_status *saved = &cpd->saved;
	static const __u8 any[4];
	char text[64];
	int i, ret;

	if (link->n4 || !cpd->saved_known)
		return;
	ret = ns_rtnl_set_link(&cpd->rtnl, cpd->uplink, NULL, true);
	if (!ret)
		ret = ns_rtnl_addr(&cpd->rtnl, RTM_NEWADDR, cpd->uplink,
				   &saved->ipv4, 0, 0);
	for (i = 0; !ret && i < saved->ipv6_count; i++)
		ret = ns_rtnl_addr(&cpd->rtnl, RTM_NEWADDR, cpd->uplink,
				   &saved->ipv6[i], 0, 0);
	if (!ret && memcmp(saved->gateway4, any, 4))
		ret = ns_rtnl_default_route(&cpd->rtnl, RTM_NEWROUTE,
					    cpd->uplink, saved->gateway4, 0);
	if (ret) {
		ns_log(LOG_ERR, "cannot restore the saved network on %s: %s",
		       cpd->cfg.cp.uplink, strerror(-ret));
		return;
	}
	ns_log(LOG_NOTICE, "restored %s on %s from %s, without DHCP",
	       ns_addr_format(&saved->ipv4, true, text, sizeof(text)),
	       cpd->cfg.cp.uplink, cpd->cfg.cp.state_file);
}

int cpd_network_start(struct cpd *cpd)
{
	struct ns_link_state link;
	int ret;

	ret = ns_rtnl_open(&cpd->rtnl, 0);
	if (!ret)
		ret = ns_rtnl_open(&cpd->monitor, NS_RTNL_GROUPS);
	if (ret) {
		ns_log(LOG_ERR, "cannot open rtnetlink: %s", strerror(-ret));
		return ret;
	}
	ret = ns_rtnl_read(&cpd->rtnl, cpd->uplink, &link);
	if (ret) {
		ns_log(LOG_ERR, "cannot read %s: %s", cpd->cfg.cp.uplink,
		       strerror(-ret));
		return ret;
	}
	cpd_restore(cpd, &link);
	cpd_network_update(cpd);
	return 0;
}

/* The addresses and MAC the splitter matches on. */
static void cpd_learn(struct cpd *cpd)
{
	struct ns_rules learned = cpd->sync.rules;
	int ret;

	ns_rules_learn(&learned, &cpd->status, cpd->host_state);
	ret = ns_sync_set_learned(&cpd->sync, &learned);
	if (ret)
		ns_log(LOG_ERR, "cannot write the learned addresses: %s",
		       strerror(-ret));
}

void cpd_status_fill(const struct cpd *cpd, struct ns_msg *msg)
{
	msg->status = cpd->status;
	msg->fields |= NS_STATUS_FIELDS | NS_FIELD(NS_TLV_HOST_STATE) |
		       NS_FIELD(NS_TLV_RULES_VERSION) |
		       NS_FIELD(NS_TLV_RULES_DIGEST);
	if (cpd->status.ipv4.family != 4)
		msg->fields &= ~(NS_FIELD(NS_TLV_IPV4) |
				 NS_FIELD(NS_TLV_LEASE));
	msg->host_state = cpd->host_state;
	msg->rules_version = cpd->sync.rules.table.version;
	msg->rules_digest = cpd->sync.digest;
	msg->sub_state = cpd->sub.state;
	msg->fields |= NS_FIELD(NS_TLV_SUB_STATE);
	if (cpd->sub.state != NS_SUB_CONNECTED && cpd->sub.error[0]) {
		snprintf(msg->sub_error, sizeof(msg->sub_error), "%s",
			 cpd->sub.error);
		msg->fields |= NS_FIELD(NS_TLV_SUB_ERROR);
	}
}

/* The DNS file changes without a netlink event: look at it. */
void cpd_dns_check(struct cpd *cpd)
{
	struct stat st = { 0 };

	stat(cpd->cfg.cp.dns, &st);
	if (st.st_ino == cpd->dns_file.st_ino &&
	    st.st_size == cpd->dns_file.st_size &&
	    st.st_mtim.tv_sec == cpd->dns_file.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == cpd->dns_file.st_mtim.tv_nsec)
		return;
	cpd_network_update(cpd);
}

void cpd_network_update(struct cpd *cpd)
{
	struct ns_net_status st = { 0 };
	struct ns_link_state link;
	char text[64];
	int ret;

	ret = ns_rtnl_read(&cpd->rtnl, cpd->uplink, &link);
	if (ret) {
		ns_log(LOG_ERR, "cannot read %s: %s", cpd->cfg.cp.uplink,
		       strerror(-ret));
		return;
	}
	ns_link_to_status(&link, &st);
	memset(&cpd->dns_file, 0, sizeof(cpd->dns_file));
	stat(cpd->cfg.cp.dns, &cpd->dns_file);
	cpd_read_dns(cpd->cfg.cp.dns, &st);
	if (!st.dns_count && cpd->saved_known && st.ipv4.family == 4 &&
	    !memcmp(st.ipv4.addr, cpd->saved.ipv4.addr, 4)) {
		st.dns_count = cpd->saved.dns_count;
		memcpy(st.dns, cpd->saved.dns, sizeof(st.dns));
	}
	if (cpd->status_known && !memcmp(&st, &cpd->status, sizeof(st)))
		return;
	cpd->status = st;
	cpd->status_known = true;
	cpd_bus_report(cpd);
	ns_log(LOG_INFO, "%s: link %s, address %s, %u DNS, %u IPv6",
	       cpd->cfg.cp.uplink, st.link_up ? "up" : "down",
	       st.ipv4.family ? ns_addr_format(&st.ipv4, true, text,
					       sizeof(text)) :
				"none",
	       st.dns_count, st.ipv6_count);
	cpd_learn(cpd);
	cpd_status_changed(cpd);

	if (st.link_up && st.ipv4.family == 4) {
		cpd->saved = st;
		cpd->saved_known = true;
		cpd_state_save(cpd);
	}
}
