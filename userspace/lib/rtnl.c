// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "rtnl.h"

NS_STATIC_ASSERT(NS_RTNL_GROUPS ==
			 (RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
			  RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE),
		 "rtnetlink groups");

int ns_rtnl_open(struct ns_rtnl *r, unsigned int groups)
{
	int ret;

	r->seq = (__u32)time(NULL);
	r->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC |
						(groups ? SOCK_NONBLOCK : 0));
	if (!r->nl)
		return -errno;
	if (mnl_socket_bind(r->nl, groups, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		mnl_socket_close(r->nl);
		r->nl = NULL;
		return ret;
	}
	r->portid = mnl_socket_get_portid(r->nl);
	return 0;
}

void ns_rtnl_close(struct ns_rtnl *r)
{
	if (r->nl)
		mnl_socket_close(r->nl);
	r->nl = NULL;
}

int ns_rtnl_fd(const struct ns_rtnl *r)
{
	return mnl_socket_get_fd(r->nl);
}

bool ns_rtnl_drain(struct ns_rtnl *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool any = false;
	ssize_t n;

	/* Events are only a hint to read the state again; an overrun too. */
	while ((n = mnl_socket_recvfrom(r->nl, buf, sizeof(buf))) > 0 ||
	       (n < 0 && errno == ENOBUFS))
		any = true;
	return any;
}

/* Sends a request and runs cb over the answer until done or an error. */
static int ns_rtnl_talk(struct ns_rtnl *r, struct nlmsghdr *nlh,
			mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	int ret;

	nlh->nlmsg_seq = ++r->seq;
	if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(r->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)n, r->seq, r->portid, cb, data);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

struct ns_rtnl_read_ctx {
	unsigned int ifindex;
	struct ns_link_state *st;
};

static int ns_rtnl_link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ns_rtnl_read_ctx *ctx = data;
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct nlattr *attr;

	if ((unsigned int)ifi->ifi_index != ctx->ifindex)
		return MNL_CB_OK;
	ctx->st->up = ifi->ifi_flags & IFF_UP;
	ctx->st->carrier = ifi->ifi_flags & IFF_LOWER_UP;
	mnl_attr_for_each(attr, nlh, sizeof(*ifi)) {
		switch (mnl_attr_get_type(attr)) {
		case IFLA_ADDRESS:
			if (mnl_attr_get_payload_len(attr) == 6)
				memcpy(ctx->st->mac, mnl_attr_get_payload(attr),
				       6);
			break;
		case IFLA_MTU:
			if (!mnl_attr_validate(attr, MNL_TYPE_U32))
				ctx->st->mtu = mnl_attr_get_u32(attr);
			break;
		}
	}
	return MNL_CB_OK;
}

static int ns_rtnl_addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ns_rtnl_read_ctx *ctx = data;
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct ns_link_state *st = ctx->st;
	struct ns_rtnl_addr a = { .valid = 0xffffffffu,
				  .preferred = 0xffffffffu };
	const struct ifa_cacheinfo *ci;
	bool have = false;
	struct nlattr *attr;
	__u16 len;

	if (ifa->ifa_index != ctx->ifindex ||
	    (ifa->ifa_family == AF_INET6 && ifa->ifa_scope != RT_SCOPE_UNIVERSE))
		return MNL_CB_OK;
	len = ifa->ifa_family == AF_INET ? 4 : 16;
	a.a.family = ifa->ifa_family == AF_INET ? 4 : 6;
	a.a.prefix = ifa->ifa_prefixlen;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		switch (mnl_attr_get_type(attr)) {
		case IFA_LOCAL:
		case IFA_ADDRESS:
			/* IFA_LOCAL is ours on point-to-point links. */
			if (mnl_attr_get_payload_len(attr) != len ||
			    (have && mnl_attr_get_type(attr) == IFA_ADDRESS))
				break;
			memcpy(a.a.addr, mnl_attr_get_payload(attr), len);
			have = true;
			break;
		case IFA_CACHEINFO:
			if (mnl_attr_get_payload_len(attr) < sizeof(*ci))
				break;
			ci = mnl_attr_get_payload(attr);
			a.valid = ci->ifa_valid;
			a.preferred = ci->ifa_prefered;
			break;
		}
	}
	if (!have)
		return MNL_CB_OK;
	if (a.a.family == 4 && st->n4 < NS_RTNL_ADDRS_MAX)
		st->v4[st->n4++] = a;
	else if (a.a.family == 6 && st->n6 < NS_RTNL_ADDRS_MAX)
		st->v6[st->n6++] = a;
	return MNL_CB_OK;
}

static int ns_rtnl_route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ns_rtnl_read_ctx *ctx = data;
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct ns_link_state *st = ctx->st;
	struct ns_rtnl_route route = { 0 };
	unsigned int oif = 0;
	struct nlattr *attr;
	__u32 table = rtm->rtm_table;

	if ((rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) ||
	    rtm->rtm_dst_len != 0 || rtm->rtm_type != RTN_UNICAST)
		return MNL_CB_OK;
	route.gateway.family = rtm->rtm_family == AF_INET ? 4 : 6;
	mnl_attr_for_each(attr, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(attr)) {
		case RTA_OIF:
			oif = mnl_attr_get_u32(attr);
			break;
		case RTA_GATEWAY:
			if (mnl_attr_get_payload_len(attr) ==
			    (route.gateway.family == 4 ? 4u : 16u))
				memcpy(route.gateway.addr,
				       mnl_attr_get_payload(attr),
				       mnl_attr_get_payload_len(attr));
			break;
		case RTA_PRIORITY:
			route.metric = mnl_attr_get_u32(attr);
			break;
		case RTA_TABLE:
			table = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (oif == ctx->ifindex && table == RT_TABLE_MAIN &&
	    st->nroutes < NS_RTNL_ROUTES_MAX)
		st->routes[st->nroutes++] = route;
	return MNL_CB_OK;
}

