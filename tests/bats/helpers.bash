# SPDX-License-Identifier: GPL-2.0-only
# Shared by the BATS suites: the binaries under test and namespace plumbing.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

NETSPLITCTL=${NETSPLITCTL:-$BATS_TEST_DIRNAME/../../build/san/netsplitctl}
NETSPLIT_BPF_OBJ=${NETSPLIT_BPF_OBJ:-$BATS_TEST_DIRNAME/../../build/netsplit.bpf.o}
SAMPLE=$BATS_TEST_DIRNAME/../data/sample.pcap
COMPLETION=$BATS_TEST_DIRNAME/../../userspace/netsplitctl/completion.bash

# Names carry the PID so parallel or leftover runs never collide.
LAB_PREFIX=${LAB_PREFIX:-nstest$$-}
. "$BATS_TEST_DIRNAME/../lab/lib.sh"

require_root() {
	[ "$(id -u)" -eq 0 ] || fail "needs root (namespaces and BPF): run sudo make check"
}

ns() {
	lab_ns "$@"
}

# The host's IPv6 default route is netsplitd's, via $1.
host_route6_via() {
	ns host ip -6 route show default |
		grep -q "^default via $1 dev ethsta0 proto static metric 100"
}

# The lab's namespaces and links, with the shared address set by hand.
make_lab_links() {
	lab_links
	ns esp ip addr add "$LAB_SHARED4/24" dev wlan0
}

make_pin_root() {
	PIN_ROOT=$(mktemp -d "${BATS_RUN_TMPDIR:-/tmp}/pins.XXXXXX")
	lab_mount_bpffs "$PIN_ROOT"
	export NETSPLIT_PIN_ROOT=$PIN_ROOT
}

# iproute2 pins the object's maps in xdp/globals of the first bpffs
# mounted, where netsplitctl and netsplitd look too; its libbpf cannot
# reuse a pinned devmap, so each load starts without them.
iproute2_root() {
	echo "$(awk '$3 == "bpf" { print $2; exit }' /proc/mounts)/xdp/globals"
}

iproute2_unpin() {
	rm -f "$(iproute2_root)"/ns_*
}

cleanup_lab() {
	lab_remove_namespaces
	if [ -n "${PIN_ROOT:-}" ]; then
		lab_umount_bpffs "$PIN_ROOT"
	fi
}

# Packets counted for REASON in the maps pinned under PIN_ROOT.
packets() {
	NETSPLIT_PIN_ROOT=$1 "$NETSPLITCTL" stats --json |
		sed -n "s/.*\"$2\":{\"packets\":\([0-9]*\).*/\1/p"
}

NETSPLIT_CPD=${NETSPLIT_CPD:-$BATS_TEST_DIRNAME/../../build/san/netsplit-cpd}
NETSPLITD=${NETSPLITD:-$BATS_TEST_DIRNAME/../../build/san/netsplitd}
NSPROBE=${NSPROBE:-$BATS_TEST_DIRNAME/../../build/tests/nsprobe}
STATUSWATCH=${STATUSWATCH:-$BATS_TEST_DIRNAME/../../build/tests/statuswatch}

