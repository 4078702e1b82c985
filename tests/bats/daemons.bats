#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# netsplit-cpd in "esp" and netsplitd in "host", talking over a unix
# socket, each with its own pinned maps. The tests run in order on one lab
# and each asserts state: addresses, routes, files, sysctls, tables.

load helpers

cpd_start() {
	start_daemon cpd esp "$NETSPLIT_CPD" -f -c "$LAB_DIR/esp.conf" "$@"
	wait_for 60 test -S "$LAB_DIR/esp.sock" || {
		cat "$LAB_DIR/cpd.log" >&2
		false
	}
}

hostd_start() {
	start_daemon hostd host "$NETSPLITD" -f -c "$LAB_DIR/host.conf" "$@"
	wait_for 60 test -S "$LAB_DIR/hostd.sock" || {
		cat "$LAB_DIR/hostd.log" >&2
		false
	}
}

host_has() {
	ns host ip -4 -o addr show dev ethsta0 | grep -q "inet $1 " &&
		ns host ip -4 route show default | grep -q "default via 192.168.50.1 dev ethsta0 proto static metric 100"
}

# All of the co-processor's network on ethsta0 (both default routes, the
# DNS file), the guard in place, the tables in agreement: a restore done.
host_ready() {
	host_has 192.168.50.10/24 && host_route6_via fe80::1 &&
		grep -q "^nameserver 192.168.50.1" "$LAB_DIR/resolv.real" &&
		host_status | grep -q "guard        native" && in_agreement
}

# ethsta0's link-local address is in place, its DAD done.
link_local_settled() {
	ns host ip -6 addr show dev ethsta0 scope link | grep -q fe80 &&
		! ns host ip -6 addr show dev ethsta0 | grep -q tentative
}

setup_file() {
	require_root
	export LAB_PREFIX="nsd$$-"
	export LAB_DIR=$BATS_FILE_TMPDIR
	make_lab_links
	ns esp ip route add default via 192.168.50.1
	# The IPv6 default router, as a router advertisement would leave it.
	ns esp ip -6 route add default via fe80::1 dev wlan0
	make_pin_root
	export PIN_ROOT
	echo "nameserver 192.168.50.1" >"$LAB_DIR/esp-resolv.conf"
	# The host's resolv.conf is a symlink, as with systemd-resolved.
	echo "# before netsplitd" >"$LAB_DIR/resolv.real"
	ln -s resolv.real "$LAB_DIR/resolv.conf"
	sha256sum /etc/resolv.conf >"$LAB_DIR/etc-resolv.sha"
	stat -c '%i %Y' /etc/resolv.conf >"$LAB_DIR/etc-resolv.stat"
	ns host cat /proc/sys/net/ipv4/ip_local_port_range >"$LAB_DIR/range.before"
	# Stand-ins for resolvectl and resolvconf: they record their calls.
	mkdir -p "$LAB_DIR/bin"
	for tool in resolvectl resolvconf; do
		cat >"$LAB_DIR/bin/$tool" <<-END
		#!/bin/sh
		echo "$tool \$*" >>"$LAB_DIR/dns.calls"
		[ "\$1" != -a ] || sed 's/^/  /' >>"$LAB_DIR/dns.calls"
		END
		chmod +x "$LAB_DIR/bin/$tool"
	done
	cat >"$LAB_DIR/esp.conf" <<-END
	[coprocessor]
	uplink = wlan0
	host_link = esp-host
	listen = unix:$LAB_DIR/esp.sock
	pin_root = $PIN_ROOT/esp
	state_file = $LAB_DIR/cpd.state
	dns = $LAB_DIR/esp-resolv.conf
	wake_command = echo "woken by \$NETSPLIT_WAKE_REASON" >>$LAB_DIR/wake.out
	END
	cat >"$LAB_DIR/host.conf" <<-END
	[host]
	interface = ethsta0
	control = unix:$LAB_DIR/esp.sock
	socket = unix:$LAB_DIR/hostd.sock
	resolv_conf = $LAB_DIR/resolv.conf
	pin_root = $PIN_ROOT/host
	keep_on_exit = yes
	[wake]
	syn_ports = 22
	END
	cpd_start -v
	hostd_start -v
	wait_for 30 host_ready
}

teardown() {
	show_logs_on_failure
}

