// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BPF programs themselves: XDP and TC return codes, the "both" mark,
 * wake events, per-reason counters, and - in a network namespace of our
 * own - where redirected and cloned frames really arrive.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/pkt_cls.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <netsplit/reasons.h>

#include "check.h"
#include "datapath.h"
#include "empty.skel.h"
#include "frames.h"
#include "netsplit.skel.h"

static struct ns_datapath dp;
static struct ring_buffer *events;
static struct ns_wake_event last_event;
static int events_seen;
static __u8 frame[FR_MAX];

static int on_event(void *ctx, void *data, size_t size)
{
	(void)ctx;
	if (size >= sizeof(last_event))
		memcpy(&last_event, data, sizeof(last_event));
	events_seen++;
	return 0;
}

static __u64 packets(__u32 reason)
{
	struct ns_counter stats[NS_REASON_COUNT];

	if (ns_maps_read_stats(&dp.maps, stats))
		return ~0ULL;
	return stats[reason].packets;
}

static __u64 bytes(__u32 reason)
{
	struct ns_counter stats[NS_REASON_COUNT];

	if (ns_maps_read_stats(&dp.maps, stats))
		return ~0ULL;
	return stats[reason].bytes;
}

/* Runs an XDP program; returns the action, and whether it marked both. */
static int run_xdp(struct bpf_program *prog, const void *f, size_t len,
		   bool *both)
{
	struct xdp_md ctx_in = { .data_end = (__u32)len }, ctx_out = { 0 };
	__u8 out[FR_MAX + 64];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = f,
		    .data_size_in = (__u32)len, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &ctx_in,
		    .ctx_size_in = sizeof(ctx_in), .ctx_out = &ctx_out,
		    .ctx_size_out = sizeof(ctx_out));

	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return -errno;
	*both = ns_datapath_marked_both(&dp, out, opts.data_size_out,
					ctx_out.data, (__u32)len);
	return (int)opts.retval;
}

static int run_tc(struct bpf_program *prog, const void *f, size_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = f,
		    .data_size_in = (__u32)len);

	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return -errno;
	return (int)opts.retval;
}

static size_t tcp4(__u16 sport, __u16 dport, const char *src,
		   const char *dst)
{
	struct fr_spec s = { .family = 4, .proto = IPPROTO_TCP, .sport = sport,
			     .dport = dport, .src = src, .dst = dst };

	return fr_build(frame, &s);
}

