// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's network on the host interface: MAC, IPv4 address and
 * prefix, global IPv6 addresses, default routes (via the IPv4 gateway and
 * the IPv6 default router, on the interface, with the configured metric),
 * DNS. Only what differs is written, so applying twice changes nothing;
 * what someone else removed is put back.
 */
#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <linux/rtnetlink.h>

#include "prog_attach.h"

#include "hostd.h"
#include "log.h"
#include "parse.h"

static bool hostd_has_addr(const struct ns_link_state *st,
			   const struct ns_addr *a)
{
	const struct ns_rtnl_addr *have = a->family == 4 ? st->v4 : st->v6;
	unsigned int i, n = a->family == 4 ? st->n4 : st->n6;

	for (i = 0; i < n; i++)
		if (!memcmp(have[i].a.addr, a->addr, a->family == 4 ? 4 : 16) &&
		    have[i].a.prefix == a->prefix)
			return true;
	return false;
}

static bool hostd_wants_addr6(const struct ns_net_status *want,
			      const struct ns_addr *a)
{
	unsigned int i;

	for (i = 0; i < want->ipv6_count; i++)
		if (!memcmp(&want->ipv6[i], a, sizeof(*a)))
			return true;
	return false;
}

static bool hostd_has_route(const struct ns_link_state *st,
			    const struct ns_addr *gateway, __u32 metric)
{
	unsigned int i;

	for (i = 0; i < st->nroutes; i++)
		if (!memcmp(&st->routes[i].gateway, gateway,
			    sizeof(*gateway)) &&
		    st->routes[i].metric == metric)
			return true;
	return false;
}

static int hostd_apply_link(struct hostd *h, const struct ns_link_state *st,
			    bool *changed)
{
	const struct ns_net_status *want = &h->status;
	static const __u8 zero_mac[6];
	bool mac = memcmp(want->mac, zero_mac, 6) && memcmp(st->mac, want->mac, 6);
	int ret;

	if (!mac && st->up)
		return 0;
	if (mac && !h->applied.mac) {
		memcpy(h->applied.mac_before, st->mac, 6);
		h->applied.mac = true;
	}
	ret = ns_rtnl_set_link(&h->rtnl, h->ifindex, mac ? want->mac : NULL,
			       true);
	*changed = true;
	return ret;
}

static int hostd_apply_addr(struct hostd *h, const struct ns_link_state *st,
			    bool *changed)
{
	const struct ns_addr *want = &h->status.ipv4;
	int ret;

	/* A new address from the co-processor: the old one goes, link stays. */
	if (h->applied.addr && memcmp(&h->applied.addr4, want, sizeof(*want))) {
		ret = ns_rtnl_addr(&h->rtnl, RTM_DELADDR, h->ifindex,
				   &h->applied.addr4, 0, 0);
		if (ret && ret != -EADDRNOTAVAIL)
			return ret;
		h->applied.addr = false;
		/* The kernel removed the IPv4 route through it. */
		h->applied.route4.on = false;
		*changed = true;
	}
	if (!hostd_has_addr(st, want)) {
		ret = ns_rtnl_addr(&h->rtnl, RTM_NEWADDR, h->ifindex, want, 0, 0);
		if (ret)
			return ret;
		*changed = true;
	}
	h->applied.addr = true;
	h->applied.addr4 = *want;
	return 0;
}

/* The co-processor's global IPv6 addresses, and none it has dropped. */
static int hostd_apply_addr6(struct hostd *h, const struct ns_link_state *st,
			     bool *changed)
{
	const struct ns_net_status *want = &h->status;
	struct hostd_applied *ap = &h->applied;
	unsigned int i;
	int ret;

	for (i = 0; i < ap->n6; i++) {
		if (hostd_wants_addr6(want, &ap->addr6[i]))
			continue;
		ret = ns_rtnl_addr(&h->rtnl, RTM_DELADDR, h->ifindex,
				   &ap->addr6[i], 0, 0);
		if (ret && ret != -EADDRNOTAVAIL)
			return ret;
		*changed = true;
	}
	ap->n6 = 0;
	for (i = 0; i < want->ipv6_count; i++) {
		if (hostd_has_addr(st, &want->ipv6[i]))
			continue;
		ret = ns_rtnl_addr(&h->rtnl, RTM_NEWADDR, h->ifindex,
				   &want->ipv6[i], 0, 0);
		if (ret)
			return ret;
		*changed = true;
	}
	ap->n6 = want->ipv6_count;
	memcpy(ap->addr6, want->ipv6, sizeof(ap->addr6));
	return 0;
}

/* The default route of one family via want (NULL: none; st is then unused). */
static int hostd_apply_route(struct hostd *h, const struct ns_link_state *st,
			     const struct ns_addr *want,
			     struct hostd_route *applied, bool *changed)
{
	__u32 metric = h->cfg.host.metric;
	int ret;

	if (applied->on &&
	    (!want || memcmp(&applied->gateway, want, sizeof(*want)))) {
		ret = ns_rtnl_default_route(&h->rtnl, RTM_DELROUTE, h->ifindex,
					    &applied->gateway, metric);
		if (ret && ret != -ESRCH)
			return ret;
		applied->on = false;
		*changed = true;
	}
	if (!want)
		return 0;
	if (!hostd_has_route(st, want, metric)) {
		ret = ns_rtnl_default_route(&h->rtnl, RTM_NEWROUTE, h->ifindex,
					    want, metric);
		if (ret)
			return ret;
		*changed = true;
	}
	applied->on = true;
	applied->gateway = *want;
	return 0;
}

