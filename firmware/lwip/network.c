// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The shared network is lwIP's: the IPv4 address from its DHCP client, the
 * IPv6 ones from SLAAC, DNS servers from DHCP. Each change lwIP reports
 * (the netif's extended status callback) goes to the core, which tells the
 * host (it restores the address from there, without DHCP of its own) and
 * saves it. After a restart, the saved network is on the netif at once,
 * until DHCP confirms or replaces it.
 */
#include <string.h>

#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/priv/nd6_priv.h"
#include "lwip/prot/dhcp.h"

#include "glue.h"

static u8_t ns_lwip_prefix(const ip4_addr_t *mask)
{
	u32_t m = lwip_ntohl(ip4_addr_get_u32(mask));
	u8_t n = 0;

	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

static void ns_lwip_addr_from(struct ns_addr *a, const ip_addr_t *ip,
			      u8_t prefix)
{
	memset(a, 0, sizeof(*a));
	a->prefix = prefix;
	if (IP_IS_V6(ip)) {
		a->family = 6;
		memcpy(a->addr, ip_2_ip6(ip)->addr, 16);
	} else {
		a->family = 4;
		memcpy(a->addr, ip_2_ip4(ip), 4);
	}
}

/* Seconds left of the DHCP lease; forever for an address without one. */
static void ns_lwip_lease(struct netif *netif, struct ns_net_status *st)
{
	struct dhcp *dhcp = netif_dhcp_data(netif);
	u32_t used;

	st->lease_valid = st->lease_preferred = 0xffffffff;
	if (!dhcp_supplied_address(netif) || !dhcp->offered_t0_lease)
		return;
	used = (u32_t)dhcp->lease_used * DHCP_COARSE_TIMER_SECS;
	st->lease_valid = dhcp->offered_t0_lease > used
				  ? dhcp->offered_t0_lease - used
				  : 0;
	st->lease_preferred = st->lease_valid;
}

/*
 * The default router lwIP learned from router advertisements: lwIP has no
 * API for its router list, so it is read from the ND6 tables themselves.
 */
static void ns_lwip_router6(struct netif *netif, __u8 gateway6[16])
{
	const struct nd6_router_list_entry *r;
	int i;

	for (i = 0; i < LWIP_ND6_NUM_ROUTERS; i++) {
		r = &default_router_list[i];
		if (r->neighbor_entry && r->neighbor_entry->netif == netif &&
		    r->invalidation_timer) {
			memcpy(gateway6,
			       r->neighbor_entry->next_hop_address.addr, 16);
			return;
		}
	}
}

static void ns_lwip_status(struct netif *netif, struct ns_net_status *st)
{
	const ip_addr_t *dns;
	int i;

	memset(st, 0, sizeof(*st));
	memcpy(st->mac, netif->hwaddr, 6);
	st->link_up = netif_is_up(netif) && netif_is_link_up(netif);
	st->mtu = netif->mtu;
	if (!ip4_addr_isany_val(*netif_ip4_addr(netif))) {
		ns_lwip_addr_from(&st->ipv4, netif_ip_addr4(netif),
				  ns_lwip_prefix(netif_ip4_netmask(netif)));
		memcpy(st->gateway4, netif_ip4_gw(netif), 4);
		ns_lwip_lease(netif, st);
	}
	for (i = 0; i < DNS_MAX_SERVERS && st->dns_count < NS_DNS_MAX; i++) {
		dns = dns_getserver((u8_t)i);
		if (!ip_addr_isany(dns))
			ns_lwip_addr_from(&st->dns[st->dns_count++], dns, 0);
	}
	for (i = 0; i < LWIP_IPV6_NUM_ADDRESSES && st->ipv6_count < NS_IPV6_MAX;
	     i++) {
		if (!ip6_addr_isvalid(netif_ip6_addr_state(netif, i)) ||
		    ip6_addr_islinklocal(netif_ip6_addr(netif, i)))
			continue;
		/* SLAAC makes /64s; lwIP keeps no prefix length. */
		ns_lwip_addr_from(&st->ipv6[st->ipv6_count++],
				  netif_ip_addr6(netif, i), 64);
	}
	ns_lwip_router6(netif, st->gateway6);
}

static void ns_lwip_report(struct ns_lwip *g)
{
	struct ns_net_status st;
	char addr[IP4ADDR_STRLEN_MAX];

	ns_lwip_status(&g->netif, &st);
	if (!ns_core_set_network(g->core, &st, g->port.now(g->port.ctx)))
		return;
	ns_lwip_log(
		g, NS_CORE_INFO,
		"uplink: link %s, address %s/%u%s, %u DNS, %u IPv6",
		st.link_up ? "up" : "down",
		ip4addr_ntoa_r(netif_ip4_addr(&g->netif), addr, sizeof(addr)),
		st.ipv4.prefix,
		dhcp_supplied_address(&g->netif) ? " (DHCP)" : "", st.dns_count,
		st.ipv6_count);
}

static void ns_lwip_changed(struct netif *netif, netif_nsc_reason_t reason,
			    const netif_ext_callback_args_t *args)
{
	(void)reason;
	(void)args;
	ns_lwip_report(netif->state);
	ns_lwip_sub_address(netif->state);
}

/* The saved network, on the netif until DHCP has its say. */
static void ns_lwip_restore(struct ns_lwip *g,
			    const struct ns_net_status *saved)
{
	ip4_addr_t addr, mask, gw;
	ip_addr_t dns;
	int i;

	memcpy(&addr, saved->ipv4.addr, 4);
	memcpy(&gw, saved->gateway4, 4);
	ip4_addr_set_u32(
		&mask,
		saved->ipv4.prefix
			? lwip_htonl(0xffffffffu << (32 - saved->ipv4.prefix))
			: 0);
	netif_set_addr(&g->netif, &addr, &mask, &gw);
	for (i = 0; i < saved->dns_count && i < DNS_MAX_SERVERS; i++) {
		if (saved->dns[i].family == 4) {
			ip_addr_set_zero_ip4(&dns);
			memcpy(ip_2_ip4(&dns), saved->dns[i].addr, 4);
		} else {
			ip_addr_set_zero_ip6(&dns);
			memcpy(ip_2_ip6(&dns)->addr, saved->dns[i].addr, 16);
		}
		dns_setserver((u8_t)i, &dns);
	}
	ns_lwip_log(g, NS_CORE_NOTICE,
		    "restored %s/%u, the saved network, until DHCP answers",
		    ip4addr_ntoa(&addr), saved->ipv4.prefix);
}

void ns_lwip_link(struct ns_lwip *g, bool up)
{
	if (up)
		netif_set_link_up(&g->netif);
	else
		netif_set_link_down(&g->netif);
}

void ns_lwip_up(struct ns_lwip *g, const struct ns_net_status *saved)
{
	netif_add_ext_callback(&g->watch, ns_lwip_changed);
	netif_create_ip6_linklocal_address(&g->netif, 1);
	netif_set_ip6_autoconfig_enabled(&g->netif, 1);
	if (saved && saved->ipv4.family == 4)
		ns_lwip_restore(g, saved);
	netif_set_up(&g->netif);
	netif_set_link_up(&g->netif);
	dhcp_start(&g->netif);
	ns_lwip_report(g);
	ns_lwip_sub_address(g);
}