static void test_splitter(void)
{
	struct bpf_program *p = dp.skel->progs.ns_splitter;
	struct ns_rules rules;
	__u8 mqtt[256];
	bool both;
	__u64 before, before_bytes;
	size_t n;
	int ret, i, redirected = 0;

	n = tcp4(80, 62000, NULL, NULL);
	before = packets(NS_REASON_SLAVE_RANGE);
	before_bytes = bytes(NS_REASON_SLAVE_RANGE);
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_PASS && !both, "slave: action %d, both %d", ret, both);
	CHECK(packets(NS_REASON_SLAVE_RANGE) == before + 1 &&
		      bytes(NS_REASON_SLAVE_RANGE) == before_bytes + n,
	      "slave-range counter");

	n = fr_arp(frame, 2);
	before = packets(NS_REASON_ARP_REPLY);
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_PASS && both, "both: action %d, both %d", ret, both);
	CHECK(packets(NS_REASON_ARP_REPLY) == before + 1, "arp-reply counter");

	n = tcp4(80, 50000, NULL, NULL);
	before = packets(NS_REASON_HOST_LINK_MISSING);
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_DROP, "host without a host link: action %d", ret);
	CHECK(packets(NS_REASON_HOST_LINK_MISSING) == before + 1,
	      "host-link-missing counter");
	CHECK(!ns_maps_set_links(&dp.maps, 1, 1, 0), "set links");
	before = packets(NS_REASON_HOST_RANGE);
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_REDIRECT, "host: action %d", ret);
	CHECK(packets(NS_REASON_HOST_RANGE) == before + 1, "host-range counter");

	n = tcp4(80, 50000, NULL, "192.168.50.99");
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_REDIRECT,
	      "no not-ours check before an address is known: %d", ret);
	CHECK(!ns_maps_read_rules(&dp.maps, &rules), "read rules");
	inet_pton(AF_INET, FR_OURS4, rules.table.ipv4);
	CHECK(!ns_maps_write_rules(&dp.maps, &rules), "write rules");
	before = packets(NS_REASON_NOT_OURS);
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_DROP && packets(NS_REASON_NOT_OURS) == before + 1,
	      "not-ours: action %d", ret);

	/* A wake: the frame goes to the ring buffer whole. */
	rules.table.host_state = NS_HOST_SLEEPING;
	CHECK(!ns_maps_write_rules(&dp.maps, &rules), "write rules");
	n = fr_mqtt_publish(mqtt, sizeof(mqtt), 4, 1, "t", "wakeup-host", 11, 0);
	n = fr_tcp_payload(frame, 4, 1883, 50001, mqtt, n);
	events_seen = 0;
	ret = run_xdp(p, frame, n, &both);
	ring_buffer__consume(events);
	CHECK(ret == XDP_DROP && events_seen == 1, "wake: action %d events %d",
	      ret, events_seen);
	CHECK(last_event.reason == NS_REASON_MQTT_WAKE && last_event.rule == 0 &&
		      last_event.frame_len == n && last_event.orig_len == n &&
		      !memcmp(last_event.frame, frame, n),
	      "wake event carries the frame");
	/* With nobody reading, the ring fills; then frames go to the host. */
	for (i = 0; i < 400; i++)
		if (run_xdp(p, frame, n, &both) == XDP_REDIRECT)
			redirected++;
	CHECK(400 - redirected == NS_WAKE_RING_EVENTS,
	      "the ring takes %lu events, then frames go to the host link (%d of 400 did)",
	      NS_WAKE_RING_EVENTS, redirected);
	ring_buffer__consume(events);

	/* A bpftool-style edit of one range entry takes effect at once. */
	rules.table.host_state = NS_HOST_AWAKE;
	CHECK(!ns_maps_write_rules(&dp.maps, &rules), "write rules");
	n = tcp4(80, 62000, NULL, NULL);
	CHECK(run_xdp(p, frame, n, &both) == XDP_PASS, "62000 to the slave");
	CHECK(!bpf_map_update_elem(dp.maps.ranges,
				   &(__u32){ NS_RANGE_HOST_TCP },
				   &(struct ns_port_range){ 49152, 62000 },
				   BPF_ANY) &&
		      !bpf_map_update_elem(dp.maps.ranges,
					   &(__u32){ NS_RANGE_SLAVE_TCP },
					   &(struct ns_port_range){ 62001,
								    65535 },
					   BPF_ANY),
	      "range update");
	CHECK(run_xdp(p, frame, n, &both) == XDP_REDIRECT,
	      "62000 to the host after the range moved");
	CHECK(!ns_maps_write_rules(&dp.maps, &rules), "restore rules");
}

static void test_guard(void)
{
	struct bpf_program *p = dp.skel->progs.ns_guard;
	bool both;
	__u64 before;
	size_t n;
	int ret;

	n = tcp4(80, 50000, NULL, NULL);
	before = packets(NS_REASON_HOST_RANGE);
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_PASS && packets(NS_REASON_HOST_RANGE) == before + 1,
	      "guard passes host traffic: %d", ret);
	n = fr_arp(frame, 2);
	CHECK(run_xdp(p, frame, n, &both) == XDP_PASS,
	      "guard passes ARP replies");
	n = tcp4(80, 62000, NULL, NULL);
	before = packets(NS_REASON_MISROUTED);
	ret = run_xdp(p, frame, n, &both);
	CHECK(ret == XDP_DROP && packets(NS_REASON_MISROUTED) == before + 1,
	      "guard drops slave traffic: %d", ret);
	n = fr_arp(frame, 1);
	CHECK(run_xdp(p, frame, n, &both) == XDP_DROP,
	      "guard drops ARP requests");
}

