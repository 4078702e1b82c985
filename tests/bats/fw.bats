#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# netsplit-fw itself: its flags, exit statuses and errors, and a run on the
# lab's links without DHCP (the state file's network put back on lwIP),
# stopped by SIGTERM. The lab suite (LAB_COPROC=fw) covers the rest.

load helpers

NETSPLIT_FW=${NETSPLIT_FW:-$BATS_TEST_DIRNAME/../../build/san/netsplit-fw}

fw_status() {
	"$NETSPLITCTL" status --json --socket "unix:$LAB_DIR/fw.sock"
}

setup_file() {
	require_root
	export LAB_PREFIX="nsf$$-"
	export LAB_DIR=$BATS_FILE_TMPDIR
	lab_links
	ns esp ip link set dev wlan0 address "$LAB_SHARED_MAC"
	# The network a first run leased, as netsplit-fw saves it.
	cat >"$LAB_DIR/fw.state" <<-END
	mac=$LAB_SHARED_MAC
	ipv4=$LAB_SHARED4/24
	gateway=$LAB_ROUTER4
	dns=$LAB_ROUTER4
	mtu=1500
	end
	END
	cat >"$LAB_DIR/esp.conf" <<-END
	[coprocessor]
	uplink = wlan0
	host_link = esp-host
	listen = unix:$LAB_DIR/fw.sock
	state_file = $LAB_DIR/fw.state
	END
}

teardown_file() {
	cleanup_lab
}

teardown() {
	stop_daemon fw
	show_logs_on_failure
}

@test "fw: --help prints the usage and exits 0" {
	run "$NETSPLIT_FW" --help
	assert_success
	assert_output --partial "usage: netsplit-fw"
	assert_output --partial "--console unix:PATH"
}

@test "fw: a usage error exits 2 with the usage" {
	run "$NETSPLIT_FW" --no-such-flag
	assert_equal "$status" 2
	assert_output --partial "usage: netsplit-fw"
	run "$NETSPLIT_FW" stray
	assert_equal "$status" 2
	assert_output --partial "unexpected argument 'stray'"
	run "$NETSPLIT_FW" --iperf 70000
	assert_equal "$status" 2
	assert_output --partial "--iperf: '70000' is no port"
}

@test "fw: a bad config file, or no such interface, exits 1 and says what to do" {
	printf '[coprocessor]\nno_such_key = 1\n' >"$BATS_TEST_TMPDIR/bad.conf"
	run "$NETSPLIT_FW" -f -c "$BATS_TEST_TMPDIR/bad.conf"
	assert_equal "$status" 1
	assert_output --partial "no_such_key"
	run ns esp "$NETSPLIT_FW" -f -c "$LAB_DIR/esp.conf" --uplink wlan9
	assert_equal "$status" 1
	assert_output --partial "no interface wlan9 for the uplink: set uplink in [coprocessor] or give --uplink"
	run ns esp "$NETSPLIT_FW" -f -c "$LAB_DIR/esp.conf" --bus /nonexistent/espbus0
	assert_equal "$status" 1
	assert_output --partial "cannot open /nonexistent/espbus0: No such file or directory (is the ethsta module loaded?)"
}

@test "fw: an uplink with an address of Linux's own is refused: lwIP owns it" {
	ns esp ip addr add 192.168.50.99/24 dev wlan0
	run ns esp "$NETSPLIT_FW" -f -c "$LAB_DIR/esp.conf"
	ns esp ip addr del 192.168.50.99/24 dev wlan0
	assert_equal "$status" 1
	assert_output --partial "the uplink wlan0 has an address of Linux's own, 192.168.50.99; lwIP owns the shared address there: remove it (ip addr flush dev wlan0)"
}

@test "fw: with --state and no DHCP server, lwIP answers on the saved address; status and stats over --listen; SIGTERM exits 0" {
	local pid rc
	start_daemon fw esp "$NETSPLIT_FW" -f -c "$LAB_DIR/esp.conf" --state "$LAB_DIR/fw.state"
	wait_for 10 test -S "$LAB_DIR/fw.sock" || fail "never listened"
	run fw_status
	assert_output --partial "\"address\":\"$LAB_SHARED4/24\""
	assert_output --partial "\"mac\":\"$LAB_SHARED_MAC\""
	run ns router ping -c 2 -W 2 "$LAB_SHARED4"
	assert_success
	run "$NETSPLITCTL" stats --json --socket "unix:$LAB_DIR/fw.sock"
	assert_output --regexp '"echo-request":\{"packets":[1-9]'
	run ns esp cat /proc/sys/net/ipv6/conf/wlan0/disable_ipv6 /proc/sys/net/ipv6/conf/esp-host/disable_ipv6
	assert_output "$(printf '1\n1')"
	pid=$(cat "$LAB_DIR/fw.pid")
	kill -TERM "$pid"
	wait_for 10 stopped "$pid" || fail "still running 10 s after SIGTERM"
	wait "$pid" || rc=$?
	assert_equal "${rc:-0}" 0
	rm "$LAB_DIR/fw.pid"
	[ ! -e "$LAB_DIR/fw.sock" ]
	grep -q "^rules=" "$LAB_DIR/fw.state"
	grep -q "restored $LAB_SHARED4/24, the saved network, until DHCP answers" "$LAB_DIR/fw.log"
}
