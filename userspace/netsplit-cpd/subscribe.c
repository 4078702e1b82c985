// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's own wake subscription (SPEC 3, [wake] subscribe): an
 * MQTT connection to the broker from the co-processor's own ports, held by
 * libmosquitto inside our poll loop. Its messages go to the core, which
 * wakes the host when one's payload starts with the prefix (reason
 * mqtt-subscription).
 *
 * It is the wake that cannot stall: inspecting the host's own MQTT stream,
 * a non-wake PUBLISH dropped while the host sleeps holds back every later
 * one on that connection, the wake message included, until the broker's TCP
 * gets an acknowledgement that never comes. This connection belongs to the
 * co-processor, which is awake.
 *
 * Lost or refused connections are
 * tried again after 1 s, doubling to 32 s; a connection that is not
 * subscribed within 10 s counts as refused.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mosquitto.h>

#include "conn.h"
#include "cpd.h"
#include "log.h"
#include "wakesub.h"

#define CPD_SUB_BACKOFF_MIN_MS 1000
#define CPD_SUB_BACKOFF_MAX_MS 32000
#define CPD_SUB_CONNECT_MS 10000
#define CPD_SUB_QOS 1

static void cpd_sub_set(struct cpd *cpd, enum ns_sub_state state,
			const char *error)
{
	struct cpd_sub *sub = &cpd->sub;

	size_t n;

	if (error) {
		/* libmosquitto's sentences end with a period; ours do not. */
		n = strlen(error);
		if (n && error[n - 1] == '.')
			n--;
		snprintf(sub->error, sizeof(sub->error), "%.*s", (int)n, error);
	}
	if (state == sub->state)
		return;
	sub->state = state;
	if (state == NS_SUB_RETRYING)
		ns_log(LOG_WARNING, "wake subscription: %s; trying again in %u s",
		       sub->error, sub->backoff_ms / 1000);
	else
		ns_log(LOG_NOTICE, "wake subscription: %s",
		       ns_sub_state_name[state]);
	ns_core_sub_state(&cpd->core, (__u8)state,
			  state == NS_SUB_CONNECTED ? "" : sub->error);
}

/* Gives up on this connection; the next attempt comes after the backoff. */
static void cpd_sub_retry(struct cpd *cpd, const char *why)
{
	struct cpd_sub *sub = &cpd->sub;

	sub->retry_at = ns_now_ms() + sub->backoff_ms;
	cpd_sub_set(cpd, NS_SUB_RETRYING, why);
	sub->backoff_ms = sub->backoff_ms * 2 > CPD_SUB_BACKOFF_MAX_MS ?
				  CPD_SUB_BACKOFF_MAX_MS :
				  sub->backoff_ms * 2;
}

static void cpd_sub_on_connect(struct mosquitto *mosq, void *ctx, int rc)
{
	struct cpd *cpd = ctx;
	char topic[NS_SUB_STR_MAX + 1];
	int ret;

	if (rc) {
		cpd_sub_retry(cpd, mosquitto_connack_string(rc));
		mosquitto_disconnect(mosq);
		return;
	}
	snprintf(topic, sizeof(topic), "%.*s", cpd->sub.cfg.topic_len,
		 (const char *)cpd->sub.cfg.topic);
	ret = mosquitto_subscribe(mosq, NULL, topic, CPD_SUB_QOS);
	if (ret) {
		cpd_sub_retry(cpd, mosquitto_strerror(ret));
		mosquitto_disconnect(mosq);
	}
}

static void cpd_sub_on_subscribe(struct mosquitto *mosq, void *ctx, int mid,
				 int count, const int *granted)
{
	struct cpd *cpd = ctx;

	(void)mosq;
	(void)mid;
	if (count < 1 || granted[0] > CPD_SUB_QOS) {
		cpd_sub_retry(cpd, "the broker refused the subscription");
		mosquitto_disconnect(mosq);
		return;
	}
	cpd->sub.backoff_ms = CPD_SUB_BACKOFF_MIN_MS;
	cpd_sub_set(cpd, NS_SUB_CONNECTED, "");
}

