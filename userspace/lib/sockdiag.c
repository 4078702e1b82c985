// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include <libmnl/libmnl.h>

#include "sockdiag.h"

/* From include/net/tcp_states.h, which is not UAPI. */
#define NS_TCP_CLOSE 7
#define NS_TCP_LISTEN 10

struct ns_diag_ctx {
	struct ns_slave_port *ports;
	size_t count, max;
	__u8 proto;
};

static bool ns_is_loopback(__u8 family, const __u32 *src)
{
	static const __u32 v6_loopback[4] = { 0, 0, 0, 0x01000000 };

	if (family == AF_INET)
		return (((const __u8 *)src)[0]) == 127;
	return !memcmp(src, v6_loopback, sizeof(v6_loopback)) ||
	       /* ::ffff:127.x.y.z */
	       (src[0] == 0 && src[1] == 0 && src[2] == htonl(0xffff) &&
		((const __u8 *)&src[3])[0] == 127);
}

static int ns_diag_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct inet_diag_msg *msg = mnl_nlmsg_get_payload(nlh);
	struct ns_diag_ctx *ctx = data;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return MNL_CB_OK;
	if (ns_is_loopback(msg->idiag_family, msg->id.idiag_src) ||
	    ctx->count == ctx->max)
		return MNL_CB_OK;
	ctx->ports[ctx->count].proto = ctx->proto;
	ctx->ports[ctx->count].reserved = 0;
	ctx->ports[ctx->count].port = ntohs(msg->id.idiag_sport);
	ctx->count++;
	return MNL_CB_OK;
}

static int ns_diag_dump(struct mnl_socket *nl, __u8 family, __u8 proto,
			__u32 states, struct ns_diag_ctx *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int portid = mnl_socket_get_portid(nl);
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;
	static __u32 seq;
	ssize_t n;
	int ret;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = family;
	req->sdiag_protocol = proto;
	req->idiag_states = states;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	ctx->proto = proto;
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, ns_diag_cb, ctx);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static int ns_port_cmp(const void *a, const void *b)
{
	const struct ns_slave_port *x = a, *y = b;

	if (x->proto != y->proto)
		return x->proto - y->proto;
	return x->port - y->port;
}

int ns_listening_ports(struct ns_slave_port *ports, size_t max)
{
	struct ns_diag_ctx ctx = { .ports = ports, .max = max };
	static const __u8 families[] = { AF_INET, AF_INET6 };
	struct mnl_socket *nl;
	size_t i, out;
	int ret = 0;

	nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out;
	}
	for (i = 0; !ret && i < sizeof(families); i++) {
		ret = ns_diag_dump(nl, families[i], IPPROTO_TCP,
				   1u << NS_TCP_LISTEN, &ctx);
		if (!ret)
			ret = ns_diag_dump(nl, families[i], IPPROTO_UDP,
					   1u << NS_TCP_CLOSE, &ctx);
	}
	if (ret)
		goto out;
	qsort(ports, ctx.count, sizeof(*ports), ns_port_cmp);
	for (i = 0, out = 0; i < ctx.count; i++)
		if (!out || ns_port_cmp(&ports[out - 1], &ports[i]))
			ports[out++] = ports[i];
	ret = (int)out;
out:
	mnl_socket_close(nl);
	return ret;
}
