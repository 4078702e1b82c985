// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplitd's own socket, for netsplitctl status, sleep and wake. It speaks
 * the same protocol; netsplitctl says hello as a client.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "prog_attach.h"
#include "daemon.h"
#include "hostd.h"
#include "log.h"

static void hostd_local_status(struct hostd *h, struct ns_msg *reply)
{
	reply->type = NS_MSG_GET_STATUS;
	reply->status = h->status;
	reply->fields = NS_FIELD(NS_TLV_IFNAME) | NS_FIELD(NS_TLV_LINK) |
			NS_FIELD(NS_TLV_HOST_STATE) |
			NS_FIELD(NS_TLV_RULES_VERSION) |
			NS_FIELD(NS_TLV_RULES_DIGEST) |
			NS_FIELD(NS_TLV_CONNECTED) | NS_FIELD(NS_TLV_XDP_MODE) |
			NS_FIELD(NS_TLV_WAKE_COUNT);
	if (h->have_status)
		reply->fields |= NS_STATUS_FIELDS;
	if (h->status.ipv4.family != 4)
		reply->fields &= ~(NS_FIELD(NS_TLV_IPV4) | NS_FIELD(NS_TLV_LEASE));
	snprintf(reply->ifname, sizeof(reply->ifname), "%s",
		 h->cfg.host.interface);
	reply->host_state = h->host_state;
	reply->rules_version = h->sync.rules.table.version;
	reply->rules_digest = h->sync.digest;
	reply->connected = h->peer && !h->peer->closed;
	if (reply->connected && h->peer_known) {
		reply->peer_version = h->peer_version;
		reply->peer_digest = h->peer_digest;
		reply->fields |= NS_FIELD(NS_TLV_PEER_VERSION) |
				 NS_FIELD(NS_TLV_PEER_DIGEST);
	}
	reply->peer_state = h->peer_state;
	reply->fields |= NS_FIELD(NS_TLV_PEER_STATE);
	if (h->peer_state == NS_PEER_SILENT) {
		reply->peer_silent_ms = (__u32)(ns_now_ms() - h->last_heard);
		reply->fields |= NS_FIELD(NS_TLV_PEER_SILENT_MS);
	}
	reply->sub_state = h->sub_state;
	reply->fields |= NS_FIELD(NS_TLV_SUB_STATE);
	if (h->sub_error[0]) {
		memcpy(reply->sub_error, h->sub_error, sizeof(reply->sub_error));
		reply->fields |= NS_FIELD(NS_TLV_SUB_ERROR);
	}
	if (h->have_wifi) {
		reply->wifi = h->wifi;
		reply->fields |= ns_wifi_fields(&h->wifi);
	}
	reply->xdp_mode = (__u8)ns_xdp_mode_of(h->ifindex);
	reply->wake_count = h->wake_count;
	if (h->wake_count) {
		reply->wake_reason = h->last_wake_reason;
		reply->wake_rule = h->last_wake_rule;
		reply->fields |= NS_FIELD(NS_TLV_WAKE);
	}
}

static int hostd_local_handle(struct ns_conn *conn, const struct ns_msg *msg,
			      struct ns_msg *reply, void *ctx)
{
	struct hostd *h = ctx;

	if (msg->flags & NS_MSG_F_REPLY)
		return 0;
	if (!conn->may_change && ns_msg_changes_state(msg))
		return -NS_PERR_PERMISSION;
	switch (msg->type) {
	case NS_MSG_HELLO:
		reply->type = NS_MSG_HELLO;
		reply->role = NS_ROLE_HOST;
		reply->caps = NS_CAP_ALL;
		reply->fields = NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS);
		return 0;
	case NS_MSG_GET_STATUS:
		hostd_local_status(h, reply);
		return 0;
	case NS_MSG_SET_HOST_STATE:
		/* Not connected: it goes to the co-processor on reconnect. */
		hostd_report_state(h, msg->host_state);
		reply->type = NS_MSG_SET_HOST_STATE;
		reply->host_state = h->host_state;
		reply->fields = NS_FIELD(NS_TLV_HOST_STATE);
		return 0;
	case NS_MSG_GET_STATS:
		if (!h->have_peer_stats)
			return -NS_PERR_UNAVAILABLE;
		reply->type = NS_MSG_GET_STATS;
		memcpy(reply->stats, h->peer_stats, sizeof(reply->stats));
		reply->stats_count = NS_REASON_COUNT;
		reply->fields = NS_FIELD(NS_TLV_STATS);
		return 0;
	case NS_MSG_GET_RULES:
		ns_msg_put_rules(reply, NS_MSG_GET_RULES, &h->sync.rules);
		return 0;
	case NS_MSG_SET_WIFI:
		return hostd_wifi_local(h, msg, reply);
	}
	return -NS_PERR_NOT_SUPPORTED;
}

void hostd_local_accept(struct hostd *h)
{
	struct ns_conn *conn;
	unsigned int i;
	int fd;

	fd = accept4(h->local_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < HOSTD_CLIENTS_MAX && h->clients[i]; i++)
		;
	if (i == HOSTD_CLIENTS_MAX) {
		ns_log(LOG_WARNING, "%u clients at once; one more refused",
		       HOSTD_CLIENTS_MAX);
		ns_endpoint_refuse(fd, NS_PERR_BUSY);
		return;
	}
	conn = malloc(sizeof(*conn));
	if (!conn) {
		close(fd);
		return;
	}
	ns_conn_init(conn, fd);
	conn->may_change = ns_peer_may_change(fd);
	if (ns_epoll_add(h->epfd, fd, HOSTD_TAG_CLIENT + i)) {
		ns_conn_close(conn);
		free(conn);
		return;
	}
	h->clients[i] = conn;
}

void hostd_local_receive(struct hostd *h, unsigned int i)
{
	if (i < HOSTD_CLIENTS_MAX && h->clients[i])
		ns_conn_receive(h->clients[i], hostd_local_handle, h);
}

void hostd_local_reap(struct hostd *h)
{
	unsigned int i;
	__u64 now = ns_now_ms();

	for (i = 0; i < HOSTD_CLIENTS_MAX; i++) {
		if (!h->clients[i])
			continue;
		ns_conn_tick(h->clients[i], now);
		if (!h->clients[i]->closed)
			continue;
		free(h->clients[i]);
		h->clients[i] = NULL;
	}
}
