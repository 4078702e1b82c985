// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The wake subscription with lwIP's MQTT client app (MQTT 3.1.1, clean
 * session, QoS 1): the core decides when to connect (common/core/subscription.c);
 * this makes each attempt, from the co-processor's own ports, and reports
 * how it went. Each PUBLISH's topic and the start of its payload go to the
 * core, which wakes the host when the payload starts with the prefix.
 */
#include <string.h>

#include "lwip/apps/mqtt_priv.h"
#include "lwip/priv/tcp_priv.h"

#include "fmt.h"
#include "glue.h"

#define NS_LWIP_SUB_QOS 1

static void ns_lwip_sub_failed(struct ns_lwip *g, const char *why)
{
	ns_core_sub_failed(g->core, why, g->port.now(g->port.ctx));
}

/* lwIP says what went wrong only with LWIP_DEBUG. */
static const char *ns_lwip_err_text(err_t err)
{
	switch (err) {
	case ERR_MEM:
		return "out of memory";
	case ERR_RTE:
		return "no route to the broker";
	case ERR_ISCONN:
		return "already connected";
	case ERR_CONN:
		return "not connected";
	case ERR_USE:
		return "no local port free";
	default:
		return "lwIP refused";
	}
}

static const char *ns_lwip_mqtt_status(mqtt_connection_status_t status)
{
	switch (status) {
	case MQTT_CONNECT_REFUSED_PROTOCOL_VERSION:
		return "connection refused: unacceptable protocol version";
	case MQTT_CONNECT_REFUSED_IDENTIFIER:
		return "connection refused: identifier rejected";
	case MQTT_CONNECT_REFUSED_SERVER:
		return "connection refused: broker unavailable";
	case MQTT_CONNECT_REFUSED_USERNAME_PASS:
		return "connection refused: bad user name or password";
	case MQTT_CONNECT_REFUSED_NOT_AUTHORIZED_:
		return "connection refused: not authorised";
	case MQTT_CONNECT_TIMEOUT:
		return "no answer from the broker";
	default:
		return "the connection was lost";
	}
}

/*
 * A PUBLISH begins. lwIP passes no retain flag, but its fixed header is
 * still in the client's receive buffer: a retained message is replayed on
 * every subscription and is no news.
 */
static void ns_lwip_sub_publish(void *arg, const char *topic, u32_t total)
{
	struct ns_lwip *g = arg;
	struct ns_lwip_sub *sub = &g->sub;

	/*
	 * Acknowledged now, not after lwIP's delayed ACK (up to 250 ms): the
	 * broker's Nagle holds the next message, maybe the wake, until then.
	 */
	tcp_ack_now(sub->client->conn);

	ns_fmt(sub->in_topic, sizeof(sub->in_topic), "%s", topic);
	sub->in_len = 0;
	sub->in_total = total;
	sub->in_retained = sub->client->rx_buffer[0] & 0x01;
}

/* Its payload, in pieces: the first bytes are enough for the prefix. */
static void ns_lwip_sub_data(void *arg, const u8_t *data, u16_t len, u8_t flags)
{
	struct ns_lwip *g = arg;
	struct ns_lwip_sub *sub = &g->sub;
	u32_t room = sizeof(sub->in_payload) - sub->in_len;
	u32_t n = len < room ? len : room;

	memcpy(sub->in_payload + sub->in_len, data, n);
	sub->in_len += n;
	if (flags & MQTT_DATA_FLAG_LAST)
		ns_core_sub_message(g->core, sub->in_topic, sub->in_payload,
				    sub->in_len, sub->in_retained);
}

static void ns_lwip_sub_subscribed(void *arg, err_t err)
{
	struct ns_lwip *g = arg;

	if (err == ERR_OK)
		ns_core_sub_connected(g->core);
	else
		ns_lwip_sub_failed(g, "the broker refused the subscription");
}

static void ns_lwip_sub_connection(mqtt_client_t *client, void *arg,
				   mqtt_connection_status_t status)
{
	struct ns_lwip *g = arg;
	err_t err;

	if (status != MQTT_CONNECT_ACCEPTED) {
		ns_lwip_sub_failed(g, ns_lwip_mqtt_status(status));
		return;
	}
	/* Here: mqtt_client_connect() wipes the client's callbacks. */
	mqtt_set_inpub_callback(client, ns_lwip_sub_publish, ns_lwip_sub_data,
				g);
	err = mqtt_subscribe(client, g->sub.topic, NS_LWIP_SUB_QOS,
			     ns_lwip_sub_subscribed, g);
	if (err != ERR_OK)
		ns_lwip_sub_failed(g, ns_lwip_err_text(err));
}