teardown_file() {
	stop_daemon hostd
	stop_daemon cpd
	cleanup_lab
}

@test "-v: debug lines of the rule sync, heartbeats and host state, each line stamped with the time" {
	stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}'
	run grep -E "$stamp netsplitd: debug: rule sync: sending version [0-9]+, digest [0-9a-f]{8}$" "$LAB_DIR/hostd.log"
	assert_success
	run grep -E "$stamp netsplitd: debug: rule sync: the co-processor has version" "$LAB_DIR/hostd.log"
	assert_success
	wait_for 10 grep -qE "$stamp netsplit-cpd: debug: heartbeat from the host, [0-9]+ ms after the last" "$LAB_DIR/cpd.log"
	run grep -E "$stamp netsplit-cpd: debug: rule sync: the host sends version" "$LAB_DIR/cpd.log"
	assert_success
	# Every line of a console log has the stamp.
	run grep -vcE "$stamp netsplit(d|-cpd): " "$LAB_DIR/hostd.log" "$LAB_DIR/cpd.log"
	assert_output "$LAB_DIR/hostd.log:0
$LAB_DIR/cpd.log:0"
}

@test "restore: exactly the co-processor's address, route, MAC and DNS on ethsta0" {
	run ns host ip -4 -o addr show dev ethsta0
	assert_success
	assert_equal "$(echo "$output" | wc -l)" 1
	assert_output --partial "inet 192.168.50.10/24 brd 192.168.50.255 scope global ethsta0"
	run ns host ip -4 route show default
	assert_output "default via 192.168.50.1 dev ethsta0 proto static metric 100 "
	run ns host ip -6 route show default
	assert_output "default via fe80::1 dev ethsta0 proto static metric 100 pref medium"
	assert_equal "$(ns host cat /sys/class/net/ethsta0/address)" \
		"$(ns esp cat /sys/class/net/wlan0/address)"
	# The symlink stays a symlink; the file it names has the servers.
	[ -L "$LAB_DIR/resolv.conf" ]
	run grep -c nameserver "$LAB_DIR/resolv.real"
	assert_output 1
	run grep "^nameserver" "$LAB_DIR/resolv.real"
	assert_output "nameserver 192.168.50.1"
	run port_range_is 49152 61439
	assert_success
	run host_status
	assert_output --partial "guard        native"
	assert_output --partial "in agreement"
	assert_output --partial "route6       default via fe80::1"
}

@test "twenty netsplitctl calls in a row are all answered" {
	local i
	for i in $(seq 20); do
		host_status >/dev/null || fail "call $i was not answered"
	done
}

# listening_to_rtnetlink PID: PID's rtnetlink socket in host has joined
# its groups, so every change from now on reaches it.
listening_to_rtnetlink() {
	ns host awk -v pid="$1" '$2 == 0 && $3 == pid && $4 != "00000000" { found = 1 }
		END { exit !found }' /proc/net/netlink
}

# A mark of our own after whatever came before: an address on lo, and the
# local route the kernel adds for it last.
MARK=192.0.2.99

@test "a second run changes nothing" {
	stop_daemon hostd
	local before
	before=$(stat -c '%i %Y' "$LAB_DIR/resolv.real")
	# The kernel adds ethsta0's link-local address when its DAD is done,
	# which a fast run of the tests before may not have waited for.
	wait_for 10 link_local_settled
	ip netns exec "${LAB_PREFIX}host" ip -o monitor address route link \
		>"$LAB_DIR/monitor" 2>&1 3>&- &
	local monitor=$!
	wait_for 10 listening_to_rtnetlink "$monitor"
	hostd_start
	wait_for 30 host_ready
	wait_for 10 grep -q "already in place on ethsta0" "$LAB_DIR/hostd.log"
	# A grace for what must not come: netsplitd's once-a-second check
	# runs in it, and what that would change would show.
	sleep 1.2
	# Once the monitor shows the mark, it has shown all netsplitd did.
	ns host ip addr add "$MARK/32" dev lo
	wait_for 10 grep -q "^local $MARK dev lo" "$LAB_DIR/monitor"
	lab_stop "$monitor"
	ns host ip addr del "$MARK/32" dev lo
	run grep -v "$MARK" "$LAB_DIR/monitor"
	assert_output ""
	assert_equal "$(stat -c '%i %Y' "$LAB_DIR/resolv.real")" "$before"
}

