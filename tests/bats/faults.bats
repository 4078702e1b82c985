#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Faults in the lab (tests/lab/lab): daemons killed at bad moments, links
# flapped, the state file damaged, rtnetlink and wake frames in storms.
# Each test waits, generously, for the end state it then asserts, so a
# busy machine makes it slower, not red. How long each took to converge is
# a figure, not a verdict: printed as "# bench: fault NAME converge_ms=MS"
# and, with FAULTS_BENCH=FILE, appended there (bench/faults.sh). LAB_COPROC
# picks the co-processor: netsplit-cpd (cpd, default) or netsplit-fw (fw).

load helpers

LAB=$BATS_TEST_DIRNAME/../lab/lab
NETSPLIT_FW=${NETSPLIT_FW:-$BATS_TEST_DIRNAME/../../build/san/netsplit-fw}

# figure NAME KEY=VALUE...: a bench line, on the TAP stream and in
# FAULTS_BENCH.
figure() {
	local name=$1
	shift
	echo "# bench: fault $name $*" >&3
	[ -z "${FAULTS_BENCH:-}" ] || echo "bench: fault $name $*" >>"$FAULTS_BENCH"
}

coproc_pid() {
	cat "$LAB_DIR/$LAB_COPROC.pid"
}

hostd_pid() {
	cat "$LAB_DIR/hostd.pid"
}

# The lab as `lab up` leaves it, IPv6 aside (netsplit-fw's SLAAC waits
# for a router advertisement, which dnsmasq spaces out after a burst of
# restarts): the host's IPv4 address, route and DNS restored, the guard
# on, the tables in agreement, the host awake in both daemons' eyes.
converged() {
	lab_ns host ip -4 -o addr show dev ethsta0 | grep -q "inet $LAB_SHARED4/24" &&
		lab_ns host ip -4 route show default dev ethsta0 | grep -q "via $LAB_ROUTER4 " &&
		grep -q "^nameserver $LAB_ROUTER4" "/etc/netns/${LAB_PREFIX}host/resolv.conf" &&
		in_agreement && host_state_is awake &&
		host_status | grep -q "^guard  "
}

# How many descriptors a process has open.
fds_of() {
	find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l
}

rss_kib_of() {
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"
}

