#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Who may use the daemons' control sockets, and what bad peers cannot do
# to them: netsplit-cpd in "esp" and netsplitd in "host", as in
# daemons.bats, their sockets for group 4242 (a number no /etc/group line
# needs). "member" is uid 4242 in that group, "outsider" uid 4243 in none;
# neither has a capability.

load helpers

MEMBER=(setpriv --reuid 4242 --regid 4242 --groups 4242)
OUTSIDER=(setpriv --reuid 4243 --regid 4243 --clear-groups)

cpd_start() {
	start_daemon cpd esp "$NETSPLIT_CPD" -f -c "$LAB_DIR/esp.conf"
	wait_for 60 test -S "$SOCK_DIR/esp.sock"
}

hostd_start() {
	start_daemon hostd host "$NETSPLITD" -f -c "$LAB_DIR/host.conf"
	wait_for 60 test -S "$SOCK_DIR/hostd.sock"
}

ctl() {
	"$NETSPLITCTL" "$@"
}

host_state_is_at() {
	ctl status --json --socket "unix:$SOCK_DIR/esp.sock" |
		grep -q "\"host_state\":\"$1\""
}

# The daemons as root sees them: connected, in agreement, awake.
settled() {
	"$NETSPLITCTL" status --socket "unix:$SOCK_DIR/hostd.sock" |
		grep -q "in agreement" &&
		"$NETSPLITCTL" status --json --socket "unix:$SOCK_DIR/esp.sock" |
		grep -q '"host_state":"awake"'
}

setup_file() {
	require_root
	export LAB_PREFIX="nsc$$-"
	export LAB_DIR=$BATS_FILE_TMPDIR
	# Where uid 4242 can reach the sockets: LAB_DIR is root's alone.
	SOCK_DIR=$(mktemp -d /tmp/netsplit-control.XXXXXX)
	chmod 0755 "$SOCK_DIR"
	export SOCK_DIR
	make_lab_links
	ns esp ip route add default via 192.168.50.1
	make_pin_root
	export PIN_ROOT
	echo "nameserver 192.168.50.1" >"$LAB_DIR/esp-resolv.conf"
	cat >"$LAB_DIR/esp.conf" <<-END
	[coprocessor]
	uplink = wlan0
	host_link = esp-host
	listen = unix:$SOCK_DIR/esp.sock
	socket_group = 4242
	pin_root = $PIN_ROOT/esp
	state_file = $LAB_DIR/cpd.state
	dns = $LAB_DIR/esp-resolv.conf
	END
	cat >"$LAB_DIR/host.conf" <<-END
	[host]
	interface = ethsta0
	control = unix:$SOCK_DIR/esp.sock
	socket = unix:$SOCK_DIR/hostd.sock
	socket_group = 4242
	resolv_conf = $LAB_DIR/resolv.conf
	pin_root = $PIN_ROOT/host
	END
	cpd_start
	hostd_start
	wait_for 30 settled
}

# A failed test leaves no bad peer behind (bats waits for them).
teardown() {
	show_logs_on_failure
	local job
	for job in $(jobs -p); do
		kill "$job" 2>/dev/null || true
	done
}

teardown_file() {
	stop_daemon hostd
	stop_daemon cpd
	cleanup_lab
	rm -rf "$SOCK_DIR"
}

@test "both sockets are 0660, root's and the group's" {
	run stat -c '%a %u:%g' "$SOCK_DIR/hostd.sock" "$SOCK_DIR/esp.sock"
	assert_output "660 0:4242
660 0:4242"
}

@test "a member of the group reads status and stats through both daemons" {
	run "${MEMBER[@]}" "$NETSPLITCTL" status --socket "unix:$SOCK_DIR/hostd.sock"
	assert_success
	assert_output --partial "in agreement"
	run "${MEMBER[@]}" "$NETSPLITCTL" stats --socket "unix:$SOCK_DIR/hostd.sock"
	assert_success
	assert_output --partial "arp-request"
	run "${MEMBER[@]}" "$NETSPLITCTL" status --json --socket "unix:$SOCK_DIR/esp.sock"
	assert_success
	assert_output --partial '"host_state":"awake"'
}

@test "a member of the group may not put the host to sleep: permission denied, and it stays awake" {
	for sock in hostd esp; do
		run "${MEMBER[@]}" "$NETSPLITCTL" sleep --socket "unix:$SOCK_DIR/$sock.sock"
		assert_failure
		assert_output --partial "permission denied: this change needs root or CAP_NET_ADMIN"
	done
	run "${MEMBER[@]}" "$NETSPLITCTL" wifi set lab --open --socket "unix:$SOCK_DIR/hostd.sock"
	assert_failure
	assert_output --partial "permission denied: this change needs root or CAP_NET_ADMIN"
	run ctl status --json --socket "unix:$SOCK_DIR/esp.sock"
	assert_output --partial '"host_state":"awake"'
}