# How soon is bench/lab.sh's figure (reapply_ms); here, that it is.
@test "a deleted address, route, IPv6 route or DNS file is put back" {
	ns host ip route del default via 192.168.50.1 dev ethsta0
	wait_for 10 host_has 192.168.50.10/24
	ns host ip addr del 192.168.50.10/24 dev ethsta0
	wait_for 10 host_has 192.168.50.10/24
	ns host ip -6 route del default via fe80::1 dev ethsta0
	wait_for 10 host_route6_via fe80::1
	rm "$LAB_DIR/resolv.real"
	wait_for 10 grep -q "nameserver 192.168.50.1" "$LAB_DIR/resolv.real"
	[ -L "$LAB_DIR/resolv.conf" ]
}

@test "the host reaches the router through the splitter" {
	run ns host ping -c 2 -W 2 192.168.50.1
	assert_success
}

@test "an address change moves the address without taking the link down" {
	local carrier
	carrier=$(ns host cat /sys/class/net/ethsta0/carrier_changes)
	# Deleting the primary address keeps the secondary one.
	ns esp sysctl -qw net.ipv4.conf.wlan0.promote_secondaries=1
	ns esp ip addr add 192.168.50.20/24 dev wlan0
	ns esp ip addr del 192.168.50.10/24 dev wlan0
	ns esp ip route replace default via 192.168.50.1
	wait_for 10 host_has 192.168.50.20/24
	run ns host ip -4 -o addr show dev ethsta0
	refute_output --partial "192.168.50.10"
	assert_equal "$(ns host cat /sys/class/net/ethsta0/carrier_changes)" "$carrier"
	ns esp ip addr add 192.168.50.10/24 dev wlan0
	ns esp ip addr del 192.168.50.20/24 dev wlan0
	ns esp ip route replace default via 192.168.50.1
	wait_for 10 host_has 192.168.50.10/24
	assert_equal "$(ns host cat /sys/class/net/ethsta0/carrier_changes)" "$carrier"
}

@test "a DNS change on the co-processor reaches the host's resolv.conf" {
	printf 'nameserver 192.168.50.53\nnameserver 192.168.50.1\n' >"$LAB_DIR/esp-resolv.conf"
	wait_for 10 grep -q "nameserver 192.168.50.53" "$LAB_DIR/resolv.real"
	run grep -c nameserver "$LAB_DIR/resolv.real"
	assert_output 2
	echo "nameserver 192.168.50.1" >"$LAB_DIR/esp-resolv.conf"
	wait_for 10 bash -c "! grep -q 192.168.50.53 $LAB_DIR/resolv.real"
	[ -L "$LAB_DIR/resolv.conf" ]
}

@test "co-processor restart: restored from its state file without DHCP, host reconnects and resyncs" {
	stop_daemon cpd
	ns esp ip addr flush dev wlan0
	grep -q "ipv4=192.168.50.10/24" "$LAB_DIR/cpd.state"
	cpd_start
	wait_for 10 in_agreement
	run ns esp ip -4 -o addr show dev wlan0
	assert_output --partial "inet 192.168.50.10/24"
	run ns esp ip -4 route show default
	assert_output --partial "default via 192.168.50.1 dev wlan0"
	run grep "without DHCP" "$LAB_DIR/cpd.log"
	assert_success
	wait_for 10 host_has 192.168.50.10/24
}

@test "a bpftool edit of a range on the co-processor reaches the host's sysctl" {
	# host_tcp and host_udp = 40000-49999: lo 0x9c40, hi 0xc34f, little-endian.
	bpftool map update pinned "$PIN_ROOT/esp/ns_ranges" key 0 0 0 0 value 0x40 0x9c 0x4f 0xc3
	bpftool map update pinned "$PIN_ROOT/esp/ns_ranges" key 1 0 0 0 value 0x40 0x9c 0x4f 0xc3
	wait_for 10 port_range_is 40000 49999
	wait_for 10 in_agreement
	run "$NETSPLITCTL" --pin-root "$PIN_ROOT/host" rules show
	assert_output --partial "host_tcp = 40000-49999"
	assert_output --partial "host_udp = 40000-49999"
}

