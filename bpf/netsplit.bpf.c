// SPDX-License-Identifier: GPL-2.0-only
/*
 * The netsplit datapath: the splitter on the co-processor's uplink, the
 * forwarder back from the host link, and the guard on the host's ethsta0.
 * All of them decide with ns_classify() from include/netsplit/classify.h,
 * reading the rule table from the maps below.
 *
 * The splitter is the first program in section "xdp", so
 * `ip link set dev IF xdp obj netsplit.bpf.o sec xdp` attaches it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include <netsplit/rules.h>
#include <netsplit/reasons.h>
#include <netsplit/bpf_abi.h>
#include <netsplit/classify.h>

#define TC_ACT_OK 0
#define TC_ACT_SHOT 2

/* The verifier's limit on a packet pointer's offset (MAX_PACKET_OFF). */
#define NS_FRAME_OFF_MAX 0xffff

/* Ethernet, IPv6 with a few extension headers, and the L4 ports. */
#define NS_EGRESS_PULL 128

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_table);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NS_RANGE_COUNT);
	__type(key, __u32);
	__type(value, struct ns_port_range);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_ranges SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_port_lists);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_port_lists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NS_WAKE_MAX);
	__type(key, __u32);
	__type(value, struct ns_wake_pattern);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_wake SEC(".maps");

/*
 * The co-processor's own wake subscription. No program reads it: it is
 * here so that the whole table lives in one set of pinned maps, which
 * `netsplitctl rules load`, bpftool and both daemons share.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_wake_sub);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_wake_sub SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NS_SLAVE_PORTS_MAX);
	__type(key, struct ns_slave_port);
	__type(value, __u8);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_slave_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NS_REASON_COUNT);
	__type(key, __u32);
	__type(value, struct ns_counter);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, NS_FRAGS_MAX);
	__type(key, struct ns_frag_key);
	__type(value, __u8);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_frags SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_host_link SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_uplink SEC(".maps");

/*
 * The host link's ifindex for TC: a devmap belongs to the first program
 * type that uses it (it can hold XDP programs), so TC cannot read
 * ns_host_link. The loader writes both.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_links);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_links SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, NS_WAKE_EVENTS_BYTES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_wake_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_mqtt_scratch);
} ns_scratch SEC(".maps");

/* The trailer's cookie (bpf_abi.h); 0 until the loader draws it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ns_both_cookie SEC(".maps");

/* The rule table is in the maps; the frame is read through the context. */
struct ns_env {
	struct xdp_md *xdp;     /* set in XDP programs */
	struct __sk_buff *skb;  /* set in TC programs */
};

static NS_TINY const struct ns_table *ns_env_table(struct ns_env *env)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&ns_table, &key);
}

static NS_TINY const struct ns_port_range *
ns_env_range(struct ns_env *env, __u32 id)
{
	return bpf_map_lookup_elem(&ns_ranges, &id);
}

static NS_TINY const struct ns_port_list *
ns_env_lists(struct ns_env *env)
{
	const struct ns_port_lists *lists;
	__u32 key = 0;

	lists = bpf_map_lookup_elem(&ns_port_lists, &key);
	return lists ? lists->list : NULL;
}

static NS_TINY const struct ns_wake_pattern *
ns_env_wake(struct ns_env *env, __u32 index)
{
	return bpf_map_lookup_elem(&ns_wake, &index);
}

/*
 * Whether the slave has a socket for flow. Attached to an uplink, the
 * splitter asks the sockets of the uplink's network namespace, which are
 * the slave's own: a listener on the port or the flow's connection (a
 * connected UDP socket, as iperf3's; a TCP one being accepted, or in
 * TIME_WAIT, where a last FIN may still need its ACK, unless the segment is
 * a new connection's: struct ns_flow), found the way the stack itself
 * would deliver the frame, so a socket bound a moment ago counts. Otherwise
 * (a test run, the guard) the ns_slave_ports map says. A global function:
 * one check by the verifier, one call for shared ports only.
 */
