# SPDX-License-Identifier: GPL-2.0-only
# Shared by the benchmarks in the lab (wake.sh, lab.sh), sourced with
# `here` (their folder) and `default_runs` set: their arguments, BUILD_DIR
# [RUNS]; a lab of their own (LAB_COPROC picks the co-processor, cpd or fw),
# up for the run and down at exit; polling that gives up loudly; medians.
# A bench that timed out has measured nothing, so it prints no figure:
# until_ok fails, and under set -e with inherit_errexit so does the script.
set -euo pipefail
shopt -s inherit_errexit

build=$(realpath "${1:?usage: $0 BUILD_DIR [RUNS]}")
runs=${2:-$default_runs}
bench_name=$(basename "$0" .sh)
export LAB_PREFIX="nsb$bench_name$$-" LAB_DIR=/run/netsplit-bench-$bench_name$$
export LAB_COPROC=${LAB_COPROC:-cpd}
lab=$here/../tests/lab/lab
# The programs of the build given, whatever the environment says.
export LAB_BUILD=$build NETSPLIT_CPD=$build/netsplit-cpd \
	NETSPLIT_FW=$build/netsplit-fw NETSPLITD=$build/netsplitd \
	NETSPLITCTL=$build/netsplitctl
. "$here/../tests/lab/lib.sh"

bench_lab_down() {
	"$lab" down >/dev/null
}
trap bench_lab_down EXIT

# until_ok SECONDS COMMAND...: polls COMMAND back to back (the figures are
# the time to a state, so no sleep between polls).
until_ok() {
	local seconds=$1 end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "bench: $(basename "$0"): timed out after $seconds s: $*" >&2
			return 1
		fi
	done
}

# status esp|hostd: a daemon's status.
status() {
	"$NETSPLITCTL" status --socket "unix:$LAB_DIR/$1.sock"
}

# The co-processor has the host in STATE.
host_is() {
	status esp | grep -q "^host state   $1"
}

now_ns() {
	date +%s%N
}

# since_ns T0: tenths of a millisecond since T0 (now_ns).
since_ns() {
	echo $((($(now_ns) - $1) / 100000))
}

# The median of tenths of a millisecond, one per line, in ms ("12.3").
median_ms() {
	sort -n | awk '{ v[NR] = $1 }
		END { if (!NR) exit 1; m = v[int((NR + 1) / 2)]; printf "%d.%d", m / 10, m % 10 }'
}