@test "a bpftool edit on the host reaches the co-processor" {
	bpftool map update pinned "$PIN_ROOT/host/ns_ranges" key 0 0 0 0 value 0x50 0xc3 0xff 0xef
	bpftool map update pinned "$PIN_ROOT/host/ns_ranges" key 1 0 0 0 value 0x50 0xc3 0xff 0xef
	wait_for 10 port_range_is 50000 61439
	wait_for 10 in_agreement
	run "$NETSPLITCTL" --pin-root "$PIN_ROOT/esp" rules show
	assert_output --partial "host_tcp = 50000-61439"
}

@test "SIGHUP reloads the config and the co-processor follows" {
	printf '[ports]\nhost_tcp = 49152-61439\nhost_udp = 49152-61439\n' >>"$LAB_DIR/host.conf"
	kill -HUP "$(cat "$LAB_DIR/hostd.pid")"
	wait_for 10 port_range_is 49152 61439
	wait_for 10 in_agreement
	run "$NETSPLITCTL" --pin-root "$PIN_ROOT/esp" rules show
	assert_output --partial "host_tcp = 49152-61439"
}

@test "stats --prometheus: counters, host state, versions, wakes and overflows, as a Prometheus parser reads them" {
	promcheck=$BATS_TEST_DIRNAME/../tools/promcheck
	/usr/bin/python3 -c 'import prometheus_client' ||
		fail "python3-prometheus-client is missing: run 'make deps'"
	# The host's daemon: its status gives the state, both versions, wakes.
	run "$NETSPLITCTL" stats --prometheus --socket "unix:$LAB_DIR/hostd.sock"
	assert_success
	prom=$output
	run "$promcheck" <<<"$prom"
	assert_success
	assert_line 'netsplit_host_state{state=awake} 1'
	assert_line 'netsplit_host_state{state=sleeping} 0'
	assert_line 'netsplit_rules_agree{} 1'
	version=$("$NETSPLITCTL" status --json --socket "unix:$LAB_DIR/hostd.sock" |
		grep -o '"rules":{"version":[0-9]*' | grep -o '[0-9]*$')
	assert_line "netsplit_rules_version{} $version"
	assert_line "netsplit_peer_rules_version{} $version"
	assert_line --regexp '^netsplit_wakes_total\{\} [0-9]+$'
	assert_line 'netsplit_coprocessor_up{} 1'
	# Every reason stats lists, frames and bytes.
	reasons=$(("$("$NETSPLITCTL" stats --socket "unix:$LAB_DIR/hostd.sock" | wc -l)" - 1))
	[ "$(grep -c '^netsplit_frames_total{reason=' <<<"$output")" -eq "$reasons" ]
	[ "$(grep -c '^netsplit_bytes_total{reason=' <<<"$output")" -eq "$reasons" ]
	assert_line 'netsplit_frames_total{reason=malformed} 0'
	# The co-processor's status: its wakes, and what it had no room for.
	run "$NETSPLITCTL" stats --prometheus --socket "unix:$LAB_DIR/esp.sock"
	assert_success
	run "$promcheck" <<<"$output"
	assert_success
	assert_line --regexp '^netsplit_wake_limited_total\{\} [0-9]+$'
	assert_line 'netsplit_wake_dropped_total{} 0'
	assert_line 'netsplit_ring_full_total{} 0'
	# The co-processor's pinned maps: counters, the pinned table's version.
	run "$NETSPLITCTL" --pin-root "$PIN_ROOT/esp" stats --prometheus
	assert_success
	run "$promcheck" <<<"$output"
	assert_success
	assert_line --regexp '^netsplit_frames_total\{reason=broadcast\} [1-9][0-9]*$'
	assert_line "netsplit_rules_version{} $version"
	run "$NETSPLITCTL" stats --prometheus --json
	assert_failure 2
	assert_output --partial "--json or --prometheus: one of them"
}

