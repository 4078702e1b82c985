#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# How soon the lab converges, medians of RUNS each (the tests assert that
# it does, and why; these are the figures):
#   close_down_ms      netsplitd killed -> the co-processor has the host
#                      down (its control connection closed)
#   heartbeat_down_ms  netsplitd stopped (SIGSTOP) -> down for missed
#                      heartbeats (the limit is 3 x 1 s)
#   rule_sync_ms       a table loaded into the host's pinned maps -> the
#                      co-processor has it (netsplitd polls its maps)
#   reapply_ms         the host's address deleted -> netsplitd put it back
# LAB_COPROC picks the co-processor: netsplit-cpd (cpd, the default) or
# netsplit-fw.
#   lab.sh BUILD_DIR [RUNS]
#   bench: lab coproc=cpd|fw close_down_ms=A heartbeat_down_ms=B rule_sync_ms=C reapply_ms=D
# A run that times out, or a lab that does not come up, prints no figure
# and exits 1.
here=$(dirname "$(realpath "$0")")
default_runs=5
. "$here/lib.sh"

hostd_pid() {
	cat "$LAB_DIR/hostd.pid"
}

# netsplitd back (lab up starts it again), and awake.
hostd_back() {
	"$lab" up >/dev/null
	until_ok 30 host_is awake
}

# down_after SIGNAL PID: netsplitd (PID) sent SIGNAL, until the
# co-processor has the host down.
down_after() {
	local t0
	t0=$(now_ns)
	kill "-$1" "$2"
	until_ok 30 host_is down
	since_ns "$t0"
}

gone() {
	! lab_alive "$1"
}

close_down() {
	local pid
	pid=$(hostd_pid)
	down_after KILL "$pid"
	until_ok 10 gone "$pid"
	hostd_back >&2
}

heartbeat_down() {
	local pid
	pid=$(hostd_pid)
	down_after STOP "$pid"
	kill -CONT "$pid"
	until_ok 30 host_is awake
}

# The co-processor has the table of digest $1.
esp_digest_is() {
	status esp | grep -q "^rules .* digest $1"
}

# Each run loads the other of two tables (host_tcp moves by one port).
rule_sync() {
	local i t0 digest
	for i in $(seq "$runs"); do
		printf '[ports]\nhost_tcp = %d-61439\n' $((49152 + i % 2)) >"$LAB_DIR/bench-rules.conf"
		t0=$(now_ns)
		"$NETSPLITCTL" --pin-root "$LAB_DIR/bpf/host" rules load \
			"$LAB_DIR/bench-rules.conf" >/dev/null
		digest=$("$NETSPLITCTL" --pin-root "$LAB_DIR/bpf/host" rules show |
			sed -n 's/^# .*digest \([0-9a-f]*\).*/\1/p')
		until_ok 30 esp_digest_is "$digest"
		since_ns "$t0"
	done
}

host_has_address() {
	lab_ns host ip -4 -o addr show dev ethsta0 | grep -q "inet $LAB_SHARED4/"
}

reapply() {
	local t0
	t0=$(now_ns)
	lab_ns host ip addr del "$LAB_SHARED4/24" dev ethsta0
	until_ok 30 host_has_address
	since_ns "$t0"
}

# repeat FUNCTION: its figures over RUNS runs.
repeat() {
	local i
	for i in $(seq "$runs"); do
		"$1"
	done
}

"$lab" up >/dev/null
close=$(repeat close_down | median_ms)
heartbeat=$(repeat heartbeat_down | median_ms)
sync=$(rule_sync | median_ms)
reapplied=$(repeat reapply | median_ms)
echo "bench: lab coproc=$LAB_COPROC close_down_ms=$close heartbeat_down_ms=$heartbeat rule_sync_ms=$sync reapply_ms=$reapplied"
