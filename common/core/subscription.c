// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The wake subscription's life (SPEC 3, [wake] subscribe). The platform
 * holds the MQTT connection (libmosquitto, lwIP's MQTT client); the core
 * decides when to connect and tells the host how it goes. An attempt that
 * fails, or a connection lost, is tried again after 1 s, doubling to 32 s
 * and back to 1 s once subscribed; an attempt not subscribed within 10 s
 * counts as refused. A new table with another subscription drops the old
 * one and starts at once.
 */
#include "internal.h"

#define NS_SUB_BACKOFF_MIN_MS 1000
#define NS_SUB_BACKOFF_MAX_MS 32000
#define NS_SUB_ATTEMPT_MS     10000

/* error NULL: the last one stays. */
static void ns_core_sub_report(struct ns_core *core, __u8 state,
			       const char *error)
{
	__u16 n;

	if (error) {
		n = ns_strnlen(error, NS_TEXT_MAX);
		ns_copy(core->sub_error, error, n);
		core->sub_error[n] = '\0';
	}
	if (state == core->sub_state && !error)
		return;
	core->sub_state = state;
	ns_core_status_changed(core);
}

static void ns_core_sub_attempt(struct ns_core *core, __u64 now)
{
	core->sub_since = now;
	ns_core_sub_report(core, NS_SUB_CONNECTING, 0);
	core->ops.sub_connect(core->ops.ctx, &core->rules.sub);
}

static void ns_core_sub_drop(struct ns_core *core)
{
	__u8 state = core->sub_state;

	/* What the platform reports as it drops the connection is no news. */
	core->sub_state = NS_SUB_NONE;
	if (state != NS_SUB_NONE && core->ops.sub_disconnect)
		core->ops.sub_disconnect(core->ops.ctx);
	core->sub_state = state;
}

void ns_core_sub_set(struct ns_core *core)
{
	ns_core_sub_drop(core);
	core->sub_backoff_ms = NS_SUB_BACKOFF_MIN_MS;
	if (!core->rules.sub.broker_port || !core->ops.sub_connect) {
		if (core->sub_state != NS_SUB_NONE)
			ns_core_log(core, NS_CORE_NOTICE,
				    "wake subscription: none");
		ns_core_sub_report(core, NS_SUB_NONE, "");
		return;
	}
	/* The tick that follows starts the attempt's clock. */
	ns_core_sub_attempt(core, 0);
}

void ns_core_sub_connected(struct ns_core *core)
{
	if (core->sub_state != NS_SUB_CONNECTING)
		return;
	core->sub_backoff_ms = NS_SUB_BACKOFF_MIN_MS;
	ns_core_log(core, NS_CORE_NOTICE, "wake subscription: connected");
	ns_core_sub_report(core, NS_SUB_CONNECTED, "");
}

void ns_core_sub_failed(struct ns_core *core, const char *why, __u64 now)
{
	/* Dropped on purpose, or already counted. */
	if (core->sub_state != NS_SUB_CONNECTING &&
	    core->sub_state != NS_SUB_CONNECTED)
		return;
	core->sub_retry_at = now + core->sub_backoff_ms;
	ns_core_log(core, NS_CORE_WARNING,
		    "wake subscription: %s; trying again in %u s", why,
		    core->sub_backoff_ms / 1000);
	ns_core_sub_report(core, NS_SUB_RETRYING, why);
	core->sub_backoff_ms = core->sub_backoff_ms * 2 > NS_SUB_BACKOFF_MAX_MS
				       ? NS_SUB_BACKOFF_MAX_MS
				       : core->sub_backoff_ms * 2;
}

void ns_core_sub_tick(struct ns_core *core, __u64 now)
{
	if (core->sub_state == NS_SUB_RETRYING && now >= core->sub_retry_at) {
		ns_core_sub_attempt(core, now);
	} else if (core->sub_state == NS_SUB_CONNECTING && !core->sub_since) {
		core->sub_since = now;
	} else if (core->sub_state == NS_SUB_CONNECTING &&
		   now - core->sub_since > NS_SUB_ATTEMPT_MS) {
		ns_core_sub_failed(core, "no answer from the broker", now);
		ns_core_sub_drop(core);
	}
}