static void ns_lwip_sub_client_id(struct ns_lwip *g, char *id, size_t len)
{
	const struct ns_wake_sub *cfg = &g->sub.cfg;
	const u8_t *m = g->netif.hwaddr;

	if (cfg->client_id_len)
		ns_fmt(id, len, "%.*s", cfg->client_id_len,
			 (const char *)cfg->client_id);
	else
		ns_fmt(id, len, "netsplit-%02x%02x%02x%02x%02x%02x", m[0],
			 m[1], m[2], m[3], m[4], m[5]);
}

static int ns_lwip_sub_password(struct ns_lwip *g, char *pw, size_t len)
{
	const struct ns_wake_sub *cfg = &g->sub.cfg;
	char name[NS_SUB_PATH_MAX + 1];

	pw[0] = '\0';
	if (!cfg->password_file_len)
		return 0;
	if (!g->port.password)
		return -1;
	ns_fmt(name, sizeof(name), "%.*s", cfg->password_file_len,
		 (const char *)cfg->password_file);
	return g->port.password(g->port.ctx, name, pw, len);
}

static void ns_lwip_sub_connect(struct ns_lwip *g)
{
	const struct ns_wake_sub *cfg = &g->sub.cfg;
	char id[NS_SUB_STR_MAX + 1], user[NS_SUB_STR_MAX + 1], pw[128];
	struct mqtt_connect_client_info_t info = {0};
	ip_addr_t broker;
	err_t err;

	if (ns_lwip_sub_password(g, pw, sizeof(pw))) {
		ns_lwip_sub_failed(g, "cannot read its password_file");
		return;
	}
	ns_lwip_sub_client_id(g, id, sizeof(id));
	ns_fmt(user, sizeof(user), "%.*s", cfg->username_len,
		 (const char *)cfg->username);
	info.client_id = id;
	info.client_user = user[0] ? user : NULL;
	info.client_pass = user[0] && pw[0] ? pw : NULL;
	info.keep_alive = cfg->keepalive;
	if (cfg->family == 6) {
		ip_addr_set_zero_ip6(&broker);
		memcpy(ip_2_ip6(&broker)->addr, cfg->broker, 16);
	} else {
		ip_addr_set_zero_ip4(&broker);
		memcpy(ip_2_ip4(&broker), cfg->broker, 4);
	}
	err = mqtt_client_connect(g->sub.client, &broker, cfg->broker_port,
				  ns_lwip_sub_connection, g, &info);
	memset(pw, 0, sizeof(pw));
	if (err != ERR_OK)
		ns_lwip_sub_failed(g, ns_lwip_err_text(err));
}

void ns_lwip_sub_disconnect(struct ns_lwip *g)
{
	struct ns_lwip_sub *sub = &g->sub;

	g->sub_waiting = false;
	if (!sub->client)
		return;
	mqtt_disconnect(sub->client);
	mqtt_client_free(sub->client);
	sub->client = NULL;
}

void ns_lwip_sub_attempt(struct ns_lwip *g, const struct ns_wake_sub *want)
{
	struct ns_lwip_sub *sub = &g->sub;
	char id[NS_SUB_STR_MAX + 1];

	/* One client per attempt: what lwIP's client kept goes with it. */
	ns_lwip_sub_disconnect(g);
	sub->client = mqtt_client_new();
	if (!sub->client) {
		ns_lwip_sub_failed(g,
				   "cannot make an MQTT client: out of memory");
		return;
	}
	if (memcmp(want, &sub->cfg, sizeof(*want))) {
		sub->cfg = *want;
		ns_fmt(sub->topic, sizeof(sub->topic), "%.*s",
			 want->topic_len, (const char *)want->topic);
		ns_lwip_sub_client_id(g, id, sizeof(id));
		ns_lwip_log(g, NS_CORE_NOTICE,
			    "wake subscription: topic %s as %s", sub->topic,
			    id);
	}
	g->sub_waiting = true;
	ns_lwip_sub_address(g);
}

/* Before the netif is up with an address, an attempt could only fail. */
void ns_lwip_sub_address(struct ns_lwip *g)
{
	struct netif *n = &g->netif;

	if (!g->sub_waiting || !netif_is_up(n) || !netif_is_link_up(n) ||
	    (g->sub.cfg.family == 4 && ip4_addr_isany_val(*netif_ip4_addr(n))))
		return;
	g->sub_waiting = false;
	ns_lwip_sub_connect(g);
}