@test "netsplitd started before its interface exists waits for it, follows it when it is made again, and stops cleanly while it waits" {
	# A second netsplitd of its own: another interface, socket and pins.
	start_daemon late host "$NETSPLITD" -f -c /dev/null --interface late0 \
		--control "unix:$LAB_DIR/nobody.sock" \
		--socket "unix:$LAB_DIR/late.sock" --pin-root "$PIN_ROOT/late" \
		--no-guard --keep-on-exit
	wait_for 10 grep -q "waiting for late0: the ethsta driver makes it" "$LAB_DIR/late.log"
	sleep 0.5
	running "$(cat "$LAB_DIR/late.pid")"
	ns host ip link add late0 type veth peer name late0p
	wait_for 10 grep -q "late0 is there" "$LAB_DIR/late.log"
	wait_for 10 test -S "$LAB_DIR/late.sock"
	# A driver reload: the interface goes, and another of the name comes.
	local first
	first=$(ns host cat /sys/class/net/late0/ifindex)
	ns host ip link del late0
	wait_for 10 grep -q "late0 (index $first) is gone; waiting for it to come back" "$LAB_DIR/late.log"
	ns host ip link add late0 type veth peer name late0p
	wait_for 10 grep -q "late0 is back (index $(ns host cat /sys/class/net/late0/ifindex))" "$LAB_DIR/late.log"
	running "$(cat "$LAB_DIR/late.pid")"
	stop_daemon late
	ns host ip link del late0
	# Stopped while it waits: exit 0, nothing to undo.
	ip netns exec "${LAB_PREFIX}host" "$NETSPLITD" -f -c /dev/null \
		--interface late1 --socket "unix:$LAB_DIR/late1.sock" \
		--pin-root "$PIN_ROOT/late1" --no-guard >"$LAB_DIR/late1.log" 2>&1 3>&- &
	pid=$!
	wait_for 10 grep -q "waiting for late1" "$LAB_DIR/late1.log"
	kill -TERM "$pid"
	wait "$pid"
	grep -q "stopped" "$LAB_DIR/late1.log"
}

# How soon is bench/lab.sh's figure (heartbeat_down_ms); here, that the
# co-processor waits out the heartbeats' limit, and no more is needed.
@test "heartbeat loss: down after the heartbeats' limit, awake again after SIGCONT" {
	local pid silence limit lost
	pid=$(cat "$LAB_DIR/hostd.pid")
	wait_for 10 host_state_is awake
	lost=$(logged "$LAB_DIR/cpd.log" "$LOST_DOWN")
	kill -STOP "$pid"
	wait_for 30 host_state_is down || {
		describe_daemon cpd
		kill -CONT "$pid"
		false
	}
	kill -CONT "$pid"
	wait_for 10 logged_more "$LAB_DIR/cpd.log" "$LOST_DOWN" "$lost"
	read -r silence limit < <(heartbeats_lost_after "$LAB_DIR/cpd.log")
	echo "# down after $silence ms without a heartbeat (limit $limit ms)" >&3
	[ "$limit" = 3000 ] && [ "$silence" -gt "$limit" ]
	wait_for 10 host_state_is awake
}

@test "netsplitctl sleep and wake reach the co-processor" {
	run "$NETSPLITCTL" sleep --socket "unix:$LAB_DIR/hostd.sock"
	assert_success
	assert_output "host sleeping"
	wait_for 10 host_state_is sleeping
	# A sleeping host sends no heartbeats, and is not down for it: still
	# sleeping past the heartbeats' limit (3 x 1 s).
	sleep 3.5
	host_state_is sleeping
	run "$NETSPLITCTL" wake --socket "unix:$LAB_DIR/hostd.sock"
	assert_output "host awake"
	wait_for 10 host_state_is awake
}

@test "a SYN to a wake port wakes a sleeping host: event, wake_command, and the held SYN delivered" {
	ip netns exec "${LAB_PREFIX}host" busybox nc -l -p 22 >"$LAB_DIR/nc.out" 2>&1 3>&- &
	local server=$!
	wait_for 10 lab_listening host tcp 22
	"$NETSPLITCTL" sleep --socket "unix:$LAB_DIR/hostd.sock"
	wait_for 10 host_state_is sleeping
	echo "hello host" | ns router busybox nc -w 5 192.168.50.10 22
	wait_for 10 grep -q "hello host" "$LAB_DIR/nc.out"
	kill "$server" 2>/dev/null || true
	run grep "woken by the co-processor: syn-wake" "$LAB_DIR/hostd.log"
	assert_success
	# Logged once the frames went, and wake_command runs beside.
	wait_for 10 grep -q "delivered 1 held frame to the host" "$LAB_DIR/cpd.log"
	wait_for 10 grep -q . "$LAB_DIR/wake.out"
	run cat "$LAB_DIR/wake.out"
	assert_output "woken by syn-wake"
	host_state_is awake
	run host_status
	assert_output --partial "wakes        1 (last: syn-wake)"
}