__noinline int ns_slave_listens_xdp(struct xdp_md *ctx, struct ns_flow *flow)
{
	struct bpf_sock_tuple tuple = {};
	struct ns_slave_port key = {};
	const struct ns_links *links;
	struct tcp_timewait_sock *tw;
	struct bpf_sock *sk;
	__u32 zero = 0, len, rcv_nxt;
	__u8 seg[10]; /* sequence number to flags */
	bool new_connection;
	int err;

	if (!flow)
		return 0;
	links = bpf_map_lookup_elem(&ns_links, &zero);
	if (!links || !(links->flags & NS_LINKS_F_SOCKETS)) {
		key.proto = flow->proto;
		key.port = flow->dport;
		return bpf_map_lookup_elem(&ns_slave_ports, &key) != NULL;
	}
	if (flow->family == 4) {
		err = bpf_xdp_load_bytes(ctx, flow->remote_off,
					 &tuple.ipv4.saddr, 4);
		err = err ?: bpf_xdp_load_bytes(ctx, flow->local_off,
						&tuple.ipv4.daddr, 4);
		tuple.ipv4.sport = ns_htons(flow->sport);
		tuple.ipv4.dport = ns_htons(flow->dport);
		len = sizeof(tuple.ipv4);
	} else {
		err = bpf_xdp_load_bytes(ctx, flow->remote_off,
					 tuple.ipv6.saddr, 16);
		err = err ?: bpf_xdp_load_bytes(ctx, flow->local_off,
						tuple.ipv6.daddr, 16);
		tuple.ipv6.sport = ns_htons(flow->sport);
		tuple.ipv6.dport = ns_htons(flow->dport);
		len = sizeof(tuple.ipv6);
	}
	if (err)
		return 0;
	if (flow->proto == NS_IPPROTO_UDP) {
		sk = bpf_sk_lookup_udp(ctx, &tuple, len, BPF_F_CURRENT_NETNS, 0);
		if (!sk)
			return 0;
		bpf_sk_release(sk);
		return 1;
	}
	sk = bpf_skc_lookup_tcp(ctx, &tuple, len, BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return 0;
	new_connection = false;
	tw = NULL;
	if (flow->tcp_off && sk->state == BPF_TCP_TIME_WAIT)
		tw = bpf_skc_to_tcp_timewait_sock(sk);
	/* The sequence number, past what the old connection received? */
	if (tw && !bpf_xdp_load_bytes(ctx, flow->tcp_off + 4, seg, 10)) {
		rcv_nxt = tw->tw_sk.__tw_common.skc_tw_rcv_nxt;
		new_connection = (__s32)(ns_rd32(seg) - rcv_nxt) > 0;
	}
	bpf_sk_release(sk);
	if (!new_connection)
		return 1;
	/* Its later segments are the host's; its SYN a listener's. */
	if ((seg[9] & (NS_TCP_SYN | NS_TCP_ACK)) != NS_TCP_SYN)
		return 0;
	/* No connection has remote port 0: this finds a listener or nothing. */
	if (flow->family == 4)
		tuple.ipv4.sport = 0;
	else
		tuple.ipv6.sport = 0;
	sk = bpf_skc_lookup_tcp(ctx, &tuple, len, BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return 0;
	bpf_sk_release(sk);
	return 1;
}

static __always_inline bool ns_env_slave_listens(struct ns_env *env,
						 const struct ns_flow *flow)
{
	return ns_slave_listens_xdp(env->xdp, (struct ns_flow *)flow);
}

static __always_inline bool ns_env_frag_lookup(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 *dest)
{
	const __u8 *found = bpf_map_lookup_elem(&ns_frags, key);

	if (!found)
		return false;
	*dest = *found;
	return true;
}

static __always_inline void ns_env_frag_record(struct ns_env *env,
					       const struct ns_frag_key *key,
					       __u8 dest)
{
	bpf_map_update_elem(&ns_frags, key, &dest, BPF_ANY);
}

/*
 * len if 1 <= len <= max, else 0, in a form every verifier can bound: it
 * bounds len - 1 in its own register and adds 1. Verifiers before 6.8 or
 * so learn nothing from `len == 0`, and clang tests `len - 1 > max - 1` on a
 * copy, which left len itself unbounded for a helper's size argument.
 */
static __always_inline __u64 ns_len_in(__u64 len, __u64 max)
{
	__u64 last = len - 1;

	asm volatile("" : "+r"(last));
	return last < max ? last + 1 : 0;
}

/* A wake window of the MQTT matcher (struct ns_wake_buf). */
struct ns_window {
	__u64 w[NS_WAKE_STR_MAX / 8];
};

NS_STATIC_ASSERT((NS_WAKE_STR_MAX & (NS_WAKE_STR_MAX - 1)) == 0,
		 "a window's size is a power of two (ns_window_load_xdp)");

/*
 * Fills a window with the len (1 to its size, checked by ns_env_load) bytes
 * at off, and with what follows them in the frame when the frame has a
 * whole window there. A global function: the verifier checks the two ways
 * of loading once, not once per window.
 */
__noinline int ns_window_load_xdp(struct xdp_md *ctx, __u32 off,
				  struct ns_window *win, __u32 len)
{
	const __u8 *p = (const __u8 *)(long)ctx->data;
	const __u8 *data_end = (const __u8 *)(long)ctx->data_end;
	__u32 i;

	if (!win)
		return 0;
	/*
	 * Reading the frame directly saves a helper call, which costs more
	 * than parsing the field. The verifier accepts the unaligned loads
	 * where the CPU handles them (x86, arm64), as in ns_rd16().
	 */
	if (off <= NS_FRAME_OFF_MAX - sizeof(*win)) {
		p += off;
		if (p + sizeof(*win) <= data_end) {
#pragma unroll
			for (i = 0; i < NS_ARRAY_SIZE(win->w); i++)
				win->w[i] = *(const __u64 *)(p + 8 * i);
			return 1;
		}
	}
	/* The mask keeps len as it is, and shows the verifier its bounds. */
	len = ((len - 1) & (sizeof(*win) - 1)) + 1;
	return !bpf_xdp_load_bytes(ctx, off, win, len);
}

static __always_inline bool ns_env_load(struct ns_env *env, __u32 off,
					void *buf, __u32 len, __u32 size)
{
	__u64 n = ns_len_in(len, size);

	if (!n)
		return false;
	/* The MQTT matcher's windows (two or more a segment) go the fast way. */
	if (!env->skb && size == sizeof(struct ns_window))
		return ns_window_load_xdp(env->xdp, off, buf, n);
	/*
	 * Test the member the program type leaves NULL, so that clang drops
	 * the other helper, which that program type may not call.
	 */
	if (env->skb)
		return !bpf_skb_load_bytes(env->skb, off, buf, n);
	return !bpf_xdp_load_bytes(env->xdp, off, buf, n);
}

static __always_inline struct ns_mqtt_scratch *
ns_env_scratch(struct ns_env *env)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&ns_scratch, &key);
}