static struct nlmsghdr *ns_rtnl_header(char *buf, __u16 type, __u16 flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

int ns_rtnl_read(struct ns_rtnl *r, unsigned int ifindex,
		 struct ns_link_state *st)
{
	struct ns_rtnl_read_ctx ctx = { ifindex, st };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct ifaddrmsg *ifa;
	struct rtmsg *rtm;
	int ret;

	memset(st, 0, sizeof(*st));
	nlh = ns_rtnl_header(buf, RTM_GETLINK, NLM_F_ACK);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	ret = ns_rtnl_talk(r, nlh, ns_rtnl_link_cb, &ctx);
	if (ret)
		return ret;

	nlh = ns_rtnl_header(buf, RTM_GETADDR, NLM_F_DUMP);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	ret = ns_rtnl_talk(r, nlh, ns_rtnl_addr_cb, &ctx);
	if (ret)
		return ret;

	nlh = ns_rtnl_header(buf, RTM_GETROUTE, NLM_F_DUMP);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_UNSPEC;
	return ns_rtnl_talk(r, nlh, ns_rtnl_route_cb, &ctx);
}

static int ns_rtnl_count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(unsigned int *)data;
	return MNL_CB_OK;
}

int ns_rtnl_tc_filters(struct ns_rtnl *r, unsigned int ifindex,
		       __u32 parent, unsigned int *count)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = ns_rtnl_header(buf, RTM_GETTFILTER, NLM_F_DUMP);
	struct tcmsg *tc = mnl_nlmsg_put_extra_header(nlh, sizeof(*tc));

	tc->tcm_family = AF_UNSPEC;
	tc->tcm_ifindex = (int)ifindex;
	tc->tcm_parent = parent;
	*count = 0;
	return ns_rtnl_talk(r, nlh, ns_rtnl_count_cb, count);
}

int ns_rtnl_set_link(struct ns_rtnl *r, unsigned int ifindex,
		     const __u8 *mac, bool up)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = ns_rtnl_header(buf, RTM_NEWLINK, NLM_F_ACK);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	if (mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	return ns_rtnl_talk(r, nlh, NULL, NULL);
}

int ns_rtnl_addr(struct ns_rtnl *r, int cmd, unsigned int ifindex,
		 const struct ns_addr *a, __u32 valid, __u32 preferred)
{
	struct ifa_cacheinfo ci = { .ifa_valid = valid ?: 0xffffffffu,
				    .ifa_prefered = preferred ?: 0xffffffffu };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	size_t len = a->family == 4 ? 4 : 16;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	nlh = ns_rtnl_header(buf, (__u16)cmd,
			     NLM_F_ACK |
				     (cmd == RTM_NEWADDR ?
					      NLM_F_CREATE | NLM_F_REPLACE :
					      0));
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = a->family == 4 ? AF_INET : AF_INET6;
	ifa->ifa_prefixlen = a->prefix;
	ifa->ifa_index = ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
	mnl_attr_put(nlh, IFA_ADDRESS, len, a->addr);
	if (a->family == 4 && a->prefix < 31) {
		__u32 host_mask = a->prefix ? 0xffffffffu >> a->prefix :
					      0xffffffffu;
		__u8 brd[4];
		int i;

		for (i = 0; i < 4; i++)
			brd[i] = a->addr[i] | (__u8)(host_mask >> (24 - 8 * i));
		mnl_attr_put(nlh, IFA_BROADCAST, 4, brd);
	}
	/*
	 * A shared IPv6 address is, by design, in use on the other side too:
	 * duplicate address detection could only delay it or fail it.
	 */
	if (a->family == 6)
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
	if (cmd == RTM_NEWADDR)
		mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
	return ns_rtnl_talk(r, nlh, NULL, NULL);
}

int ns_rtnl_default_route(struct ns_rtnl *r, int cmd, unsigned int ifindex,
			  const struct ns_addr *gateway, __u32 metric)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = ns_rtnl_header(buf, (__u16)cmd,
			     NLM_F_ACK |
				     (cmd == RTM_NEWROUTE ?
					      NLM_F_CREATE | NLM_F_REPLACE :
					      0));
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = gateway->family == 4 ? AF_INET : AF_INET6;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_GATEWAY, gateway->family == 4 ? 4 : 16,
		     gateway->addr);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, metric);
	return ns_rtnl_talk(r, nlh, NULL, NULL);
}

void ns_link_to_status(const struct ns_link_state *st,
		       struct ns_net_status *status)
{
	unsigned int i;

	memcpy(status->mac, st->mac, 6);
	status->link_up = st->up && st->carrier;
	status->mtu = st->mtu;
	memset(&status->ipv4, 0, sizeof(status->ipv4));
	status->lease_valid = 0;
	status->lease_preferred = 0;
	if (st->n4) {
		status->ipv4 = st->v4[0].a;
		status->lease_valid = st->v4[0].valid;
		status->lease_preferred = st->v4[0].preferred;
	}
	memset(status->gateway4, 0, 4);
	memset(status->gateway6, 0, 16);
	/* The first default route of each family. */
	for (i = st->nroutes; i-- > 0;)
		ns_status_set_gateway(status, &st->routes[i].gateway);
	status->ipv6_count = 0;
	for (i = 0; i < st->n6 && i < NS_IPV6_MAX; i++)
		status->ipv6[status->ipv6_count++] = st->v6[i].a;
}
