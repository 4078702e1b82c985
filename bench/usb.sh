#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make vm-bench, inside the VM (tests/vm/run): the USB transport on
# dummy_hcd, its gadget's FunctionFS end a counting sink (usbtool sink).
# At full speed (as an ESP32-S3) and at high speed, alternated runs of
# BENCH_USB_FRAMES network frames of 1,000 bytes host -> co-processor:
# through ethsta0 (a packet socket on it, spitool send), and through a
# user-space usbfs pump on the same gadget with the interface unbound from
# ethsta_usb (usbtool pump: asynchronous URBs, as many in flight as the
# driver keeps), the floor for this emulated bus. The sink times each run.
# One line per speed, medians of BENCH_RUNS runs of each:
#   bench: usb speed=full|high ethsta_pps=X usbfs_pps=Y
# and exits 1 when X < 0.8 Y at either speed.
set -eo pipefail
shopt -s inherit_errexit

. /test/vm.sh
. /test/lib.sh

frames=${BENCH_USB_FRAMES:-2000}
runs=${BENCH_RUNS:-5}
FFS=/run/ffs
ID=1d6b:0104
DRIVER=/sys/bus/usb/drivers/ethsta-usb
gadget() { /test/usb-gadget "$@"; }
wait_for() {
	local what=$1 end=$((SECONDS + 60))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || {
			echo "bench: usb: $what did not happen; sink: $(paste -sd ' ' /tmp/sink.out)" >&2
			ethtool -S ethsta0 | awk '$2 != 0' >&2
			ip -s link show ethsta0 >&2
			return 1
		}
		sleep 0.05
	done
}
carrier() { [ "$(cat /sys/class/net/ethsta0/carrier 2>/dev/null)" = 1 ]; }
reports() { wc -l </tmp/sink.out; }
reported() { [ "$(reports)" -ge "$1" ]; }
last_pps() { tail -n 1 /tmp/sink.out | sed 's/^pps=//'; }
# The interface ethsta_usb has.
interface() {
	local d
	d=$(usb_dev $ID) && echo "${d##*/}:1.0"
}

for m in usb-common usbcore udc-core; do insmod /mod/$m.ko; done
insmod /mod/configfs.ko
mount -t configfs none /sys/kernel/config
insmod /mod/ethsta.ko vbus=0
insmod /mod/ethsta_usb.ko
echo "${ID%:*} ${ID#*:} ff" >$DRIVER/new_id

# bench_speed NAME HIGH: dummy_hcd at that speed, the sink, the runs.
bench_speed() {
	local name=$1 sink i n intf ethsta=() usbfs=()
	insmod /mod/dummy_hcd.ko is_high_speed="$2"
	[ -e /sys/module/libcomposite ] || { insmod /mod/libcomposite.ko && insmod /mod/usb_f_fs.ko; }
	gadget create $FFS $ID
	: >/tmp/sink.out
	usbtool sink $FFS "$frames" >/tmp/sink.out &
	sink=$!
	gadget bind $FFS dummy_udc.0
	wait_for "ethsta0 from the sink's init event" test -e /sys/class/net/ethsta0
	sysctl -qw net.ipv6.conf.ethsta0.disable_ipv6=1
	ip link set ethsta0 up
	wait_for "the carrier" carrier
	for ((i = 0; i < runs; i++)); do
		n=$(reports)
		spitool send ethsta0 "$frames"
		wait_for "the sink's count of ethsta0's frames" reported $((n + 1))
		ethsta+=("$(last_pps)")
		intf=$(interface)
		echo "$intf" >$DRIVER/unbind
		usbtool pump $ID "$frames"
		wait_for "the sink's count of the pump's frames" reported $((n + 2))
		usbfs+=("$(last_pps)")
		echo "$intf" >$DRIVER/bind
		wait_for "the carrier after binding ethsta_usb again" carrier
	done
	kill $sink
	wait $sink 2>/dev/null || true
	gadget remove $FFS
	rmmod dummy_hcd
	x=$(printf '%s\n' "${ethsta[@]}" | median)
	y=$(printf '%s\n' "${usbfs[@]}" | median)
	echo "bench: usb speed=$name ethsta_pps=$x usbfs_pps=$y"
	echo "bench: usb speed=$name runs: ethsta ${ethsta[*]}; usbfs ${usbfs[*]}"
	awk -v x="$x" -v y="$y" 'BEGIN { exit !(x >= 0.8 * y) }' ||
		{ echo "bench: usb speed=$name missed: ethsta_pps < 0.8 usbfs_pps" >&2; missed=1; }
}

missed=0
bench_speed full 0
bench_speed high 1
exit $missed