/*
 * The classifier's loops run as global functions: the verifier checks each
 * once, on its own, instead of once for every path that leads to it.
 */
__noinline int ns_ipv6_walk_xdp(struct xdp_md *ctx, struct ns_ipv6_walk *walk)
{
	struct ns_env env = { .xdp = ctx };

	return walk && ns_ipv6_walk(&env, walk);
}

__noinline int ns_ipv6_walk_skb(struct __sk_buff *skb,
				struct ns_ipv6_walk *walk)
{
	struct ns_env env = { .skb = skb };

	/* A known non-NULL skb lets clang drop the XDP helper (ns_env_load). */
	return skb && walk && ns_ipv6_walk(&env, walk);
}

__noinline int ns_mqtt_wake_xdp(struct xdp_md *ctx,
				struct ns_wake_query *query)
{
	struct ns_env env = { .xdp = ctx };

	return query && ns_mqtt_wake(&env, query);
}

/* One packet of the segment: the loop above stays small to verify. */
__noinline int ns_mqtt_packet_xdp(struct xdp_md *ctx,
				  struct ns_wake_query *query)
{
	struct ns_env env = { .xdp = ctx };

	return query ? ns_mqtt_packet(&env, query) : -1;
}

static __always_inline bool ns_env_ipv6_walk(struct ns_env *env,
					     struct ns_ipv6_walk *walk)
{
	if (env->skb)
		return ns_ipv6_walk_skb(env->skb, walk);
	return ns_ipv6_walk_xdp(env->xdp, walk);
}

static __always_inline int ns_env_mqtt_packet(struct ns_env *env,
					      struct ns_wake_query *query)
{
	return ns_mqtt_packet_xdp(env->xdp, query);
}

