#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make vm-bench, inside the VM (tests/vm/run): the SPI transport on the
# test-only controller (spi_sim.ko), the simulated ESP32 spitool with the
# portable SPI slave end. BENCH_FRAMES (20,000) frames of 1,000 bytes host
# -> co-processor, then the other way, then both at once; the controller
# counts transfers, empty ones (no frame either way), frames each way and
# violations (a transfer clocked with nothing posted). Then frames per
# second through SPI over those through the virtual bus, in alternated
# duplex runs of BENCH_RATE_FRAMES each way, the median ratio of BENCH_RUNS.
# One line:
#   bench: spi frames=N transfers=T empty=E violations=V one_way_fpt=A
#          duplex_fpt=B vbus_ratio=R
# and exits 1 when a target is missed: A >= 0.95, B >= 1.6, E <= 1 % of T,
# V = 0.
set -eo pipefail
shopt -s inherit_errexit

. /test/vm.sh

frames=${BENCH_FRAMES:-20000}
rate_frames=${BENCH_RATE_FRAMES:-5000}
runs=${BENCH_RUNS:-5}
SIM=/dev/spisim0
stats=/sys/kernel/debug/spi_sim/stats

# The virtual bus is instance 0 (ethsta0, /dev/espctl0), SPI instance 1.
insmod /mod/ethsta.ko
insmod /mod/ethsta_spi.ko
insmod /test/spi_sim.ko

sim_stat() { awk -v k="$1" '$1 == k { print $2 }' $stats; }
events_of() { ethtool -S "$1" 2>/dev/null | awk '$1 == "rx_bus_events:" { print $2 }'; }
now_us() { echo "${EPOCHREALTIME/./}"; }
# wait_events IF N: until IF counted N bus events (init and link-up).
wait_events() {
	local end=$((SECONDS + 20))
	until [ "$(events_of "$1")" -ge "$2" ] 2>/dev/null; do
		[ $SECONDS -lt $end ] || { echo "bench: spi: $1 did not come up" >&2; return 1; }
		sleep 0.05
	done
}
prepare() {
	sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1"
	ip link set "$1" up
}

# exchange KIND SEND RECEIVE: the slave sends SEND frames, the host RECEIVE
# frames to it; back when both are through.
exchange() {
	local kind=$1 send=$2 receive=$3 ifname=ethsta1 dev=$SIM slave events
	if [ "$kind" = vbus ]; then ifname=ethsta0 dev=/dev/espbus0; fi
	events=$(events_of $ifname || echo 0)
	spitool "$kind" "$dev" "$send" "$receive" &
	slave=$!
	wait_events $ifname $((${events:-0} + 2))
	[ "$(cat /sys/class/net/$ifname/operstate)" = up ] || prepare $ifname
	[ "$receive" = 0 ] || spitool send $ifname "$receive"
	wait $slave
}

# Both netdevs made and up before anything is measured.
exchange slave 0 0
exchange vbus 0 0

declare -A t0 t1
snapshot() {
	local -n into=$1
	local k
	for k in transfers empty frames_to_host frames_to_slave violations; do
		into[$k]=$(sim_stat $k)
	done
}
delta() { echo $((t1[$1] - t0[$1])); }

snapshot t0
exchange slave 0 "$frames"
exchange slave "$frames" 0
snapshot t1
one_way_frames=$(($(delta frames_to_host) + $(delta frames_to_slave)))
one_way_transfers=$(delta transfers)
total_transfers=$one_way_transfers
total_empty=$(delta empty)
total_violations=$(delta violations)
total_frames=$one_way_frames

snapshot t0
exchange slave "$frames" "$frames"
snapshot t1
duplex_frames=$(($(delta frames_to_host) + $(delta frames_to_slave)))
duplex_transfers=$(delta transfers)
total_transfers=$((total_transfers + duplex_transfers))
total_empty=$((total_empty + $(delta empty)))
total_violations=$((total_violations + $(delta violations)))
total_frames=$((total_frames + duplex_frames))

ratios=()
for ((i = 0; i < runs; i++)); do
	start=$(now_us)
	exchange slave "$rate_frames" "$rate_frames"
	spi_us=$(($(now_us) - start))
	start=$(now_us)
	exchange vbus "$rate_frames" "$rate_frames"
	vbus_us=$(($(now_us) - start))
	# Same frames both times: the ratio of rates is that of times.
	ratios+=("$(awk -v s=$spi_us -v v=$vbus_us 'BEGIN { printf "%.3f", v / s }')")
done
ratio=$(printf '%s\n' "${ratios[@]}" | median)

read -r a b <<<"$(awk -v of=$one_way_frames -v ot=$one_way_transfers \
	-v df=$duplex_frames -v dt=$duplex_transfers \
	'BEGIN { printf "%.3f %.3f", of / ot, df / dt }')"
echo "bench: spi frames=$total_frames transfers=$total_transfers empty=$total_empty violations=$total_violations one_way_fpt=$a duplex_fpt=$b vbus_ratio=$ratio"
echo "bench: spi vbus ratios of the $runs runs: ${ratios[*]}"

missed=$(awk -v a=$a -v b=$b -v e=$total_empty -v t=$total_transfers -v v=$total_violations 'BEGIN {
	if (a < 0.95) printf " one_way_fpt<0.95"
	if (b < 1.6) printf " duplex_fpt<1.6"
	if (e > t / 100) printf " empty>1%%"
	if (v != 0) printf " violations>0"
}')
[ -z "$missed" ] || { echo "bench: spi missed:$missed" >&2; exit 1; }