static int hostd_apply_routes(struct hostd *h, const struct ns_link_state *st,
			      bool *changed)
{
	struct hostd_route *applied[] = { &h->applied.route4,
					  &h->applied.route6 };
	static const __u8 families[] = { 4, 6 };
	struct ns_addr gw;
	int i, ret = 0;
	bool has;

	for (i = 0; !ret && i < 2; i++) {
		has = ns_status_gateway(&h->status, families[i], &gw);
		ret = hostd_apply_route(h, st, has ? &gw : NULL, applied[i],
					changed);
	}
	return ret;
}

/*
 * The interface by its name: a driver reload (or a co-processor that
 * went and came back) removes it and makes another, with a new index and
 * nothing of what was put on the old one. Followed from its link events.
 */
static void hostd_follow_interface(struct hostd *h)
{
	const char *name = h->cfg.host.interface;
	unsigned int now = if_nametoindex(name);
	int ret;

	if (now == h->ifindex)
		return;
	if (h->ifindex) {
		ns_log(LOG_NOTICE,
		       "%s (index %u) is gone; waiting for it to come back",
		       name, h->ifindex);
		memset(&h->applied, 0, sizeof(h->applied));
		h->restored = false;
	}
	h->ifindex = now;
	if (!now)
		return;
	ns_log(LOG_NOTICE, "%s is back (index %u)", name, now);
	if (h->dp.skel && h->cfg.host.guard) {
		ret = ns_attach_guard(&h->dp, now, h->cfg.host.generic);
		if (ret)
			ns_log(LOG_ERR,
			       "cannot attach the guard to %s again: %s", name,
			       strerror(-ret));
	}
}

/* A route's gateway for the log; buf has 64 bytes. */
static const char *hostd_route_text(const struct hostd_route *r, char *buf)
{
	if (!r->on)
		return "none";
	return ns_addr_format(&r->gateway, false, buf, 64);
}

void hostd_apply(struct hostd *h)
{
	struct ns_link_state st;
	bool changed = false;
	char addr[64], gw4[64], gw6[64];
	int ret;

	hostd_follow_interface(h);
	if (!h->ifindex || !h->have_status || h->status.ipv4.family != 4)
		return;
	ret = ns_rtnl_read(&h->rtnl, h->ifindex, &st);
	if (!ret)
		ret = hostd_apply_link(h, &st, &changed);
	/* Setting the link up may have added routes: read again. */
	if (!ret && changed)
		ret = ns_rtnl_read(&h->rtnl, h->ifindex, &st);
	if (!ret)
		ret = hostd_apply_addr(h, &st, &changed);
	if (!ret)
		ret = hostd_apply_addr6(h, &st, &changed);
	if (!ret && changed)
		ret = ns_rtnl_read(&h->rtnl, h->ifindex, &st);
	if (!ret)
		ret = hostd_apply_routes(h, &st, &changed);
	if (ret) {
		ns_log(LOG_ERR, "cannot configure %s: %s",
		       h->cfg.host.interface, strerror(-ret));
		return;
	}
	if (hostd_dns_apply(h) > 0)
		changed = true;
	if (!changed && h->restored)
		return;
	ns_log(LOG_NOTICE,
	       "%s %s: %s, %u IPv6, default via %s, IPv6 via %s, metric %u, %u DNS",
	       !changed    ? "already in place on" :
	       h->restored ? "put back on" :
			     "restored on",
	       h->cfg.host.interface,
	       ns_addr_format(&h->status.ipv4, true, addr, sizeof(addr)),
	       h->status.ipv6_count, hostd_route_text(&h->applied.route4, gw4),
	       hostd_route_text(&h->applied.route6, gw6), h->cfg.host.metric,
	       h->status.dns_count);
	h->restored = true;
}

void hostd_unapply(struct hostd *h)
{
	struct hostd_route *routes[] = { &h->applied.route4,
					 &h->applied.route6 };
	unsigned int i;
	bool changed;
	int ret;

	for (i = 0; i < 2; i++) {
		ret = hostd_apply_route(h, NULL, NULL, routes[i], &changed);
		if (ret)
			ns_log(LOG_WARNING, "cannot remove our default route: %s",
			       strerror(-ret));
	}
	if (h->applied.addr) {
		ret = ns_rtnl_addr(&h->rtnl, RTM_DELADDR, h->ifindex,
				   &h->applied.addr4, 0, 0);
		if (ret && ret != -EADDRNOTAVAIL)
			ns_log(LOG_WARNING, "cannot remove our address: %s",
			       strerror(-ret));
	}
	for (i = 0; i < h->applied.n6; i++) {
		ret = ns_rtnl_addr(&h->rtnl, RTM_DELADDR, h->ifindex,
				   &h->applied.addr6[i], 0, 0);
		if (ret && ret != -EADDRNOTAVAIL)
			ns_log(LOG_WARNING, "cannot remove our IPv6 address: %s",
			       strerror(-ret));
	}
	if (h->applied.mac)
		ns_rtnl_set_link(&h->rtnl, h->ifindex, h->applied.mac_before,
				 true);
	memset(&h->applied, 0, sizeof(h->applied));
	hostd_dns_remove(h);
}