static void test_tc(void)
{
	struct bpf_program *guard = dp.skel->progs.ns_tc_guard;
	struct bpf_program *both = dp.skel->progs.ns_tc_both;
	struct fr_spec s6 = { .family = 6, .proto = IPPROTO_UDP,
			      .src = FR_OURS6, .dst = FR_PEER6, .sport = 62000,
			      .dport = 53, .hop_by_hop = 1 };
	struct ns_rules rules;
	__u64 before;
	size_t n;
	int ret;

	before = packets(NS_REASON_PORT_COLLISION);
	n = tcp4(50000, 443, FR_OURS4, FR_PEER4);
	CHECK(run_tc(guard, frame, n) == TC_ACT_OK, "host-range source");
	n = tcp4(22, 40000, FR_OURS4, FR_PEER4);
	CHECK(run_tc(guard, frame, n) == TC_ACT_OK, "static port source");
	n = tcp4(5001, 40000, FR_OURS4, FR_PEER4);
	CHECK(run_tc(guard, frame, n) == TC_ACT_OK, "shared port source");
	n = tcp4(62000, 443, "192.168.50.77", FR_PEER4);
	CHECK(run_tc(guard, frame, n) == TC_ACT_OK, "another source address");
	CHECK(packets(NS_REASON_PORT_COLLISION) == before,
	      "no collision counted yet");
	n = tcp4(62000, 443, FR_OURS4, FR_PEER4);
	ret = run_tc(guard, frame, n);
	CHECK(ret == TC_ACT_OK && packets(NS_REASON_PORT_COLLISION) == before + 1,
	      "collision counted, not dropped: %d", ret);
	n = fr_build(frame, &s6);
	CHECK(run_tc(guard, frame, n) == TC_ACT_OK &&
		      packets(NS_REASON_PORT_COLLISION) == before + 2,
	      "IPv6 collision behind an extension header");
	CHECK(!ns_maps_read_rules(&dp.maps, &rules), "read rules");
	rules.table.flags |= NS_TABLE_F_DROP_COLLISIONS;
	CHECK(!ns_maps_write_rules(&dp.maps, &rules), "write rules");
	n = tcp4(62000, 443, FR_OURS4, FR_PEER4);
	ret = run_tc(guard, frame, n);
	CHECK(ret == TC_ACT_SHOT, "collision dropped when configured: %d", ret);
	rules.table.flags = 0;
	CHECK(!ns_maps_write_rules(&dp.maps, &rules), "write rules");

	/* Without the splitter's mark, ns_tc_both leaves the frame alone. */
	before = packets(NS_REASON_HOST_LINK_MISSING);
	CHECK(run_tc(both, frame, n) == TC_ACT_OK &&
		      packets(NS_REASON_HOST_LINK_MISSING) == before,
	      "unmarked frame passes untouched");
}

static int sh(const char *cmd)
{
	int ret = system(cmd);

	CHECK(ret == 0, "command failed: %s", cmd);
	return ret;
}

/* A packet socket on ifname; -1 on error. */
static int listen_on(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL),
				   .sll_ifindex = (int)if_nametoindex(ifname) };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));

	if (fd >= 0 && bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Frames on fd whose bytes equal f, within timeout_ms. */
static int received(int fd, const void *f, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	__u8 buf[FR_MAX];
	ssize_t got;
	int count = 0;

	while (poll(&pfd, 1, timeout_ms) > 0) {
		while ((got = recv(fd, buf, sizeof(buf), 0)) > 0)
			if ((size_t)got == len && !memcmp(buf, f, len))
				count++;
		timeout_ms = 50;
	}
	return count;
}

/* The splitter's verdict for a frame arriving on ifindex, and its reason. */
static int arriving(unsigned int ifindex, size_t len, __u8 want_reason)
{
	struct xdp_md ctx = { .data_end = (__u32)len,
			      .ingress_ifindex = ifindex };
	__u8 out[FR_MAX + 64];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame,
		    .data_size_in = (__u32)len, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx));
	__u64 before = packets(want_reason);

	if (bpf_prog_test_run_opts(bpf_program__fd(dp.skel->progs.ns_splitter),
				   &opts))
		return -errno;
	return packets(want_reason) == before + 1 ? (int)opts.retval : -1;
}

