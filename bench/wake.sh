#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Wake latency by each path, in the lab (tests/lab/lab): from mosquitto_pub
# of a wakeup-host message to the co-processor seeing the host awake, with
# the host woken only by inspecting its own MQTT stream (dpi), then only by
# the co-processor's own subscription; medians of RUNS each. LAB_COPROC
# picks the co-processor: netsplit-cpd (cpd, the default) or netsplit-fw.
#   wake.sh BUILD_DIR [RUNS]
#   bench: wake coproc=cpd|fw dpi_ms=X subscription_ms=Y
# A run that times out, or a lab that does not come up, prints no figure
# and exits 1.
here=$(dirname "$(realpath "$0")")
default_runs=11
. "$here/lib.sh"

paths_are() {
	status hostd | grep -q "in agreement" &&
		status hostd | grep -q "^subscription $1"
}

# One path's median over RUNS wakes.
measure_wakes() {
	local i t0
	for i in $(seq "$1"); do
		"$NETSPLITCTL" sleep --socket "unix:$LAB_DIR/hostd.sock" >/dev/null
		until_ok 10 host_is sleeping
		t0=$(now_ns)
		lab_ns router mosquitto_pub -h "$LAB_ROUTER4" -t lab/host -m "wakeup-host $i"
		until_ok 10 host_is awake
		since_ns "$t0"
	done | median_ms
}

"$lab" up >/dev/null
# The host's own MQTT connection, which stream inspection watches.
lab_ns host stdbuf -oL mosquitto_sub -d -h "$LAB_ROUTER4" -t lab/host \
	</dev/null >"$LAB_DIR/bench-sub.out" 2>&1 3>&- &
until_ok 10 grep -q "received SUBACK" "$LAB_DIR/bench-sub.out"
lab_wake_paths dpi "$LAB_DIR/bench-wake.conf"
until_ok 10 paths_are none
dpi=$(measure_wakes "$runs")
lab_wake_paths subscription "$LAB_DIR/bench-wake.conf"
until_ok 40 paths_are connected
sub=$(measure_wakes "$runs")
echo "bench: wake coproc=$LAB_COPROC dpi_ms=$dpi subscription_ms=$sub"