static void cpd_sub_on_disconnect(struct mosquitto *mosq, void *ctx, int rc)
{
	struct cpd *cpd = ctx;

	(void)mosq;
	/* Asked for (a refusal above, or a new table): already handled. */
	if (cpd->sub.state != NS_SUB_RETRYING)
		cpd_sub_retry(cpd, rc ? mosquitto_strerror(rc) :
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

/* The password from the file, without its line end; "" when none. */
static int cpd_sub_password(const struct ns_wake_sub *cfg, char *pw,
			    size_t len)
{
	char path[NS_SUB_PATH_MAX + 1];
	FILE *f;

	pw[0] = '\0';
	if (!cfg->password_file_len)
		return 0;
	snprintf(path, sizeof(path), "%.*s", cfg->password_file_len,
		 (const char *)cfg->password_file);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(pw, (int)len, f))
		pw[0] = '\0';
	fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

static void cpd_sub_connect(struct cpd *cpd)
{
	struct cpd_sub *sub = &cpd->sub;
	const struct ns_wake_sub *cfg = &sub->cfg;
	char host[64], user[NS_SUB_STR_MAX + 1], pw[256], why[160];
	int ret;

	sub->retry_at = 0;
	sub->attempt_since = ns_now_ms();
	cpd_sub_set(cpd, NS_SUB_CONNECTING, NULL);
	ret = cpd_sub_password(cfg, pw, sizeof(pw));
	if (ret) {
		snprintf(why, sizeof(why), "cannot read password_file: %s",
			 strerror(-ret));
		cpd_sub_retry(cpd, why);
		return;
	}
	snprintf(user, sizeof(user), "%.*s", cfg->username_len,
		 (const char *)cfg->username);
	ret = mosquitto_username_pw_set(sub->mosq, user[0] ? user : NULL,
					user[0] && pw[0] ? pw : NULL);
	ns_wake_sub_host(cfg, host, sizeof(host));
	if (!ret)
		ret = mosquitto_connect_async(sub->mosq, host, cfg->broker_port,
					      cfg->keepalive);
	explicit_bzero(pw, sizeof(pw));
	if (ret)
		cpd_sub_retry(cpd, ret == MOSQ_ERR_ERRNO ? strerror(errno) :
							   mosquitto_strerror(ret));
}

void cpd_sub_stop(struct cpd *cpd)
{
	struct cpd_sub *sub = &cpd->sub;

	if (sub->mosq) {
		/* Handled: no retry from the disconnect callback. */
		sub->state = NS_SUB_RETRYING;
		mosquitto_disconnect(sub->mosq);
		mosquitto_destroy(sub->mosq);
		sub->mosq = NULL;
	}
	memset(&sub->cfg, 0, sizeof(sub->cfg));
	sub->error[0] = '\0';
	sub->retry_at = 0;
	sub->state = NS_SUB_NONE;
}

/* The client id: the configured one, else netsplit- and the shared MAC. */
static void cpd_sub_client_id(const struct cpd *cpd, char *id, size_t len)
{
	const struct ns_wake_sub *cfg = &cpd->sub.cfg;
	struct ifreq ifr = { 0 };
	const __u8 *m = (const __u8 *)ifr.ifr_hwaddr.sa_data;
	int sock;

	if (cfg->client_id_len) {
		snprintf(id, len, "%.*s", cfg->client_id_len,
			 (const char *)cfg->client_id);
		return;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", cpd->cfg.cp.uplink);
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock >= 0) {
		ioctl(sock, SIOCGIFHWADDR, &ifr);
		close(sock);
	}
	snprintf(id, len, "netsplit-%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

void cpd_sub_update(struct cpd *cpd, const struct ns_wake_sub *want)
{
	struct cpd_sub *sub = &cpd->sub;
	char id[NS_SUB_STR_MAX + 1], text[512];

	if (!memcmp(want, &sub->cfg, sizeof(*want)))
		return;
	cpd_sub_stop(cpd);
	sub->cfg = *want;
	if (!want->broker_port) {
		ns_log(LOG_NOTICE, "wake subscription: none");
		ns_core_sub_state(&cpd->core, NS_SUB_NONE, "");
		return;
	}
	cpd_sub_client_id(cpd, id, sizeof(id));
	sub->mosq = mosquitto_new(id, true, cpd);
	if (!sub->mosq) {
		ns_log(LOG_ERR, "wake subscription: cannot make an MQTT client: %s",
		       strerror(errno));
		return;
	}
	mosquitto_int_option(sub->mosq, MOSQ_OPT_PROTOCOL_VERSION,
			     MQTT_PROTOCOL_V311);
	mosquitto_connect_callback_set(sub->mosq, cpd_sub_on_connect);
	mosquitto_subscribe_callback_set(sub->mosq, cpd_sub_on_subscribe);
	mosquitto_disconnect_callback_set(sub->mosq, cpd_sub_on_disconnect);
	mosquitto_message_callback_set(sub->mosq, cpd_sub_on_message);
	ns_wake_sub_format(want, text, sizeof(text));
	ns_log(LOG_NOTICE, "wake subscription: %s as %s", text, id);
	sub->backoff_ms = CPD_SUB_BACKOFF_MIN_MS;
	cpd_sub_connect(cpd);
}

int cpd_sub_poll(const struct cpd *cpd, short *events)
{
	const struct cpd_sub *sub = &cpd->sub;
	int fd;

	if (!sub->mosq || sub->state == NS_SUB_RETRYING)
		return -1;
	fd = mosquitto_socket(sub->mosq);
	*events = POLLIN | (mosquitto_want_write(sub->mosq) ? POLLOUT : 0);
	return fd;
}

void cpd_sub_io(struct cpd *cpd, short revents)
{
	struct cpd_sub *sub = &cpd->sub;

	if (revents & (POLLIN | POLLERR | POLLHUP))
		mosquitto_loop_read(sub->mosq, 1);
	if (sub->mosq && sub->state != NS_SUB_RETRYING &&
	    (revents & POLLOUT))
		mosquitto_loop_write(sub->mosq, 1);
}

void cpd_sub_tick(struct cpd *cpd, __u64 now)
{
	struct cpd_sub *sub = &cpd->sub;

	if (!sub->mosq)
		return;
	if (sub->state == NS_SUB_RETRYING) {
		if (now >= sub->retry_at)
			cpd_sub_connect(cpd);
		return;
	}
	if (sub->state == NS_SUB_CONNECTING &&
	    now - sub->attempt_since > CPD_SUB_CONNECT_MS) {
		cpd_sub_retry(cpd, "no answer from the broker");
		mosquitto_disconnect(sub->mosq);
		return;
	}
	mosquitto_loop_misc(sub->mosq);
}
