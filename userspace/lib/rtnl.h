/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few rtnetlink operations the daemons need, through libmnl: read an
 * interface's link, addresses and default routes; add and remove them;
 * follow changes. Functions return 0 or -errno.
 */
#ifndef NETSPLIT_RTNL_H
#define NETSPLIT_RTNL_H

#include <stdbool.h>
#include <linux/types.h>

#include <netsplit/proto.h>

#define NS_RTNL_ADDRS_MAX 8
#define NS_RTNL_ROUTES_MAX 8

struct ns_rtnl_addr {
	struct ns_addr a;
	__u32 valid;	 /* seconds; 0xffffffff = forever */
	__u32 preferred;
};

struct ns_rtnl_route {
	struct ns_addr gateway; /* family 4 or 6 */
	__u32 metric;
};

/* What the kernel says of one interface. */
struct ns_link_state {
	bool up;      /* administratively */
	bool carrier; /* lower layer up */
	__u8 mac[6];
	__u32 mtu;
	unsigned int n4, n6, nroutes;
	struct ns_rtnl_addr v4[NS_RTNL_ADDRS_MAX];
	struct ns_rtnl_addr v6[NS_RTNL_ADDRS_MAX]; /* global scope only */
	/* The default routes, of both families. */
	struct ns_rtnl_route routes[NS_RTNL_ROUTES_MAX];
};

struct mnl_socket;

struct ns_rtnl {
	struct mnl_socket *nl;
	unsigned int portid;
	__u32 seq;
};

/* groups: 0 for requests, NS_RTNL_GROUPS to follow changes. */
#define NS_RTNL_GROUPS 0x551 /* LINK, IPV4_IFADDR, IPV4_ROUTE, IPV6_IFADDR, IPV6_ROUTE */

int ns_rtnl_open(struct ns_rtnl *r, unsigned int groups);
void ns_rtnl_close(struct ns_rtnl *r);
int ns_rtnl_fd(const struct ns_rtnl *r);

/* Reads everything pending on a monitor socket; true if anything came. */
bool ns_rtnl_drain(struct ns_rtnl *r);

int ns_rtnl_read(struct ns_rtnl *r, unsigned int ifindex,
		 struct ns_link_state *st);

/* How many TC filters ifindex has under parent (e.g. clsact's ingress). */
int ns_rtnl_tc_filters(struct ns_rtnl *r, unsigned int ifindex,
		       __u32 parent, unsigned int *count);
int ns_rtnl_set_link(struct ns_rtnl *r, unsigned int ifindex,
		     const __u8 *mac, bool up);
/* cmd is RTM_NEWADDR or RTM_DELADDR; valid 0 means forever. */
int ns_rtnl_addr(struct ns_rtnl *r, int cmd, unsigned int ifindex,
		 const struct ns_addr *a, __u32 valid, __u32 preferred);
/* cmd is RTM_NEWROUTE or RTM_DELROUTE: 0.0.0.0/0 or ::/0 via gateway. */
int ns_rtnl_default_route(struct ns_rtnl *r, int cmd, unsigned int ifindex,
			  const struct ns_addr *gateway, __u32 metric);

/* Fills the network part of a status from a link state. */
void ns_link_to_status(const struct ns_link_state *st,
		       struct ns_net_status *status);

#endif /* NETSPLIT_RTNL_H */
