#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The co-processor's Wi-Fi station, configured from the host, in the lab
# with netsplit-fw as a station (LAB_WIFI=1): its radio hears the access
# points of LAB_DIR/access-points, netsplitd's [wifi] gives it the
# credentials of LAB_DIR/wifi.psk, netsplitctl wifi set gives others. The
# states it reports (connected, wrong password, no AP) are asserted in
# status as text, JSON and Prometheus; the passphrases are searched for
# in every log and every output and found only where they must be: the
# psk files, the lab's access-point list and netsplit-fw's state file
# (0600).

load helpers

LAB=$BATS_TEST_DIRNAME/../lab/lab
NETSPLIT_FW=${NETSPLIT_FW:-$BATS_TEST_DIRNAME/../../build/san/netsplit-fw}

hostd_socket() {
	echo "unix:$LAB_DIR/hostd.sock"
}

# wifi_is REGEX: netsplitd's status line for the station matches.
wifi_is() {
	"$NETSPLITCTL" status --socket "$(hostd_socket)" | grep -Eq "^wifi +$1"
}

# netsplit-fw logged more than $1 connections to the lab's access point.
fw_connected_more() {
	[ "$(grep -c "Wi-Fi: connected to netsplit-lab" "$LAB_DIR/fw.log")" -gt "$1" ]
}

# A passphrase file of the user's, 0600.
psk_file() {
	(umask 077 && printf '%s\n' "$2" >"$1")
}

setup_file() {
	require_root
	export LAB_PREFIX="nsw$$-"
	export LAB_DIR=$BATS_FILE_TMPDIR/lab
	export LAB_COPROC=fw LAB_WIFI=1
	export NETSPLIT_FW NETSPLITD NETSPLITCTL
	"$LAB" up >&3
}

teardown() {
	show_logs_on_failure
}

teardown_file() {
	"$LAB" down >/dev/null
}

@test "wifi: [wifi] in netsplit.conf connects the station; status says so as text, JSON and Prometheus" {
	wait_for 10 wifi_is "connected to netsplit-lab \(02:00:00:00:0a:01, -48 dBm\)" ||
		fail "$("$NETSPLITCTL" status --socket "$(hostd_socket)")"
	run "$NETSPLITCTL" status --json --socket "unix:$LAB_DIR/esp.sock"
	assert_output --partial '"wifi":{"state":"connected","ssid":"netsplit-lab","bssid":"02:00:00:00:0a:01","rssi":-48}'
	run "$NETSPLITCTL" stats --prometheus --socket "$(hostd_socket)"
	assert_output --partial 'netsplit_wifi_state{state="connected"} 1'
	assert_output --partial 'netsplit_wifi_state{state="wrong password"} 0'
	assert_output --partial 'netsplit_wifi_rssi_dbm -48'
	# Kept for a restart, where only its owner can read it.
	assert_equal "$(stat -c %a "$LAB_DIR/esp.state")" 600
	grep -q '^wifi_psk=' "$LAB_DIR/esp.state"
	run ns host ping -c 1 -W 2 "$LAB_ROUTER4"
	assert_success
}

@test "wifi: a wrong passphrase from netsplitctl is 'wrong password'; an unknown SSID 'no AP'; the right ones connect again" {
	psk_file "$BATS_TEST_TMPDIR/wrong.psk" "not the lab's passphrase"
	run "$NETSPLITCTL" wifi set netsplit-lab --psk-file "$BATS_TEST_TMPDIR/wrong.psk" \
		--socket "$(hostd_socket)"
	assert_success
	assert_output --partial "Wi-Fi credentials for netsplit-lab sent"
	wait_for 10 wifi_is "wrong password for netsplit-lab" || fail "never refused"
	run "$NETSPLITCTL" status --json --socket "unix:$LAB_DIR/esp.sock"
	assert_output --partial '"wifi":{"state":"wrong password","ssid":"netsplit-lab"}'
	assert_output --partial '"link":false'
	run "$NETSPLITCTL" stats --prometheus --socket "$(hostd_socket)"
	assert_output --partial 'netsplit_wifi_state{state="wrong password"} 1'
	refute_output --partial 'netsplit_wifi_rssi_dbm'

	run "$NETSPLITCTL" wifi set elsewhere --psk-file "$LAB_DIR/wifi.psk" \
		--socket "$(hostd_socket)"
	assert_success
	wait_for 10 wifi_is "no AP for elsewhere" || fail "never 'no AP'"

	run "$NETSPLITCTL" wifi set netsplit-lab --psk-file - \
		--socket "$(hostd_socket)" <"$LAB_DIR/wifi.psk"
	assert_success
	wait_for 10 wifi_is "connected to netsplit-lab" || fail "never connected again"
	wait_for 30 ns host ping -c 1 -W 1 "$LAB_ROUTER4" ||
		fail "the host does not reach the router after the station is back"
}

