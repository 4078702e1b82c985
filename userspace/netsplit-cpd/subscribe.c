// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's own wake subscription (SPEC 3, [wake] subscribe): an
 * MQTT connection to the broker from the co-processor's own ports, held by
 * libmosquitto inside our poll loop. The core decides when to connect
 * (common/core/subscription.c); this makes each attempt and reports how it went.
 * Its messages go to the core, which wakes the host when one's payload
 * starts with the prefix (reason mqtt-subscription).
 *
 * It is the wake that cannot stall: inspecting the host's own MQTT stream,
 * a non-wake PUBLISH dropped while the host sleeps holds back every later
 * one on that connection, the wake message included, until the broker's TCP
 * gets an acknowledgement that never comes. This connection belongs to the
 * co-processor, which is awake.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mosquitto.h>

#include "conn.h"
#include "cpd.h"
#include "iface.h"
#include "log.h"
#include "wakesub.h"

#define CPD_SUB_QOS 1

/* libmosquitto's sentences end with a period; ours do not. */
static void cpd_sub_failed(struct cpd *cpd, const char *why)
{
	char text[NS_TEXT_MAX + 1];
	size_t n = strlen(why);

	if (n && why[n - 1] == '.')
		n--;
	snprintf(text, sizeof(text), "%.*s", (int)n, why);
	ns_core_sub_failed(&cpd->core, text, ns_now_ms());
}

static void cpd_sub_on_connect(struct mosquitto *mosq, void *ctx, int rc)
{
	struct cpd *cpd = ctx;
	char topic[NS_SUB_STR_MAX + 1];
	int ret;

	if (rc) {
		cpd_sub_failed(cpd, mosquitto_connack_string(rc));
		return;
	}
	snprintf(topic, sizeof(topic), "%.*s", cpd->sub.cfg.topic_len,
		 (const char *)cpd->sub.cfg.topic);
	ret = mosquitto_subscribe(mosq, NULL, topic, CPD_SUB_QOS);
	if (ret)
		cpd_sub_failed(cpd, mosquitto_strerror(ret));
}

static void cpd_sub_on_subscribe(struct mosquitto *mosq, void *ctx, int mid,
				 int count, const int *granted)
{
	struct cpd *cpd = ctx;

	(void)mosq;
	(void)mid;
	if (count < 1 || granted[0] > CPD_SUB_QOS)
		cpd_sub_failed(cpd, "the broker refused the subscription");
	else
		ns_core_sub_connected(&cpd->core);
}

static void cpd_sub_on_disconnect(struct mosquitto *mosq, void *ctx, int rc)
{
	struct cpd *cpd = ctx;

	(void)mosq;
	cpd_sub_failed(cpd, rc ? mosquitto_strerror(rc) :
				 "the broker closed the connection");
}

static void cpd_sub_on_message(struct mosquitto *mosq, void *ctx,
			       const struct mosquitto_message *m)
{
	struct cpd *cpd = ctx;

	(void)mosq;
	if (m->payloadlen >= 0)
		ns_core_sub_message(&cpd->core, m->topic, m->payload,
				    (__u32)m->payloadlen, m->retain);
}