# Milliseconds of a monotonic clock. The wall clock will not do: this VM
# is sometimes paused, and the wall clock then jumps ahead on resume while
# the daemons' (monotonic) clocks do not.
now_ms() {
	local up
	read -r up _ </proc/uptime
	echo $((10#${up/./} * 10))
}

# wait_for SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds;
# fails when it has not within SECONDS.
wait_for() {
	local deadline
	deadline=$(($(now_ms) + $(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# Starts a daemon in a namespace; its pid goes to $LAB_DIR/NAME.pid and its
# console log to $LAB_DIR/NAME.log (appended, so restarts stay readable).
start_daemon() {
	local name=$1 where=$2
	shift 2
	ip netns exec "$LAB_PREFIX$where" "$@" >>"$LAB_DIR/$name.log" 2>&1 3>&- &
	echo $! >"$LAB_DIR/$name.pid"
}

running() {
	lab_alive "$1"
}

stopped() {
	! lab_alive "$1"
}

# The daemons' views, through the sockets the suites give them in LAB_DIR.
cpd_status() {
	"$NETSPLITCTL" status --json --socket "unix:$LAB_DIR/esp.sock"
}

# coproc_count FIELD: a count of the co-processor's status (JSON), such
# as wake_dropped or ring_full.
coproc_count() {
	cpd_status | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}

host_status() {
	"$NETSPLITCTL" status --socket "unix:$LAB_DIR/hostd.sock"
}

host_state_is() {
	cpd_status | grep -q "\"host_state\":\"$1\""
}

in_agreement() {
	host_status | grep -q "connected    yes" &&
		host_status | grep -q "in agreement"
}

port_range_is() {
	[ "$(ns host cat /proc/sys/net/ipv4/ip_local_port_range)" = "$(printf '%s\t%s' "$1" "$2")" ]
}

# The lab's co-processor daemon (tests/lab/lab), as the lab starts it;
# with CONF, from that config file.
start_coproc() {
	local conf=${1:-$LAB_DIR/esp.conf}
	if [ "$LAB_COPROC" = fw ]; then
		start_daemon fw esp "$NETSPLIT_FW" -f -c "$conf" \
			--console "unix:$LAB_DIR/fw-console.sock"
	else
		start_daemon cpd esp "$NETSPLIT_CPD" -f -c "$conf"
	fi
}

host_sleeps() {
	"$NETSPLITCTL" sleep --socket "unix:$LAB_DIR/hostd.sock"
	wait_for 10 host_state_is sleeping
}

host_wakes() {
	"$NETSPLITCTL" wake --socket "unix:$LAB_DIR/hostd.sock"
	wait_for 10 host_state_is awake
}

# Stops it with SIGTERM (SIGKILL 10 s later) and returns once it is gone.
stop_daemon() {
	local pid
	pid=$(cat "$LAB_DIR/$1.pid" 2>/dev/null) || return 0
	lab_stop "$pid" || return
	rm -f "$LAB_DIR/$1.pid"
}

# Kills it with SIGKILL and returns once it is gone (its sockets closed).
kill_daemon() {
	local pid
	pid=$(cat "$LAB_DIR/$1.pid")
	kill -KILL "$pid"
	wait_for 10 stopped "$pid"
}

# Where a daemon is stuck, for a failed test's report.
describe_daemon() {
	local pid
	pid=$(cat "$LAB_DIR/$1.pid")
	{
		echo "--- $1 (pid $pid): $(awk '{ print $3 }' "/proc/$pid/stat") in $(cat "/proc/$pid/wchan")"
		cat "/proc/$pid/stack"
		grep ctxt "/proc/$pid/status"
		"$NETSPLITCTL" status --socket "unix:$LAB_DIR/esp.sock"
	} >&2 2>&1
}

# logged FILE TEXT: how many lines of FILE have TEXT.
logged() {
	grep -cF "$2" "$1" || true
}

# logged_more FILE TEXT BEFORE: more than BEFORE lines of FILE have TEXT.
logged_more() {
	[ "$(logged "$1" "$2")" -gt "$3" ]
}

# How a co-processor logs the host's going down, by each cause.
CLOSED_DOWN="host awake -> down (its control connection closed without a goodbye)"
LOST_DOWN="host awake -> down (no heartbeat for too long)"

# heartbeats_lost_after LOG: the silence a co-processor measured the last
# time it had the host down for missed heartbeats, and its limit, in ms:
# "SILENCE LIMIT".
heartbeats_lost_after() {
	sed -n 's/.*no heartbeat for \([0-9]*\) ms (limit \([0-9]*\) ms.*/\1 \2/p' "$1" |
		tail -n 1
}

# After a failed test, the daemons' last words help more than anything.
show_logs_on_failure() {
	local log
	[ -n "${BATS_TEST_COMPLETED:-}" ] && return 0
	for log in "$LAB_DIR"/*.log; do
		[ -e "$log" ] || continue
		echo "--- last lines of $log" >&2
		tail -n 40 "$log" >&2
	done
}