@test "a fake peer's garbage and malformed messages get error replies; the real host stays served" {
	run "$NSPROBE" "unix:$LAB_DIR/esp.sock" 474554202f20485454502f312e300d0a0d0a
	assert_line --index 0 "error bad-magic"
	assert_line --index 1 "closed"
	run "$NSPROBE" "unix:$LAB_DIR/esp.sock" hello \
		4e5309080000000000000001 \
		4e5301ff0000000000000002 \
		4e53010700000004000000030001 - 0001 \
		4e5301070000000500000004000f00010a \
		4e5301070000000a00000005000f000100000f000101 \
		4e530108000000040000000600010001 \
		4e5301080000fff000000007
	assert_line --index 0 "hello"
	assert_line --index 1 "error bad-version"
	assert_line --index 2 "error unknown-type"
	assert_line --index 3 "error truncated"
	assert_line --index 4 "error bad-value"
	assert_line --index 5 "error duplicate-field"
	assert_line --index 6 "error truncated"
	assert_line --index 7 "error too-long"
	assert_line --index 8 "closed"
	# The same at netsplitd's own socket.
	run "$NSPROBE" "unix:$LAB_DIR/hostd.sock" 00
	assert_line --index 0 "error bad-magic"
	running "$(cat "$LAB_DIR/cpd.pid")"
	running "$(cat "$LAB_DIR/hostd.pid")"
	wait_for 10 in_agreement
	host_state_is awake
}

@test "netsplitd adopts the maps of the guard iproute2 attached, and keeps its table in them" {
	stop_daemon hostd
	iproute2_unpin
	ns host ip -force link set dev ethsta0 xdp obj "$NETSPLIT_BPF_OBJ"
	hostd_start --pin-root "$PIN_ROOT/unpinned"
	wait_for 10 in_agreement
	grep -q "adopting the maps iproute2 pinned in $(iproute2_root) (none in $PIN_ROOT/unpinned)" "$LAB_DIR/hostd.log"
	# The guard loads after the restore; then the table is in those maps.
	wait_for 15 bash -c "'$NETSPLITCTL' --pin-root '$(iproute2_root)' rules show | grep -q '^host_tcp = 49152-61439'"
	diff <("$NETSPLITCTL" --pin-root "$(iproute2_root)" rules show | grep -v '^#') \
		<("$NETSPLITCTL" --pin-root "$PIN_ROOT/esp" rules show | grep -v '^#')
	run ns host ip -d link show ethsta0
	assert_output --partial "name ns_guard"
	[ ! -e "$PIN_ROOT/unpinned/ns_table" ]
	stop_daemon hostd
	iproute2_unpin
	hostd_start
	wait_for 10 in_agreement
}

# netsplitd with resolv_conf = $1, not kept on exit, in a mount namespace
# of its own where /run is empty (no systemd-resolved) and the rest of the
# command line ($2...) runs before it; the calls of the stand-ins recorded
# in dns.calls.
dns_hostd_start() {
	local place=$1 prepare=${2:-true}
	stop_daemon hostd
	: >"$LAB_DIR/dns.calls"
	sed -e "s|^resolv_conf = .*|resolv_conf = $place|" \
		-e 's/keep_on_exit = yes/keep_on_exit = no/' \
		"$LAB_DIR/host.conf" >"$LAB_DIR/dns.conf"
	start_daemon hostd host unshare -m sh -c \
		"mount -t tmpfs tmpfs /run && $prepare && exec \"\$0\" \"\$@\"" \
		env PATH="${DNS_PATH:-$LAB_DIR/bin:$PATH}" "$NETSPLITD" -f -v \
		-c "$LAB_DIR/dns.conf"
	wait_for 10 in_agreement
}

# The lab's netsplitd back, as the tests before had it.
dns_hostd_restore() {
	stop_daemon hostd
	hostd_start
	wait_for 10 in_agreement
}

