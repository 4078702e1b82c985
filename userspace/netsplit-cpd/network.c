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

static int cpd_state_write(const char *path, const struct ns_net_status *st,
			   const char *uplink)
{
	char tmp[PATH_MAX + 8], dir[PATH_MAX], text[64];
	char *slash;
	FILE *f;
	int i, ret = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	fprintf(f, "# netsplit-cpd: the last good network of %s\n", uplink);
	fprintf(f, "mac=%02x:%02x:%02x:%02x:%02x:%02x\n", st->mac[0],
		st->mac[1], st->mac[2], st->mac[3], st->mac[4], st->mac[5]);
	fprintf(f, "ipv4=%s\n", ns_addr_format(&st->ipv4, true, text,
					       sizeof(text)));
	fprintf(f, "gateway=%u.%u.%u.%u\n", st->gateway4[0], st->gateway4[1],
		st->gateway4[2], st->gateway4[3]);
	for (i = 0; i < st->dns_count; i++)
		fprintf(f, "dns=%s\n",
			ns_addr_format(&st->dns[i], false, text, sizeof(text)));
	for (i = 0; i < st->ipv6_count; i++)
		fprintf(f, "ipv6=%s\n",
			ns_addr_format(&st->ipv6[i], true, text, sizeof(text)));
	fprintf(f, "mtu=%u\n", st->mtu);
	if (fflush(f) || fsync(fileno(f)))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

static int cpd_state_read(const char *path, struct ns_net_status *st)
{
	char line[256], *eq, *key, *value;
	struct ns_addr gw;
	unsigned int mac[6];
	FILE *f = fopen(path, "r");
	int i, ret = 0;

	if (!f)
		return -errno;
	memset(st, 0, sizeof(*st));
	while (!ret && fgets(line, sizeof(line), f)) {
		key = ns_trim(line);
		if (*key == '#' || !*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		value = eq + 1;
		if (!strcmp(key, "mac")) {
			if (sscanf(value, "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1],
				   &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
				ret = -EINVAL;
			for (i = 0; i < 6; i++)
				st->mac[i] = (__u8)mac[i];
		} else if (!strcmp(key, "ipv4")) {
			ret = ns_addr_parse(value, &st->ipv4);
			if (!ret && st->ipv4.family != 4)
				ret = -EINVAL;
		} else if (!strcmp(key, "gateway")) {
			ret = ns_addr_parse(value, &gw);
			if (!ret && gw.family != 4)
				ret = -EINVAL;
			memcpy(st->gateway4, gw.addr, 4);
		} else if (!strcmp(key, "dns") && st->dns_count < NS_DNS_MAX) {
			ret = ns_addr_parse(value, &st->dns[st->dns_count]);
			st->dns[st->dns_count++].prefix = 0;
		} else if (!strcmp(key, "ipv6") && st->ipv6_count < NS_IPV6_MAX) {
			ret = ns_addr_parse(value, &st->ipv6[st->ipv6_count++]);
		} else if (!strcmp(key, "mtu")) {
			st->mtu = (__u32)strtoul(value, NULL, 10);
		}
	}
	fclose(f);
	if (!ret && st->ipv4.family != 4)
		ret = -EINVAL;
	return ret;
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
	ret = cpd_state_read(cpd->cfg.cp.state_file, &cpd->saved);
	cpd->saved_known = !ret;
	if (ret && ret != -ENOENT)
		ns_log(LOG_WARNING, "ignoring state file %s: %s",
		       cpd->cfg.cp.state_file, strerror(-ret));
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
		ret = cpd_state_write(cpd->cfg.cp.state_file, &st,
				      cpd->cfg.cp.uplink);
		if (ret)
			ns_log(LOG_ERR, "cannot write %s: %s",
			       cpd->cfg.cp.state_file, strerror(-ret));
		cpd->saved = st;
		cpd->saved_known = true;
	}
}