@test "with CAP_NET_ADMIN, a user who is not root may" {
	run setpriv --reuid 4242 --regid 4242 --groups 4242 \
		--inh-caps +net_admin --ambient-caps +net_admin \
		"$NETSPLITCTL" sleep --socket "unix:$SOCK_DIR/hostd.sock"
	assert_success
	assert_output "host sleeping"
	wait_for 10 host_state_is_at sleeping
	run ctl wake --socket "unix:$SOCK_DIR/hostd.sock"
	assert_success
	wait_for 10 host_state_is_at awake
}

@test "a user outside the group cannot connect, and is told why" {
	run "${OUTSIDER[@]}" "$NETSPLITCTL" status --socket "unix:$SOCK_DIR/hostd.sock"
	assert_failure
	assert_output --partial "permission denied on unix:$SOCK_DIR/hostd.sock: root and members of group netsplit may connect"
}

@test "pinned maps and the state file are 0600, and reading the pins stays root's" {
	run find "$PIN_ROOT/host" "$PIN_ROOT/esp" -type f ! -perm 0600
	assert_output ""
	run find "$PIN_ROOT/host" "$PIN_ROOT/esp" -type f
	refute_output ""
	run stat -c '%a' "$LAB_DIR/cpd.state"
	assert_output "600"
	run "${MEMBER[@]}" "$NETSPLITCTL" stats --pin-root "$PIN_ROOT/host"
	assert_failure
	assert_output --partial "the pinned maps are root's (sudo)"
}

@test "8 clients writing garbage at full speed: status still answers, every time" {
	for sock in hostd esp; do
		"$BADPEER" garbage "unix:$SOCK_DIR/$sock.sock" 8 6 >"$LAB_DIR/garbage.out" &
		local garbage=$!
		"$STATUSWATCH" "unix:$SOCK_DIR/$sock.sock" 100 5 >"$LAB_DIR/watch.out"
		wait "$garbage"
		run grep -vc " answered " "$LAB_DIR/watch.out"
		assert_output 0
		[ "$(wc -l <"$LAB_DIR/watch.out")" -ge 10 ]
		run cat "$LAB_DIR/garbage.out"
		assert_output --regexp "^garbage: [1-9][0-9]* connections"
	done
	wait_for 10 settled
}

@test "a client sending a byte a second blocks no one, and is let go" {
	"$BADPEER" slow "unix:$SOCK_DIR/hostd.sock" >"$LAB_DIR/slow.out" &
	local slow=$!
	run ctl status --socket "unix:$SOCK_DIR/hostd.sock"
	assert_success
	wait "$slow"
	run cat "$LAB_DIR/slow.out"
	assert_output --regexp "^slow: closed after [0-9]+ bytes$"
}

@test "more clients than slots: the next is refused with a message, and served once one leaves" {
	for sock in hostd esp; do
		"$BADPEER" hold "unix:$SOCK_DIR/$sock.sock" >"$LAB_DIR/hold.out" &
		local hold=$!
		wait_for 20 grep -q "^hold: " "$LAB_DIR/hold.out"
		run cat "$LAB_DIR/hold.out"
		assert_output --regexp "^hold: [0-9]+ held, then too-many-connections$"
		run ctl status --socket "unix:$SOCK_DIR/$sock.sock"
		assert_failure
		assert_output --partial "too many connections at once"
		kill "$hold"
		wait "$hold" || true
		wait_for 10 ctl status --socket "unix:$SOCK_DIR/$sock.sock"
	done
	run grep -c "clients at once; one more refused" "$LAB_DIR/hostd.log"
	refute_output 0
	run grep -c "too many connections; one refused" "$LAB_DIR/cpd.log"
	refute_output 0
}

@test "an over-long length is refused from the header, without waiting for the rest" {
	for sock in hostd esp; do
		run "$BADPEER" long "unix:$SOCK_DIR/$sock.sock"
		assert_success
		assert_output "long: too-long in hello, then closed"
	done
}

@test "after all of it both daemons still run, connected and in agreement" {
	running "$(cat "$LAB_DIR/hostd.pid")"
	running "$(cat "$LAB_DIR/cpd.pid")"
	wait_for 10 settled
}