@test "resolv_conf = resolved: resolvectl dns on ethsta0, reverted on exit" {
	dns_hostd_start resolved
	wait_for 10 grep -q "resolvectl dns" "$LAB_DIR/dns.calls"
	stop_daemon hostd
	run cat "$LAB_DIR/dns.calls"
	assert_output "resolvectl dns ethsta0 192.168.50.1
resolvectl revert ethsta0"
	dns_hostd_restore
}

@test "resolv_conf = resolvconf: resolvconf -a ethsta0.netsplitd with the servers, -d on exit" {
	dns_hostd_start resolvconf
	wait_for 10 grep -q "resolvconf -a" "$LAB_DIR/dns.calls"
	stop_daemon hostd
	run cat "$LAB_DIR/dns.calls"
	assert_output "resolvconf -a ethsta0.netsplitd
  # Written by netsplitd: the co-processor's DNS for ethsta0
  nameserver 192.168.50.1
resolvconf -d ethsta0.netsplitd"
	dns_hostd_restore
}

@test "resolv_conf = auto: systemd-resolved when its socket is there, else resolvconf when installed" {
	dns_hostd_start auto "mkdir -p /run/systemd/resolve &&
		python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind(\"/run/systemd/resolve/io.systemd.Resolve\")'"
	wait_for 10 grep -q "resolvectl dns ethsta0 192.168.50.1" "$LAB_DIR/dns.calls"
	grep -q "DNS goes to resolved (resolv_conf = auto: systemd-resolved runs)" "$LAB_DIR/hostd.log"
	dns_hostd_start auto
	wait_for 10 grep -q "resolvconf -a ethsta0.netsplitd" "$LAB_DIR/dns.calls"
	grep -q "DNS goes to resolvconf (resolv_conf = auto: resolvconf is installed)" "$LAB_DIR/hostd.log"
	dns_hostd_restore
}

@test "resolv_conf = auto with neither: /etc/resolv.conf, written in place where only the file is writable, as under the unit" {
	echo "# the host's own" >"$LAB_DIR/etc-resolv"
	# As the unit has it: /etc read-only, /etc/resolv.conf writable.
	DNS_PATH=/nonexistent dns_hostd_start auto "mount --bind /etc /etc &&
		mount -o remount,bind,ro /etc &&
		mount --bind $LAB_DIR/etc-resolv /etc/resolv.conf"
	wait_for 10 grep -q "nameserver 192.168.50.1" "$LAB_DIR/etc-resolv"
	grep -q "DNS goes to /etc/resolv.conf (resolv_conf = auto: neither systemd-resolved nor resolvconf)" "$LAB_DIR/hostd.log"
	grep -q "/etc/resolv.conf written in place: its directory is read-only" "$LAB_DIR/hostd.log"
	stop_daemon hostd
	run cat "$LAB_DIR/etc-resolv"
	assert_output "# the host's own"
	dns_hostd_restore
}

@test "SIGTERM removes what netsplitd added and puts files and sysctls back" {
	stop_daemon hostd
	sed -i 's/keep_on_exit = yes/keep_on_exit = no/' "$LAB_DIR/host.conf"
	echo "# before netsplitd" >"$LAB_DIR/resolv.real"
	ns host sysctl -qw net.ipv4.ip_local_port_range="32768 60999"
	hostd_start
	wait_for 10 in_agreement
	wait_for 10 grep -q nameserver "$LAB_DIR/resolv.real"
	stop_daemon hostd
	run ns host ip -4 -o addr show dev ethsta0
	assert_output ""
	run ns host ip -4 route show default
	assert_output ""
	run ns host ip -6 route show default
	assert_output ""
	run cat "$LAB_DIR/resolv.real"
	assert_output "# before netsplitd"
	[ -L "$LAB_DIR/resolv.conf" ]
	run port_range_is 32768 60999
	assert_success
	run ns host ip link show ethsta0
	refute_output --partial "xdp"
	run grep "what it added removed" "$LAB_DIR/hostd.log"
	assert_success
}

@test "the machine's own /etc/resolv.conf was never touched" {
	sha256sum -c --quiet "$LAB_DIR/etc-resolv.sha"
	assert_equal "$(stat -c '%i %Y' /etc/resolv.conf)" "$(cat "$LAB_DIR/etc-resolv.stat")"
}
