#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# How long a well-behaved client's status takes from each daemon's socket,
# in the lab (tests/lab/lab): quiet, then while 8 clients write garbage at
# it as fast as they can (tests/tools/badpeer); a question every 100 ms for
# SECONDS each, a new connection each time as netsplitctl makes. The
# median and the 99th percentile, in ms. LAB_COPROC picks the co-processor.
#   control.sh BUILD_DIR [SECONDS]
#   bench: control coproc=cpd|fw daemon=hostd|esp quiet_p50_ms=A quiet_p99_ms=B garbage_p50_ms=C garbage_p99_ms=D
# A question that is not answered makes no figure: the script fails.
here=$(dirname "$(realpath "$0")")
default_runs=5
. "$here/lib.sh"

statuswatch=$build/tests/statuswatch
badpeer=$build/tests/badpeer

# latencies DAEMON SECONDS: "P50 P99" of its answers; fails on a miss.
latencies() {
	local out=$LAB_DIR/bench-control.out
	"$statuswatch" "unix:$LAB_DIR/$1.sock" 100 "$2" >"$out"
	if grep -qv " answered " "$out"; then
		echo "bench: control: $1 did not answer: $(grep -v " answered " "$out" | head -n 1)" >&2
		return 1
	fi
	lab_percentiles "$out"
}

"$lab" up >/dev/null
for daemon in hostd esp; do
	read -r quiet50 quiet99 < <(latencies "$daemon" "$runs")
	"$badpeer" garbage "unix:$LAB_DIR/$daemon.sock" 8 $((runs + 1)) >/dev/null &
	garbage=$!
	read -r busy50 busy99 < <(latencies "$daemon" "$runs")
	wait "$garbage"
	echo "bench: control coproc=$LAB_COPROC daemon=$daemon quiet_p50_ms=$quiet50 quiet_p99_ms=$quiet99 garbage_p50_ms=$busy50 garbage_p99_ms=$busy99"
done
