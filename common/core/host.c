// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The host: its state, its heartbeats, waking it, and the frames that woke
 * it. Awake and sleeping as the host says; down at once when its control
 * stream closes without a goodbye (serve.c), down after heartbeat_misses
 * heartbeats are missed while it is awake (a sleeping host sends none, so
 * silence does not make it down), awake again on the next one.
 *
 * A wake (a frame, or a message of the subscription) is told to the host
 * and to the platform (ops->wake) once: until the host is awake again,
 * more only add their frames to the queue. The queue is bounded; when it is
 * full the newest frames are dropped and counted: the first ones, a SYN or
 * the PUBLISH that woke the host, matter most. Once the host is awake the
 * queue goes to it in arrival order.
 *
 * Each wake pattern (and syn_ports, and the subscription) has a token
 * bucket: wake_burst wakes, then one each wake_interval_ms. A wake storm
 * (a chatty broker, a port scan on a SYN port) would otherwise keep a
 * laptop awake and its battery draining. A wake without a token is
 * deferred until one is back, never dropped: its frames wait in the queue
 * as any woken frame does. While the host is awake nothing is signalled,
 * so nothing is limited.
 */
#include "internal.h"

static void ns_core_deliver(struct ns_core *core)
{
	struct ns_core_frame *f;
	__u32 sent = 0;

	while (core->queue_count) {
		f = &core->queue[core->queue_head];
		if (core->ops.to_host(core->ops.ctx, f->data, f->len))
			ns_core_log(core, NS_CORE_ERR,
				    "cannot hand a woken frame to the host");
		else
			sent++;
		core->queue_head = (core->queue_head + 1) % core->queue_slots;
		core->queue_count--;
	}
	if (sent)
		ns_core_log(core, NS_CORE_NOTICE,
			    "delivered %u held frame%s to the host", sent,
			    sent == 1 ? "" : "s");
}

int ns_core_set_host_state(struct ns_core *core, __u8 state, const char *why,
			   __u64 now)
{
	struct ns_rules learned = core->rules;

	(void)now;
	if (state >= NS_HOST_STATE_COUNT)
		return -1;
	if (state == core->host_state)
		return 0;
	learned.table.host_state = state;
	if (ns_core_table_set(core, &learned, NS_CORE_LEARNED))
		return -1;
	ns_core_log(core, NS_CORE_NOTICE, "host %s -> %s (%s)",
		    ns_host_state_name[core->host_state],
		    ns_host_state_name[state], why);
	core->host_state = state;
	/* Awake, or asleep again: the next wake is a new one. */
	if (state != NS_HOST_DOWN)
		core->waking = false;
	if (state == NS_HOST_AWAKE)
		core->wake_deferred = false;
	if (state == NS_HOST_AWAKE)
		ns_core_deliver(core);
	ns_core_status_changed(core);
	return 0;
}

void ns_core_heartbeat(struct ns_core *core, __u64 now)
{
	ns_core_log(core, NS_CORE_DEBUG,
		    "heartbeat from the host, %u ms after the last (host %s)",
		    (__u32)(now - core->last_heartbeat),
		    ns_host_state_name[core->host_state]);
	core->last_heartbeat = now;
	if (core->host_state == NS_HOST_DOWN)
		ns_core_set_host_state(core, NS_HOST_AWAKE, "heartbeat", now);
}

static __u32 ns_core_wake_burst(const struct ns_core *core)
{
	return core->set.wake_burst ? core->set.wake_burst : NS_CORE_WAKE_BURST;
}

static __u32 ns_core_wake_interval(const struct ns_core *core)
{
	return core->set.wake_interval_ms ? core->set.wake_interval_ms :
					    NS_CORE_WAKE_INTERVAL_MS;
}

/* The bucket of a wake rule: a pattern's, syn_ports', the subscription's. */
static struct ns_core_wake_bucket *ns_core_bucket(struct ns_core *core,
						  __u8 rule)
{
	if (rule < NS_WAKE_MAX)
		return &core->wake_buckets[rule];
	return &core->wake_buckets[rule == NS_WAKE_RULE_SYN ? NS_WAKE_MAX :
							      NS_WAKE_MAX + 1];
}

/* Takes a token if there is one, the ones come back since counted. */
static bool ns_core_wake_token(struct ns_core *core, __u8 rule, __u64 now)
{
	struct ns_core_wake_bucket *b = ns_core_bucket(core, rule);
	__u32 burst = ns_core_wake_burst(core);
	__u64 interval = ns_core_wake_interval(core), back;

	if (!b->started) {
		b->started = true;
		b->tokens = burst;
		b->refilled = now;
	}
	back = now > b->refilled ? (now - b->refilled) / interval : 0;
	if (back) {
		b->tokens = back >= burst - b->tokens ? burst :
							b->tokens + (__u32)back;
		b->refilled += back * interval;
	}
	if (b->tokens == burst)
		b->refilled = now;
	if (!b->tokens)
		return false;
	b->tokens--;
	return true;
}

/* Tells the host and the platform: a wake. */
static void ns_core_wake_signal(struct ns_core *core, __u8 reason, __u8 rule)
{
	struct ns_msg *msg = &core->event;

	core->waking = true;
	core->wakes_while_waking = 0;
	core->wake_count++;
	ns_core_log(core, NS_CORE_NOTICE, "wake: %s, rule %u (host %s)",
		    ns_reason_name[reason], rule,
		    ns_host_state_name[core->host_state]);
	ns_zero(msg, sizeof(*msg));
	msg->type = NS_MSG_WAKE_EVENT;
	msg->wake_reason = reason;
	msg->wake_rule = rule;
	msg->fields = NS_FIELD(NS_TLV_WAKE);
	ns_core_to_host_msg(core, msg);
	if (core->ops.wake)
		core->ops.wake(core->ops.ctx, reason, rule);
}