static int bound_socket(int family, int type, __u16 port)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(port) };
	struct sockaddr_in a4 = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int fd = socket(family, type, 0), one = 1;

	if (fd < 0)
		return -1;
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (family == AF_INET6 ? bind(fd, (struct sockaddr *)&a6, sizeof(a6)) :
				 bind(fd, (struct sockaddr *)&a4, sizeof(a4))) {
		close(fd);
		return -1;
	}
	if (type == SOCK_STREAM && listen(fd, 1)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Attached to an uplink, the splitter asks that namespace's sockets whether
 * the slave listens on a shared port: a socket bound a moment before the
 * frame arrives counts, one closed a moment before does not, a connected
 * UDP socket counts for its peer only. Without NS_LINKS_F_SOCKETS the map
 * says, whatever sockets there are.
 */
static void test_live_sockets(unsigned int up0, unsigned int h0)
{
	struct fr_spec udp = { .family = 4, .proto = IPPROTO_UDP,
			       .sport = 7777, .dport = 5001 };
	struct fr_spec tcp6 = { .family = 6, .proto = IPPROTO_TCP,
				.sport = 7777, .dport = 5001,
				.tcp_flags = 0x02 };
	struct sockaddr_in peer = { .sin_family = AF_INET,
				    .sin_port = htons(7777) };
	size_t n;
	int fd;

	CHECK(!ns_maps_set_links(&dp.maps, up0, h0, NS_LINKS_F_SOCKETS),
	      "links, asking the sockets");
	n = fr_build(frame, &udp);
	CHECK(arriving(up0, n, NS_REASON_SHARED_HOST) == XDP_REDIRECT,
	      "UDP 5001, nobody bound: the host's");
	fd = bound_socket(AF_INET, SOCK_DGRAM, 5001);
	CHECK(fd >= 0, "bind UDP 5001");
	CHECK(arriving(up0, n, NS_REASON_SHARED_SLAVE) == XDP_PASS,
	      "UDP 5001 right after the bind: the slave's");
	inet_pton(AF_INET, FR_PEER4, &peer.sin_addr);
	CHECK(!connect(fd, (struct sockaddr *)&peer, sizeof(peer)),
	      "connect UDP 5001 to the peer");
	CHECK(arriving(up0, n, NS_REASON_SHARED_SLAVE) == XDP_PASS,
	      "UDP 5001 from the connected peer: the slave's");
	udp.sport = 7778;
	n = fr_build(frame, &udp);
	CHECK(arriving(up0, n, NS_REASON_SHARED_HOST) == XDP_REDIRECT,
	      "UDP 5001 from another peer port: the host's");
	close(fd);
	udp.sport = 7777;
	n = fr_build(frame, &udp);
	CHECK(arriving(up0, n, NS_REASON_SHARED_HOST) == XDP_REDIRECT,
	      "UDP 5001 right after the close: the host's");

	n = fr_build(frame, &tcp6);
	fd = bound_socket(AF_INET6, SOCK_STREAM, 5001);
	CHECK(fd >= 0, "listen on TCP [::]:5001");
	CHECK(arriving(up0, n, NS_REASON_SHARED_SLAVE) == XDP_PASS,
	      "IPv6 SYN to a listener: the slave's");
	CHECK(!ns_maps_set_links(&dp.maps, up0, h0, 0), "links, map only");
	CHECK(arriving(up0, n, NS_REASON_SHARED_HOST) == XDP_REDIRECT,
	      "without NS_LINKS_F_SOCKETS the empty map says the host's");
	CHECK(!ns_maps_add_slave_port(&dp.maps, IPPROTO_TCP, 5001) &&
		      arriving(up0, n, NS_REASON_SHARED_SLAVE) == XDP_PASS,
	      "... and the slave's once the map lists it");
	CHECK(!ns_maps_sync_slave_ports(&dp.maps, NULL, 0), "empty the map");
	close(fd);
}

/*
 * Real frames: the splitter runs on up0 and really redirects to h0 (host)
 * or passes up the stack, where ns_tc_both clones to h0 (both). h0's peer
 * h1 runs an XDP pass program, as veth needs to take redirected frames.
 */
static void test_live_redirect(void)
{
	struct empty_bpf *empty = NULL;
	int fd = -1, uplink = -1, ret;
	unsigned int up0, h0;
	size_t n;

	if (unshare(CLONE_NEWNET)) {
		CHECK(0, "unshare(CLONE_NEWNET): %s", strerror(errno));
		return;
	}
	if (sh("ip link set lo up") ||
	    sh("ip link add up0 type veth peer name up1") ||
	    sh("ip link add h0 type veth peer name h1") ||
	    sh("for i in up0 up1 h0 h1; do ip link set $i up; done") ||
	    sh("ip addr add " FR_OURS4 "/24 dev up0"))
		return;
	up0 = if_nametoindex("up0");
	h0 = if_nametoindex("h0");
	empty = empty_bpf__open_and_load();
	CHECK(empty != NULL, "load the pass program");
	if (!empty)
		return;
	ret = bpf_xdp_attach((int)if_nametoindex("h1"),
			     bpf_program__fd(empty->progs.ns_empty),
			     XDP_FLAGS_DRV_MODE, NULL);
	CHECK(!ret, "XDP on h1: %d", ret);
	CHECK(!ns_maps_set_links(&dp.maps, up0, h0, 0), "links");
	{
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = (int)up0,
			    .attach_point = BPF_TC_INGRESS);
		LIBBPF_OPTS(bpf_tc_opts, tc,
			    .prog_fd = bpf_program__fd(dp.skel->progs.ns_tc_both));

		CHECK(!bpf_tc_hook_create(&hook) && !bpf_tc_attach(&hook, &tc),
		      "TC ingress on up0");
	}
	fd = listen_on("h1");
	CHECK(fd >= 0, "packet socket on h1");
	if (fd < 0)
		goto out;

	/*
	 * Frames sent out of up1 arrive on up0, as the uplink's do (not
	 * BPF_F_TEST_XDP_LIVE_FRAMES: some kernels refuse it).
	 */
	ret = bpf_xdp_attach((int)up0,
			     bpf_program__fd(dp.skel->progs.ns_splitter),
			     XDP_FLAGS_DRV_MODE, NULL);
	CHECK(!ret, "the splitter on up0: %d", ret);
	uplink = listen_on("up1");
	CHECK(uplink >= 0, "packet socket on up1");
	if (ret || uplink < 0)
		goto out;

	n = tcp4(80, 50000, NULL, NULL);
	CHECK(send(uplink, frame, n, 0) == (ssize_t)n, "sent: %s",
	      strerror(errno));
	CHECK(received(fd, frame, n, 1000) == 1,
	      "host frame redirected out of h0, seen on h1");

	n = tcp4(80, 62000, NULL, NULL);
	CHECK(send(uplink, frame, n, 0) == (ssize_t)n, "sent");
	CHECK(received(fd, frame, n, 300) == 0,
	      "slave frame not on the host link");

	n = fr_arp(frame, 2);
	CHECK(send(uplink, frame, n, 0) == (ssize_t)n, "sent");
	CHECK(received(fd, frame, n, 1000) == 1,
	      "both: cloned by TC to h0, seen on h1 as it came");
	test_live_sockets(up0, h0);
out:
	if (uplink >= 0)
		close(uplink);
	if (fd >= 0)
		close(fd);
	empty_bpf__destroy(empty);
}

int main(void)
{
	char err[512];

	if (check_need_root("test_bpf"))
		return check_report();
	if (ns_datapath_load(&dp, NULL, err, sizeof(err))) {
		CHECK(0, "load: %s", err);
		return check_report();
	}
	events = ring_buffer__new(dp.maps.wake_events, on_event, NULL, NULL);
	CHECK(events != NULL, "ring buffer");
	if (events) {
		test_splitter();
		test_guard();
		test_tc();
		test_live_redirect();
		ring_buffer__free(events);
	}
	ns_datapath_close(&dp);
	return check_report();
}
