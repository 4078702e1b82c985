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

#include "conn.h"
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
	const struct ns_net_status *saved = ns_core_saved_network(&cpd->core);
	static const __u8 families[] = { 4, 6 };
	struct ns_addr gw;
	char text[64];
	int i, ret;

	if (link->n4 || !saved)
		return;
	ret = ns_rtnl_set_link(&cpd->rtnl, cpd->uplink, NULL, true);
	if (!ret)
		ret = ns_rtnl_addr(&cpd->rtnl, RTM_NEWADDR, cpd->uplink,
				   &saved->ipv4, 0, 0);
	for (i = 0; !ret && i < saved->ipv6_count; i++)
		ret = ns_rtnl_addr(&cpd->rtnl, RTM_NEWADDR, cpd->uplink,
				   &saved->ipv6[i], 0, 0);
	for (i = 0; !ret && i < 2; i++)
		if (ns_status_gateway(saved, families[i], &gw))
			ret = ns_rtnl_default_route(&cpd->rtnl, RTM_NEWROUTE,
						    cpd->uplink, &gw, 0);
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
	if (!ns_core_set_network(&cpd->core, &st, ns_now_ms()))
		return;
	st = cpd->core.status;
	ns_log(LOG_INFO, "%s: link %s, address %s, %u DNS, %u IPv6",
	       cpd->cfg.cp.uplink, st.link_up ? "up" : "down",
	       st.ipv4.family ? ns_addr_format(&st.ipv4, true, text,
					       sizeof(text)) :
				"none",
	       st.dns_count, st.ipv6_count);
}