/* A deferred wake goes as soon as its pattern has a token again. */
static void ns_core_wake_tick(struct ns_core *core, __u64 now)
{
	if (!core->wake_deferred || core->host_state == NS_HOST_AWAKE ||
	    core->waking || !ns_core_wake_token(core, core->deferred_rule, now))
		return;
	core->wake_deferred = false;
	ns_core_wake_signal(core, core->deferred_reason, core->deferred_rule);
}

void ns_core_host_tick(struct ns_core *core, __u64 now)
{
	__u64 limit = (__u64)core->heartbeat_ms * core->set.heartbeat_misses;

	ns_core_wake_tick(core, now);
	if (core->host_state != NS_HOST_AWAKE ||
	    now - core->last_heartbeat <= limit)
		return;
	/* The silence as the core measured it: the tests' figure. */
	ns_core_log(core, NS_CORE_NOTICE,
		    "no heartbeat for %u ms (limit %u ms: %u x %u ms)",
		    (__u32)(now - core->last_heartbeat), (__u32)limit,
		    core->set.heartbeat_misses, core->heartbeat_ms);
	ns_core_set_host_state(core, NS_HOST_DOWN, "no heartbeat for too long",
			       now);
}

/*
 * Whether the count-th of a repeated event is logged: the 1st, 2nd, 4th,
 * 8th..., so that a flood says how big it is in a few lines.
 */
static bool ns_core_log_nth(__u32 count)
{
	return count && !(count & (count - 1));
}

static void ns_core_wake_host(struct ns_core *core, __u8 reason, __u8 rule,
			      __u64 now)
{
	if (core->host_state == NS_HOST_AWAKE)
		return;
	if (core->waking) {
		core->wakes_while_waking++;
		if (ns_core_log_nth(core->wakes_while_waking))
			ns_core_log(core, NS_CORE_INFO,
				    "wake: %s, while the host is already being woken (%u so far)",
				    ns_reason_name[reason],
				    core->wakes_while_waking);
		return;
	}
	if (!ns_core_wake_token(core, rule, now)) {
		core->wake_limited++;
		if (!core->wake_deferred)
			ns_core_log(core, NS_CORE_NOTICE,
				    "wake: %s, rule %u, limited (%u wakes, then one each %u ms): deferred",
				    ns_reason_name[reason], rule,
				    ns_core_wake_burst(core),
				    ns_core_wake_interval(core));
		if (!core->wake_deferred) {
			core->wake_deferred = true;
			core->deferred_reason = reason;
			core->deferred_rule = rule;
		}
		return;
	}
	ns_core_wake_signal(core, reason, rule);
}

void ns_core_set_ring_full(struct ns_core *core, __u32 total)
{
	core->ring_full = total;
}

void ns_core_wake_frame(struct ns_core *core, const __u8 *frame, __u32 len,
			__u8 reason, __u8 rule, __u64 now)
{
	struct ns_core_frame *slot;

	if (reason >= NS_REASON_COUNT || len > NS_WAKE_FRAME_MAX)
		return;
	/* A flood logs its first frame, the rest at debug. */
	ns_core_log(core, core->queue_count ? NS_CORE_DEBUG : NS_CORE_INFO,
		    "a waking frame: %s, rule %u, %u bytes",
		    ns_reason_name[reason], rule, len);
	ns_core_wake_host(core, reason, rule, now);
	if (core->queue_count >= core->queue_slots) {
		core->queue_dropped++;
		if (ns_core_log_nth(core->queue_dropped))
			ns_core_log(core, NS_CORE_WARNING,
				    "wake queue full (%u frames): frame dropped, %u so far",
				    core->queue_slots, core->queue_dropped);
	} else {
		slot = &core->queue[(core->queue_head + core->queue_count) %
				    core->queue_slots];
		slot->len = (__u16)len;
		ns_copy(slot->data, frame, len);
		core->queue_count++;
		ns_core_log(core, NS_CORE_DEBUG,
			    "wake queue: %u of %u frames held for the host",
			    core->queue_count, core->queue_slots);
	}
	if (core->host_state == NS_HOST_AWAKE)
		ns_core_deliver(core);
}

void ns_core_sub_message(struct ns_core *core, const char *topic,
			 const void *payload, __u32 len, bool retained)
{
	const struct ns_wake_sub *sub = &core->rules.sub;

	/* A retained message is replayed on every subscription: no news. */
	if (retained || !sub->broker_port || len < sub->prefix_len ||
	    !ns_same(payload, sub->prefix, sub->prefix_len)) {
		ns_core_log(core, NS_CORE_DEBUG,
			    "wake subscription: a message on %s wakes nothing (%s)",
			    topic, retained ? "retained" : "not the prefix");
		return;
	}
	ns_core_log(core, NS_CORE_INFO, "wake subscription: a wake message on %s",
		    topic);
	/* The platform's client has no clock of the core's: its last tick. */
	ns_core_wake_host(core, NS_REASON_MQTT_SUBSCRIPTION,
			  NS_WAKE_RULE_SUBSCRIPTION, core->last_tick);
}
