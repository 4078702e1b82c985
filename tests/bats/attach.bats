#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Attaching the datapath in network namespaces of our own: modes, pinned
# maps, rule changes (also by bpftool), counters that move with traffic.

load helpers

setup() {
	require_root
	make_lab_links
	make_pin_root
	TMP=$(mktemp -d)
}

teardown() {
	cleanup_lab
	rm -rf "$TMP"
}

attach_splitter() {
	run ns esp "$NETSPLITCTL" attach --uplink wlan0 --host-link esp-host "$@"
	assert_success
}

@test "splitter attaches in native mode by default and says so" {
	attach_splitter
	assert_output --partial "wlan0: ns_splitter attached in native mode"
	assert_output --partial "esp-host: ns_forwarder attached in native mode"
	assert_output --partial "wlan0: ns_tc_both attached to TC ingress"
	assert_output --partial "maps pinned in $PIN_ROOT"
	run ns esp ip -d link show wlan0
	assert_output --partial "xdp"
	assert_output --partial "ns_splitter"
}

@test "--generic attaches in generic mode" {
	attach_splitter --generic
	assert_output --partial "wlan0: ns_splitter attached in generic mode"
	run ns esp ip -d link show wlan0
	assert_output --partial "xdpgeneric"
}

@test "the guard attaches on ethsta0 with its TC egress program" {
	run ns host "$NETSPLITCTL" attach --guard ethsta0
	assert_success
	assert_output --partial "ethsta0: ns_guard attached in native mode"
	assert_output --partial "ethsta0: ns_tc_guard attached to TC egress"
	run ns host tc filter show dev ethsta0 egress
	assert_output --partial "ns_tc_guard"
}

@test "attaching twice reuses the pinned table; detach removes only ours" {
	attach_splitter
	printf '[ports]\nhost_tcp = 50000-60000\n' > "$TMP/a.conf"
	run ns esp "$NETSPLITCTL" rules load "$TMP/a.conf"
	assert_success
	assert_output "rule table version 2 loaded from $TMP/a.conf"
	local id
	id=$(ns esp ip -d link show wlan0 | grep -o 'prog/xdp id [0-9]*')
	attach_splitter
	assert_output --partial "wlan0: ns_splitter already attached in native mode"
	# The same program stays: attaching again does not flap the link.
	assert_equal "$(ns esp ip -d link show wlan0 | grep -o 'prog/xdp id [0-9]*')" "$id"
	run ns esp "$NETSPLITCTL" rules show
	assert_output --partial "host_tcp = 50000-60000"
	run ns esp "$NETSPLITCTL" detach --uplink wlan0 --host-link esp-host
	assert_success
	run ns esp ip -d link show wlan0
	refute_output --partial "ns_splitter"
	run ns esp tc filter show dev wlan0 ingress
	refute_output --partial "ns_tc_both"
	# The clsact qdisc attach added goes too, so tc can add one again.
	run ns esp tc qdisc show dev wlan0
	refute_output --partial "clsact"
	run ns esp tc qdisc add dev wlan0 clsact
	assert_success
}

@test "detach leaves a clsact qdisc that has another's filter, and the filter" {
	ns esp tc qdisc add dev wlan0 clsact
	ns esp tc filter add dev wlan0 egress prio 7 bpf da \
		obj "${NETSPLIT_IMPAIR_OBJ:?}" sec tc
	attach_splitter
	run ns esp "$NETSPLITCTL" detach --uplink wlan0 --host-link esp-host
	assert_success
	run ns esp tc filter show dev wlan0 egress
	assert_output --partial "impair"
	run ns esp tc qdisc show dev wlan0
	assert_output --partial "clsact"
}

@test "ping is answered by the co-processor's stack and counted" {
	attach_splitter
	before=$(packets "$PIN_ROOT" echo-request)
	run ns router ping -c 3 -i 0.2 -W 1 192.168.50.10
	assert_success
	after=$(packets "$PIN_ROOT" echo-request)
	[ "$after" -ge $((before + 3)) ]
}

@test "rules show --json and a bad rules load that changes nothing" {
	attach_splitter
	run ns esp "$NETSPLITCTL" rules show --json
	assert_success
	assert_output --partial '"host_tcp":[49152,61439]'
	assert_output --partial '"mqtt":[{"broker_port":1883,"topic":"","prefix":"wakeup-host"}]'
	printf '[ports]\nslave_udp = 50000-65535\n' > "$TMP/bad.conf"
	run ns esp "$NETSPLITCTL" rules load "$TMP/bad.conf"
	assert_failure 1
	assert_output --partial "bad.conf:2: slave_udp = 50000-65535"
	run ns esp "$NETSPLITCTL" rules show --json
	assert_output --partial '"version":1,'
	assert_output --partial '"slave_udp":[61440,65535]'
}

counted_more() {
	[ "$(packets "$PIN_ROOT" "$1")" -gt "$2" ]
}

# syn_45000 REASON: a TCP SYN from the router to port 45000 of the shared
# address; returns once the splitter counted it under REASON.
syn_45000() {
	local before client rc=0
	before=$(packets "$PIN_ROOT" "$1")
	ip netns exec "${LAB_PREFIX}router" timeout 10 \
		bash -c 'echo >/dev/tcp/192.168.50.10/45000' >/dev/null 2>&1 3>&- &
	client=$!
	wait_for 10 counted_more "$1" "$before" || rc=$?
	lab_stop "$client"
	return "$rc"
}

@test "the documented bpftool line moves a range, and the next frame obeys" {
	attach_splitter
	syn_45000 default
	# host_tcp (key 0) = 40000-49999: lo 0x9c40, hi 0xc34f, little endian
	run bpftool map update pinned "$PIN_ROOT/ns_ranges" key 0 0 0 0 value 0x40 0x9c 0x4f 0xc3
	assert_success
	run ns esp "$NETSPLITCTL" rules show --json
	assert_output --partial '"host_tcp":[40000,49999]'
	syn_45000 host-range
}

@test "a map pinned by another version with another layout is named, with the fix" {
	# ns_port_lists as builds before one-entry lists pinned it.
	bpftool map create "$PIN_ROOT/ns_port_lists" type array key 4 value 32 \
		entries 7 name ns_port_lists
	run ns esp "$NETSPLITCTL" attach --uplink wlan0 --host-link esp-host
	assert_failure
	assert_output --partial "$PIN_ROOT/ns_port_lists was pinned by another version of netsplit and has another layout; remove it (rm $PIN_ROOT/ns_port_lists)"
	rm "$PIN_ROOT/ns_port_lists"
	attach_splitter
}

@test "ip link set ... xdp obj netsplit.bpf.o: the guard without sec, the splitter and forwarder by theirs" {
	iproute2_unpin
	run ns host sh -c "ip link set dev ethsta0 xdp obj '$NETSPLIT_BPF_OBJ' &&
		ip -d link show ethsta0"
	assert_success
	assert_output --partial "name ns_guard"
	iproute2_unpin
	run ns esp sh -c "ip link set dev wlan0 xdp obj '$NETSPLIT_BPF_OBJ' sec splitter &&
		ip -d link show wlan0 &&
		'$NETSPLITCTL' --pin-root /nonexistent rules show"
	assert_success
	assert_output --partial "name ns_splitter"
	assert_output --partial "host_tcp = 0-0"
	iproute2_unpin
	run ns esp sh -c "ip link set dev esp-host xdp obj '$NETSPLIT_BPF_OBJ' sec forwarder &&
		ip -d link show esp-host"
	assert_success
	assert_output --partial "name ns_forwarder"
	iproute2_unpin
}