/* Only the splitter asks: TC programs never look for wake patterns. */
static __always_inline bool ns_env_mqtt_wake(struct ns_env *env,
					     struct ns_wake_query *query)
{
	return !env->skb && ns_mqtt_wake_xdp(env->xdp, query);
}

static __always_inline void ns_count(__u32 reason, __u64 bytes)
{
	struct ns_counter *c = bpf_map_lookup_elem(&ns_stats, &reason);

	if (c) {
		c->packets++;
		c->bytes += bytes;
	}
}

/*
 * Hands a waking frame to netsplit-cpd through the ring buffer. Returns
 * false when the ring is full (nobody reads it), so the caller can deliver
 * the frame directly rather than lose it.
 */
static __always_inline bool ns_emit_wake(struct xdp_md *ctx,
					 const struct ns_result *res)
{
	__u64 len = ctx->data_end - ctx->data;
	struct ns_wake_event *ev;

	/*
	 * A reservation takes the ring's lock even to fail; a full ring (a
	 * flood of wake frames, or netsplit-cpd not reading) is seen without.
	 */
	if (bpf_ringbuf_query(&ns_wake_events, BPF_RB_AVAIL_DATA) >
	    NS_WAKE_EVENTS_BYTES - NS_WAKE_RECORD_BYTES)
		return false;
	ev = bpf_ringbuf_reserve(&ns_wake_events, sizeof(*ev), 0);
	if (!ev)
		return false;
	ev->timestamp_ns = bpf_ktime_get_ns();
	ev->ifindex = ctx->ingress_ifindex;
	ev->reason = res->reason;
	ev->rule = res->wake_rule;
	ev->orig_len = len;
	ev->reserved = 0;
	len = ns_len_in(len > NS_WAKE_FRAME_MAX ? NS_WAKE_FRAME_MAX : len,
			NS_WAKE_FRAME_MAX);
	if (!len || bpf_xdp_load_bytes(ctx, 0, ev->frame, len)) {
		bpf_ringbuf_discard(ev, 0);
		return false;
	}
	ev->frame_len = len;
	bpf_ringbuf_submit(ev, 0);
	return true;
}

/*
 * Waking frames the ring had no room for, sent to the host link at once
 * instead; netsplit-cpd reports the count (status: overflow, ring).
 */
__u64 ns_wake_ring_full = 0;

/* Set by the loader (bpf_abi.h): a constant the verifier prunes by. */
const volatile __u32 ns_both_mark = NS_BOTH_MARK_NONE;

static __always_inline __u64 ns_cookie(void)
{
	__u32 key = 0;
	__u64 *cookie = bpf_map_lookup_elem(&ns_both_cookie, &key);

	return cookie ? *cookie : 0;
}

static __always_inline int ns_mark_both_trailer(struct xdp_md *ctx)
{
	__u64 cookie = ns_cookie();
	__u32 len;

	if (!cookie || bpf_xdp_adjust_tail(ctx, NS_BOTH_TRAILER_LEN))
		return -1;
	len = (__u32)bpf_xdp_get_buff_len(ctx);
	return bpf_xdp_store_bytes(ctx, len - NS_BOTH_TRAILER_LEN, &cookie,
				   NS_BOTH_TRAILER_LEN) ?
		       -1 :
		       0;
}

static __always_inline int ns_mark_both(struct xdp_md *ctx)
{
	struct ns_xdp_meta *meta;
	void *data;

	if (ns_both_mark == NS_BOTH_MARK_NONE)
		return 0;
	if (ns_both_mark == NS_BOTH_MARK_TRAILER)
		return ns_mark_both_trailer(ctx);
	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*meta)))
		return -1;
	meta = (void *)(long)ctx->data_meta;
	data = (void *)(long)ctx->data;
	if ((void *)(meta + 1) > data)
		return -1;
	meta->magic = NS_META_MAGIC_BOTH;
	return 0;
}

static __always_inline int ns_to_host_link(void)
{
	return bpf_redirect_map(&ns_host_link, 0, XDP_DROP);
}

/* Classifies the frame in ctx; returns its length. */
static __always_inline __u64 ns_xdp_classify(struct xdp_md *ctx,
					     struct ns_result *res)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ns_env env = { .xdp = ctx };

	ns_classify(&env, data, data_end, res);
	return data_end - data;
}

