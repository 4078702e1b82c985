#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Wake latency by each path, in the lab (tests/lab/lab): from mosquitto_pub
# of a wakeup-host message to the co-processor seeing the host awake, with
# the host woken only by inspecting its own MQTT stream (dpi), then only by
# the co-processor's own subscription; medians of RUNS each.
#   wake.sh BUILD_DIR [RUNS]
#   bench: wake dpi_ms=X subscription_ms=Y
set -euo pipefail

build=$(realpath "$1")
runs=${2:-11}
here=$(dirname "$(realpath "$0")")
lab=$here/../tests/lab/lab
export LAB_PREFIX="nswake$$-" LAB_DIR=/run/netsplit-bench-wake$$ LAB_BUILD=$build
export NETSPLITCTL=$build/netsplitctl
. "$here/../tests/lab/lib.sh"

cleanup() {
	"$lab" down >/dev/null
}
trap cleanup EXIT

status() {
	"$NETSPLITCTL" status --socket "unix:$LAB_DIR/$1.sock"
}

# until_ok SECONDS COMMAND...: polls COMMAND back to back.
until_ok() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt "$end" ] || { echo "bench: wake: timed out: $*" >&2; return 1; }
	done
}

host_is() {
	status cpd | grep -q "^host state   $1"
}

paths_are() {
	status hostd | grep -q "in agreement" &&
		status hostd | grep -q "^subscription $1"
}

now_ns() {
	date +%s%N
}

# One path's median, in ms with one decimal.
measure() {
	local i t0 t1 times=()
	for i in $(seq "$runs"); do
		"$NETSPLITCTL" sleep --socket "unix:$LAB_DIR/hostd.sock" >/dev/null
		until_ok 5 host_is sleeping
		t0=$(now_ns)
		lab_ns router mosquitto_pub -h "$LAB_ROUTER4" -t lab/host -m "wakeup-host $i"
		until_ok 5 host_is awake
		t1=$(now_ns)
		times+=($(((t1 - t0) / 100000)))
	done
	printf '%s\n' "${times[@]}" | sort -n |
		awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; printf "%d.%d", m / 10, m % 10 }'
}

"$lab" up >/dev/null
# The host's own MQTT connection, which stream inspection watches.
lab_ns host mosquitto_sub -h "$LAB_ROUTER4" -t lab/host </dev/null >/dev/null 2>&1 &
until lab_ns router ss -Htn state established 'sport = :1883' | grep -q "$LAB_SHARED4"; do
	sleep 0.1
done
lab_wake_paths dpi "$LAB_DIR/bench-wake.conf"
until_ok 5 paths_are none
dpi=$(measure)
lab_wake_paths subscription "$LAB_DIR/bench-wake.conf"
until_ok 10 paths_are connected
sub=$(measure)
echo "bench: wake dpi_ms=$dpi subscription_ms=$sub"