@test "wifi: netsplit-fw restarted connects with the credentials it kept" {
	local before
	before=$(grep -c "Wi-Fi: connected to netsplit-lab" "$LAB_DIR/fw.log")
	lab_stop "$(cat "$LAB_DIR/fw.pid")"
	# netsplitd sends [wifi] again on reconnect: take it out of the way.
	kill -STOP "$(cat "$LAB_DIR/hostd.pid")"
	start_daemon fw esp "$NETSPLIT_FW" -f -c "$LAB_DIR/esp.conf" \
		--console "unix:$LAB_DIR/fw-console.sock" \
		--access-points "$LAB_DIR/access-points"
	wait_for 20 fw_connected_more "$before" ||
		{ kill -CONT "$(cat "$LAB_DIR/hostd.pid")"; fail "did not connect from the state file"; }
	kill -CONT "$(cat "$LAB_DIR/hostd.pid")"
	wait_for 20 wifi_is "connected to netsplit-lab" || fail "netsplitd does not see it"
}

@test "wifi: refused with a message that says what to do: a passphrase file others can read, a short one, no SSID" {
	psk_file "$BATS_TEST_TMPDIR/open.psk" "a passphrase of the lab"
	chmod 644 "$BATS_TEST_TMPDIR/open.psk"
	run "$NETSPLITCTL" wifi set netsplit-lab --psk-file "$BATS_TEST_TMPDIR/open.psk" \
		--socket "$(hostd_socket)"
	assert_failure 1
	assert_output --partial "can be read or changed by others (mode 0644): chmod 600 $BATS_TEST_TMPDIR/open.psk"
	psk_file "$BATS_TEST_TMPDIR/short.psk" "short"
	run "$NETSPLITCTL" wifi set netsplit-lab --psk-file "$BATS_TEST_TMPDIR/short.psk" \
		--socket "$(hostd_socket)"
	assert_failure 1
	assert_output --partial "is not usable: one line of 8-63 printable ASCII characters, or 64 hex digits"
	run "$NETSPLITCTL" wifi set netsplit-lab --socket "$(hostd_socket)"
	assert_failure 2
	assert_output --partial "--psk-file FILE or --open: one of them"
	# netsplitd will not start with such a psk_file.
	sed "s|^psk_file = .*|psk_file = $BATS_TEST_TMPDIR/open.psk|" "$LAB_DIR/host.conf" \
		>"$BATS_TEST_TMPDIR/host.conf"
	run "$NETSPLITD" -f -c "$BATS_TEST_TMPDIR/host.conf"
	assert_failure 1
	assert_output --partial "[wifi] psk_file: $BATS_TEST_TMPDIR/open.psk can be read or changed by others"
}

@test "wifi: no passphrase in any log, status (text, JSON) or Prometheus output" {
	local secret wrong out
	secret=$(cat "$LAB_DIR/wifi.psk")
	wrong="not the lab's passphrase"
	out=$BATS_TEST_TMPDIR/outputs
	for socket in "$(hostd_socket)" "unix:$LAB_DIR/esp.sock"; do
		"$NETSPLITCTL" status --socket "$socket"
		"$NETSPLITCTL" status --json --socket "$socket"
		"$NETSPLITCTL" stats --prometheus --socket "$socket"
	done >"$out"
	grep -q "netsplit-lab" "$out"
	grep -q "netsplit-lab" "$LAB_DIR/fw.log"
	for text in "$secret" "$wrong"; do
		run grep -rlF -- "$text" "$out" "$LAB_DIR"/*.log
		assert_output ""
	done
	# Where it must be: the files that hold it.
	grep -qF -- "$secret" "$LAB_DIR/access-points"
}