SEC(NS_SEC_SPLITTER)
int ns_splitter(struct xdp_md *ctx)
{
	struct ns_result res;
	__u64 bytes = ns_xdp_classify(ctx, &res);
	int action;

	ns_count(res.reason, bytes);

	switch (res.dest) {
	case NS_DEST_SLAVE:
		return XDP_PASS;
	case NS_DEST_BOTH:
		/* Without room for the mark the slave still gets the frame. */
		if (ns_mark_both(ctx))
			ns_count(NS_REASON_HOST_LINK_MISSING, bytes);
		return XDP_PASS;
	case NS_DEST_HOST:
		if (res.wake) {
			if (ns_emit_wake(ctx, &res))
				return XDP_DROP;
			__sync_fetch_and_add(&ns_wake_ring_full, 1);
		}
		action = ns_to_host_link();
		if (action != XDP_REDIRECT)
			ns_count(NS_REASON_HOST_LINK_MISSING, bytes);
		return action;
	}
	return XDP_DROP;
}

/* Everything the host sends leaves through the uplink unchanged. */
SEC(NS_SEC_FORWARDER)
int ns_forwarder(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ns_uplink, 0, XDP_DROP);
}

/* On the host: take only what the rule table says is the host's. */
SEC(NS_SEC_GUARD)
int ns_guard(struct xdp_md *ctx)
{
	struct ns_result res;
	__u64 bytes = ns_xdp_classify(ctx, &res);

	if (res.dest == NS_DEST_HOST || res.dest == NS_DEST_BOTH) {
		ns_count(res.reason, bytes);
		return XDP_PASS;
	}
	ns_count(NS_REASON_MISROUTED, bytes);
	return XDP_DROP;
}

/* The splitter's trailer: taken off, the frame is as it came. */
static __always_inline bool ns_both_trailer(struct __sk_buff *skb)
{
	__u64 trailer;

	if (ns_both_mark != NS_BOTH_MARK_TRAILER ||
	    skb->len < NS_ETH_HLEN + NS_BOTH_TRAILER_LEN ||
	    bpf_skb_load_bytes(skb, skb->len - NS_BOTH_TRAILER_LEN, &trailer,
			       NS_BOTH_TRAILER_LEN) ||
	    !trailer || trailer != ns_cookie())
		return false;
	return !bpf_skb_change_tail(skb, skb->len - NS_BOTH_TRAILER_LEN, 0);
}

static __always_inline bool ns_both_meta(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	struct ns_xdp_meta *meta = (void *)(long)skb->data_meta;

	return (void *)(meta + 1) <= data && meta->magic == NS_META_MAGIC_BOTH;
}

/* TC ingress on the uplink: finishes the splitter's "both" verdict. */
SEC("tc")
int ns_tc_both(struct __sk_buff *skb)
{
	struct ns_links *links;
	__u32 key = 0;

	if (ns_both_mark == NS_BOTH_MARK_META ? !ns_both_meta(skb) :
						!ns_both_trailer(skb))
		return TC_ACT_OK;
	links = bpf_map_lookup_elem(&ns_links, &key);
	if (!links || !links->host_ifindex ||
	    bpf_clone_redirect(skb, links->host_ifindex, 0))
		ns_count(NS_REASON_HOST_LINK_MISSING, skb->len);
	return TC_ACT_OK;
}

/* TC egress on ethsta0: flags (and optionally drops) port collisions. */
SEC("tc")
int ns_tc_guard(struct __sk_buff *skb)
{
	struct ns_env env = { .skb = skb };
	const struct ns_table *t;
	void *data, *data_end;

	/* Never true; tells clang env.skb is set (see ns_env_load). */
	if (!skb)
		return TC_ACT_OK;

	/* The headers we read must be in the linear part. */
	bpf_skb_pull_data(skb, skb->len < NS_EGRESS_PULL ? skb->len :
							   NS_EGRESS_PULL);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	if (!ns_egress_collides(&env, data, data_end))
		return TC_ACT_OK;
	ns_count(NS_REASON_PORT_COLLISION, skb->len);
	t = ns_env_table(&env);
	if (t && (t->flags & NS_TABLE_F_DROP_COLLISIONS))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