/* The client id: the configured one, else netsplit- and the shared MAC. */
static void cpd_sub_client_id(const struct cpd *cpd, char *id, size_t len)
{
	const struct ns_wake_sub *cfg = &cpd->sub.cfg;
	__u8 m[6] = { 0 };

	if (cfg->client_id_len) {
		snprintf(id, len, "%.*s", cfg->client_id_len,
			 (const char *)cfg->client_id);
		return;
	}
	ns_iface_info(cpd->cfg.cp.uplink, m, NULL);
	snprintf(id, len, "netsplit-%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

/* A client for this subscription, kept across its attempts. */
static int cpd_sub_client(struct cpd *cpd, const struct ns_wake_sub *want)
{
	struct cpd_sub *sub = &cpd->sub;
	char id[NS_SUB_STR_MAX + 1], text[512];

	if (sub->mosq && !memcmp(want, &sub->cfg, sizeof(*want)))
		return 0;
	cpd_sub_disconnect(cpd);
	sub->cfg = *want;
	cpd_sub_client_id(cpd, id, sizeof(id));
	sub->mosq = mosquitto_new(id, true, cpd);
	if (!sub->mosq)
		return -errno;
	mosquitto_int_option(sub->mosq, MOSQ_OPT_PROTOCOL_VERSION,
			     MQTT_PROTOCOL_V311);
	mosquitto_connect_callback_set(sub->mosq, cpd_sub_on_connect);
	mosquitto_subscribe_callback_set(sub->mosq, cpd_sub_on_subscribe);
	mosquitto_disconnect_callback_set(sub->mosq, cpd_sub_on_disconnect);
	mosquitto_message_callback_set(sub->mosq, cpd_sub_on_message);
	ns_wake_sub_format(want, text, sizeof(text));
	ns_log(LOG_NOTICE, "wake subscription: %s as %s", text, id);
	return 0;
}

void cpd_sub_connect(struct cpd *cpd, const struct ns_wake_sub *want)
{
	struct cpd_sub *sub = &cpd->sub;
	char host[64], user[NS_SUB_STR_MAX + 1], pw[256], why[160];
	int ret;

	ret = cpd_sub_client(cpd, want);
	if (ret) {
		snprintf(why, sizeof(why), "cannot make an MQTT client: %s",
			 strerror(-ret));
		cpd_sub_failed(cpd, why);
		return;
	}
	ret = ns_wake_sub_password(want, pw, sizeof(pw));
	if (ret) {
		snprintf(why, sizeof(why), "cannot read password_file: %s",
			 strerror(-ret));
		cpd_sub_failed(cpd, why);
		return;
	}
	snprintf(user, sizeof(user), "%.*s", want->username_len,
		 (const char *)want->username);
	ret = mosquitto_username_pw_set(sub->mosq, user[0] ? user : NULL,
					user[0] && pw[0] ? pw : NULL);
	ns_wake_sub_host(want, host, sizeof(host));
	if (!ret)
		ret = mosquitto_connect_async(sub->mosq, host, want->broker_port,
					      want->keepalive);
	explicit_bzero(pw, sizeof(pw));
	if (ret)
		cpd_sub_failed(cpd, ret == MOSQ_ERR_ERRNO ? strerror(errno) :
							    mosquitto_strerror(ret));
}

void cpd_sub_disconnect(struct cpd *cpd)
{
	struct cpd_sub *sub = &cpd->sub;

	if (!sub->mosq)
		return;
	mosquitto_disconnect(sub->mosq);
	mosquitto_destroy(sub->mosq);
	sub->mosq = NULL;
	memset(&sub->cfg, 0, sizeof(sub->cfg));
}

/* Connecting or connected: the client's socket is to be watched. */
static bool cpd_sub_active(const struct cpd *cpd)
{
	__u8 state = cpd->core.sub_state;

	return cpd->sub.mosq &&
	       (state == NS_SUB_CONNECTING || state == NS_SUB_CONNECTED);
}

int cpd_sub_poll(const struct cpd *cpd, short *events)
{
	struct mosquitto *mosq = cpd->sub.mosq;

	if (!cpd_sub_active(cpd))
		return -1;
	*events = POLLIN | (mosquitto_want_write(mosq) ? POLLOUT : 0);
	return mosquitto_socket(mosq);
}

void cpd_sub_io(struct cpd *cpd, short revents)
{
	if (revents & (POLLIN | POLLERR | POLLHUP))
		mosquitto_loop_read(cpd->sub.mosq, 1);
	if (cpd_sub_active(cpd) && (revents & POLLOUT))
		mosquitto_loop_write(cpd->sub.mosq, 1);
}

void cpd_sub_tick(struct cpd *cpd)
{
	if (cpd_sub_active(cpd))
		mosquitto_loop_misc(cpd->sub.mosq);
}