# CPU time of a process so far, in clock ticks (user + system).
cpu_ticks_of() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# The SYNs to port 22 in a capture of "any", one per line as "INTERFACE
# SOURCE_PORT IP_ID": a retransmitted SYN has an IP id of its own, so the
# same line twice is one frame delivered twice (on that interface).
syns_of() {
	tcpdump -nn -v -r "$1" 2>/dev/null | awk '
		/^[0-9].* IP \(/ { match($0, /id [0-9]+/); id = substr($0, RSTART + 3, RLENGTH - 3); dev = $2; next }
		/ > .*\.22: Flags \[S\]/ { split($1, a, "."); print dev, a[5], id }'
}

# capture SIDE DEVICE FILE: tcpdump of SYNs to port 22 in SIDE until
# stop_captures; returns once it listens.
capture() {
	ip netns exec "$LAB_PREFIX$1" tcpdump -i "$2" -nn --immediate-mode -U -w "$3" \
		'tcp dst port 22 and tcp[tcpflags] & tcp-syn != 0' \
		>/dev/null 2>"$3.err" 3>&- &
	echo $! >>"$T/captures"
	wait_for 10 grep -q "listening on" "$3.err"
}

stop_captures() {
	[ -e "$T/captures" ] || return 0
	lab_stop $(cat "$T/captures")
	rm -f "$T/captures"
}

setup_file() {
	require_root
	export LAB_PREFIX="nsf$$-"
	export LAB_DIR=$BATS_FILE_TMPDIR/lab
	export NETSPLIT_CPD NETSPLIT_FW NETSPLITD NETSPLITCTL LAB_COPROC
	"$LAB" up >&3
}

setup() {
	T=$BATS_TEST_TMPDIR
}

teardown() {
	umount "$T/full" 2>/dev/null || true
	stop_captures
	lab_stop_listeners "$T"
	show_logs_on_failure
	kill -CONT "$(hostd_pid)" 2>/dev/null || true
	# Whatever a test took down comes back for the next. (Not by lab up:
	# with netsplit-fw it waits for SLAAC, see converged.)
	running "$(coproc_pid)" || start_coproc
	wait_for 60 test -S "$LAB_DIR/esp.sock" || true
	running "$(hostd_pid)" ||
		start_daemon hostd host "$NETSPLITD" -f -c "$LAB_DIR/host.conf"
	wait_for 60 converged || true
}

# restart_daemons [ENV=VALUE...]: both daemons stopped and started again,
# with ENV in their environment; returns once the lab converged.
restart_daemons() {
	stop_daemon hostd
	stop_daemon "$LAB_COPROC"
	(
		[ $# -eq 0 ] || export "$@"
		start_coproc
	)
	wait_for 60 test -S "$LAB_DIR/esp.sock"
	(
		[ $# -eq 0 ] || export "$@"
		start_daemon hostd host "$NETSPLITD" -f -c "$LAB_DIR/host.conf"
	)
	wait_for 60 converged
}

teardown_file() {
	"$LAB" down >/dev/null
}

@test "co-processor killed and restarted while the host sleeps with woken frames queued: none delivered twice, the host converges" {
	local i t0 queued clients=()
	lab_listen "$T" host tcp 22
	host_sleeps
	capture router any "$T/router.pcap"
	# A host that sleeps runs nothing: netsplitd is frozen.
	kill -STOP "$(hostd_pid)"
	queued=$(logged "$LAB_DIR/$LAB_COPROC.log" "while the host is already being woken (2 so far)")
	for i in 1 2 3; do
		echo "connection $i" | ip netns exec "${LAB_PREFIX}router" \
			socat -u - "TCP:$LAB_SHARED4:22,connect-timeout=60" 3>&- &
		clients+=($!)
	done
	# The first wakes and is held; the next two are held, logged as the
	# 1st and 2nd "while the host is already being woken".
	wait_for 20 logged_more "$LAB_DIR/$LAB_COPROC.log" "while the host is already being woken (2 so far)" "$queued" ||
		fail "the co-processor never held the three SYNs"
	kill -KILL "$(coproc_pid)"
	wait_for 10 stopped "$(coproc_pid)"
	start_coproc
	wait_for 60 test -S "$LAB_DIR/esp.sock"
	# What the frames queued before could be delivered by, from here on:
	# on any interface, since netsplit-cpd makes the host link anew.
	capture host any "$T/host.pcap"
	t0=$(now_ms)
	kill -CONT "$(hostd_pid)"
	wait_for 60 converged || fail "the host did not converge"
	figure coproc-kill "converge_ms=$(($(now_ms) - t0))"
	# The clients' retransmitted SYNs find the host awake.
	for i in 1 2 3; do
		wait_for 60 grep -qx "connection $i" "$T/host-tcp-22" ||
			fail "connection $i never reached the host"
	done
	wait "${clients[@]}"
	run grep -c "connection" "$T/host-tcp-22"
	assert_output 3
	stop_captures
	syns_of "$T/router.pcap" | cut -d' ' -f2- | sort -u >"$T/sent"
	syns_of "$T/host.pcap" | sort >"$T/delivered"
	[ -s "$T/delivered" ] || fail "no SYN in the host's capture"
	run uniq -d "$T/delivered"
	[ -z "$output" ] || fail "delivered twice (interface, port, IP id): $output"
	run comm -13 "$T/sent" <(cut -d' ' -f2- "$T/delivered" | sort -u)
	[ -z "$output" ] || fail "delivered, never sent (port, IP id): $output; sent: $(tr '\n' ';' <"$T/sent"); router: $(tcpdump -nn -r "$T/router.pcap" 2>&1 | tr '\n' ';')"
}

# A table loaded into the pins is the running table, not the config: a
# netsplitd that starts again starts from its config file's table (at a
# version past the pinned one), whether or not it had pushed the loaded one.
@test "netsplitd killed at 20 random points of rule sync: after each restart both sides agree, and the pinned maps hold the agreed table" {
	local seed=${FAULT_SEED:-$RANDOM} i t0 ms all=()
	echo "# seed $seed (FAULT_SEED=$seed repeats it)" >&3
	RANDOM=$seed
	for i in $(seq 20); do
		printf '[wake]\nsyn_ports = 22,%d\nmqtt = 1883 prefix=wakeup-host\nsubscribe = %s:1883 topic=# prefix=wakeup-host\n' \
			$((3000 + i)) "$LAB_ROUTER4" >"$T/wake.conf"
		"$NETSPLITCTL" --pin-root "$LAB_DIR/bpf/host" rules load "$T/wake.conf" >/dev/null
		sleep "$(printf '0.%03d' $((RANDOM % 500)))"
		kill_daemon hostd
		t0=$(now_ms)
		start_daemon hostd host "$NETSPLITD" -f -c "$LAB_DIR/host.conf"
		wait_for 60 in_agreement || fail "kill $i (seed $seed): no agreement"
		all+=($(($(now_ms) - t0)))
		wait_for 30 pins_hold_agreed ||
			fail "kill $i (seed $seed): the pinned maps do not hold the agreed table (version $(agreed_version)): $(head -n 1 "$T/host-rules"), $(head -n 1 "$T/esp-rules" 2>/dev/null)"
	done
	ms=$(printf '%s\n' "${all[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[NR] }')
	figure hostd-kill-sync "converge_ms=${ms% *} max_ms=${ms#* } seed=$seed"
	wait_for 60 converged
}

@test "uplink and host link flapped 50 times in 10 s: both daemons end in the right state, with no more descriptors or memory" {
	local round t0 fds_h fds_c rss_h rss_c
	# The uplink loses its carrier as when the access point goes (the
	# router's end down), the host link as when the bus resets (the
	# co-processor's end down): each 50 times, 100 ms apart.
	flap_round() {
		local i
		for i in $(seq 50); do
			ns router ip link set rtr0 down
			ns esp ip link set esp-host down
			sleep 0.05
			ns router ip link set rtr0 up
			ns esp ip link set esp-host up
			sleep 0.05
		done
	}
	# ASan keeps freed memory in quarantine, which is growth to VmRSS:
	# the daemons run without it here, so what grows is what is held.
	restart_daemons ASAN_OPTIONS=quarantine_size_mb=0:thread_local_quarantine_size_kb=0 ||
		fail "no convergence after the restarts"
	# One round to warm up; what the second adds is growth.
	for round in warm measured; do
		if [ "$round" = measured ]; then
			fds_h=$(fds_of "$(hostd_pid)")
			fds_c=$(fds_of "$(coproc_pid)")
			rss_h=$(rss_kib_of "$(hostd_pid)")
			rss_c=$(rss_kib_of "$(coproc_pid)")
		fi
		flap_round
		t0=$(now_ms)
		wait_for 90 converged || fail "no convergence after the $round flaps"
		[ "$round" = warm ] || figure flap "converge_ms=$(($(now_ms) - t0))"
	done
	running "$(hostd_pid)"
	running "$(coproc_pid)"
	assert_equal "$(fds_of "$(hostd_pid)")" "$fds_h"
	assert_equal "$(fds_of "$(coproc_pid)")" "$fds_c"
	echo "# RSS growth over 50 flaps: netsplitd $(($(rss_kib_of "$(hostd_pid)") - rss_h)) KiB, $LAB_COPROC $(($(rss_kib_of "$(coproc_pid)") - rss_c)) KiB" >&3
	[ $(($(rss_kib_of "$(hostd_pid)") - rss_h)) -lt 1024 ] || fail "netsplitd grew 1 MiB or more"
	[ $(($(rss_kib_of "$(coproc_pid)") - rss_c)) -lt 1024 ] || fail "$LAB_COPROC grew 1 MiB or more"
	# The next tests get daemons with the quarantine again.
	restart_daemons
}

# The version both daemons agree on, from netsplitd's status.
agreed_version() {
	host_status | sed -n 's/^rules *version \([0-9]*\) .*in agreement$/\1/p'
}

# The host's pinned maps hold the table of the agreed version, and so do
# netsplit-cpd's (the same table, its header aside).
pins_hold_agreed() {
	local version
	version=$(agreed_version)
	[ -n "$version" ] &&
		"$NETSPLITCTL" --pin-root "$LAB_DIR/bpf/host" rules show >"$T/host-rules" &&
		grep -q "^# version $version," "$T/host-rules" || return 1
	[ "$LAB_COPROC" = cpd ] || return 0
	"$NETSPLITCTL" --pin-root "$LAB_DIR/bpf/esp" rules show >"$T/esp-rules" &&
		grep -q "^# version $version," "$T/esp-rules" &&
		diff -q <(grep -v '^#' "$T/host-rules") <(grep -v '^#' "$T/esp-rules") >/dev/null
}

# restart_with_state HOW: the co-processor stopped, its state file made
# HOW (a shell line, $STATE its path), started again.
restart_with_state() {
	stop_daemon "$LAB_COPROC"
	STATE=$LAB_DIR/esp.state eval "$1"
	start_coproc
	wait_for 60 test -S "$LAB_DIR/esp.sock"
}

@test "the state file truncated, corrupted or a directory: named at startup, ignored, the network waited for; nothing crashes" {
	local how t0 before
	for how in 'truncate -s 60 "$STATE"' \
		'head -c 400 /dev/urandom >"$STATE"' \
		'rm -f "$STATE" && mkdir "$STATE"'; do
		before=$(logged "$LAB_DIR/$LAB_COPROC.log" "ignoring state file $LAB_DIR/esp.state: ")
		t0=$(now_ms)
		restart_with_state "$how"
		wait_for 30 logged_more "$LAB_DIR/$LAB_COPROC.log" "ignoring state file $LAB_DIR/esp.state: " "$before" ||
			fail "$how: the state file was not named"
		wait_for 60 converged || fail "$how: no convergence"
		figure "state-$(echo "$how" | cut -d' ' -f1)" "converge_ms=$(($(now_ms) - t0))"
		running "$(coproc_pid)"
		rm -rf "$LAB_DIR/esp.state"
	done
	grep "ignoring state file" "$LAB_DIR/$LAB_COPROC.log" | tail -n 3 >&3
}

@test "the state file on a full filesystem: the failed save is named, the daemon runs on, and the next start waits for the network" {
	local t0
	mkdir -p "$T/full"
	mount -t tmpfs -o size=64k tmpfs "$T/full"
	dd if=/dev/zero of="$T/full/filler" bs=4k count=64 2>/dev/null || true
	sed "s|^state_file = .*|state_file = $T/full/esp.state|" "$LAB_DIR/esp.conf" >"$T/esp.conf"
	stop_daemon "$LAB_COPROC"
	t0=$(now_ms)
	start_coproc "$T/esp.conf"
	wait_for 60 converged || { umount "$T/full"; fail "no convergence"; }
	figure state-full "converge_ms=$(($(now_ms) - t0))"
	wait_for 30 grep -q "cannot write $T/full/esp.state: No space left on device" "$LAB_DIR/$LAB_COPROC.log" ||
		{ umount "$T/full"; fail "the failed save was not named"; }
	running "$(coproc_pid)"
	[ ! -e "$T/full/esp.state.tmp" ] || { umount "$T/full"; fail "a partial file was left"; }
	stop_daemon "$LAB_COPROC"
	umount "$T/full"
	start_coproc
}

@test "1,000 address events on the host interface in a second: netsplitd converges after the storm and does not spin" {
	local i t0 ticks before after idle hz
	hz=$(getconf CLK_TCK)
	for i in $(seq 500); do
		echo "address add 10.77.$((i / 250)).$((i % 250 + 1))/32 dev ethsta0"
		echo "address del 10.77.$((i / 250)).$((i % 250 + 1))/32 dev ethsta0"
	done >"$T/storm"
	before=$(cpu_ticks_of "$(hostd_pid)")
	t0=$(now_ms)
	ns host ip -batch "$T/storm"
	wait_for 60 converged || fail "no convergence after the storm"
	after=$(cpu_ticks_of "$(hostd_pid)")
	figure address-storm "converge_ms=$(($(now_ms) - t0)) cpu_ms=$(((after - before) * 1000 / hz))"
	run ns host ip -4 -o addr show dev ethsta0
	assert_output --partial "inet $LAB_SHARED4/24"
	refute_output --partial "10.77."
	# Spinning is a whole CPU; over 2 s quiet it has well under half of one.
	before=$(cpu_ticks_of "$(hostd_pid)")
	sleep 2
	idle=$(($(cpu_ticks_of "$(hostd_pid)") - before))
	[ "$idle" -lt "$hz" ] || fail "netsplitd used $idle ticks of 2 s after the storm"
}

# answered_all WATCH: every question statuswatch asked was answered.
answered_all() {
	[ -s "$1" ] && ! grep -qv " answered " "$1"
}

# syns_sent FLOOD: how many SYNs synflood says it sent.
syns_sent() {
	sed -n 's/^synflood: \([0-9]*\) SYNs.*/\1/p' "$1"
}

@test "a wake-frame flood, 10 s of SYNs: status answers throughout, queue and ring overflow are counted, the log is not flooded, nothing blocks" {
	local lines syns lat
	host_sleeps
	# The host sleeps: netsplitd is frozen, the co-processor holds what wakes.
	kill -STOP "$(hostd_pid)"
	lines=$(wc -l <"$LAB_DIR/$LAB_COPROC.log")
	"$STATUSWATCH" "unix:$LAB_DIR/esp.sock" 100 10 >"$T/watch-asleep" &
	local watch=$!
	ns router "$SYNFLOOD" "$LAB_SHARED4" 22 10 >"$T/flood-asleep"
	wait "$watch"
	answered_all "$T/watch-asleep" ||
		fail "the co-processor did not answer every status: $(grep -v ' answered ' "$T/watch-asleep" | head -n 3)"
	syns=$(syns_sent "$T/flood-asleep")
	[ "$(coproc_count wake_dropped)" -gt 0 ] || fail "no wake queue overflow counted after $syns SYNs"
	[ -n "$(coproc_count ring_full)" ] || fail "no ring overflow count in the status"
	lat=$(lab_percentiles "$T/watch-asleep")
	figure wake-flood-asleep "syns=$syns status_p50_ms=${lat% *} status_p99_ms=${lat#* } wake_dropped=$(coproc_count wake_dropped) ring_full=$(coproc_count ring_full)"
	# Its first waking frame, and then drops by powers of two.
	[ $(($(wc -l <"$LAB_DIR/$LAB_COPROC.log") - lines)) -lt 100 ] ||
		fail "the flood wrote $(($(wc -l <"$LAB_DIR/$LAB_COPROC.log") - lines)) log lines"
	kill -CONT "$(hostd_pid)"
	wait_for 60 converged || fail "the host did not wake and converge after the flood"
	# Awake, both daemons answer through a second flood.
	"$STATUSWATCH" "unix:$LAB_DIR/esp.sock" 100 10 >"$T/watch-esp" &
	local w1=$!
	"$STATUSWATCH" "unix:$LAB_DIR/hostd.sock" 100 10 >"$T/watch-hostd" &
	local w2=$!
	ns router "$SYNFLOOD" "$LAB_SHARED4" 22 10 >"$T/flood-awake"
	wait "$w1" "$w2"
	answered_all "$T/watch-esp" || fail "the co-processor did not answer every status while awake"
	answered_all "$T/watch-hostd" || fail "netsplitd did not answer every status"
	figure wake-flood-awake "syns=$(syns_sent "$T/flood-awake") coproc_p99_ms=$(lab_percentiles "$T/watch-esp" | cut -d' ' -f2) netsplitd_p99_ms=$(lab_percentiles "$T/watch-hostd" | cut -d' ' -f2)"
	wait_for 60 converged
}
