#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The USB transport, run inside the VM by tests/vm/run (make check, part
# vm-usb). One VM holds both sides of a real USB link: dummy_hcd is the
# host controller and, as dummy_udc.0, the device controller of a configfs
# gadget whose function is FunctionFS (usb-gadget, the script a Linux
# board uses too); on it runs usbtool echo (raw bus checks) or netsplit-fw
# --bus usb-ffs:, both with the portable USB device end. ethsta_usb binds
# only the IDs it is given: the test gives it the gadget's through new_id.
# High speed first (raw checks), then full speed, as an ESP32-S3 runs:
# raw checks, then the daemons, a frozen co-processor, 20 replugs under
# traffic, a suspend, netsplit-cpd on the same gadget, and rmmod. Prints
# one line per check; exits 1 if any failed.
set -u

. /test/lib.sh

FFS=/run/ffs
ID=1d6b:0104
FW_BUS=usb-ffs:$FFS
DRIVER=/sys/bus/usb/drivers/ethsta-usb
gadget() { /test/usb-gadget "$@"; }
stop() {
	kill -TERM "$@" 2>/dev/null
	wait "$@" 2>/dev/null
}
speed_is() { [ "$(cat "$(usb_dev $ID)/speed" 2>/dev/null)" = "$1" ]; }
# Objects in use: the shrink first hands each CPU's slab back to the node,
# whose free objects slabinfo then counts as free (a CPU's slab counts as
# all in use, up to 16 objects of 2 KiB per CPU of noise).
slab_objects() {
	echo 1 >/sys/kernel/slab/$1/shrink
	awk -v n="$1" '$1 == n { print $2 }' /proc/slabinfo
}

mkdir -p $BPF && mount -t bpf bpf $BPF

load_stacks() {
	local m
	for m in usb-common usbcore udc-core dummy_hcd configfs libcomposite usb_f_fs; do
		insmod /mod/$m.ko || return 1
	done
}
check "usb-common usbcore udc-core dummy_hcd configfs libcomposite usb_f_fs load in that order" \
	load_stacks
mount -t configfs none /sys/kernel/config
check "ethsta.ko (no virtual bus) and ethsta_usb.ko on it load" \
	bash -c 'insmod /mod/ethsta.ko vbus=0 && insmod /mod/ethsta_usb.ko'
check "ethsta_usb claims no device of its own; the test's ID goes through new_id" \
	bash -c "echo '${ID%:*} ${ID#*:} ff' >$DRIVER/new_id"
check "the gadget in configfs, its FunctionFS at $FFS (usb-gadget create)" \
	gadget create $FFS $ID

# raw_checks NAME MBPS: usbtool echo on the gadget, bound at that speed.
raw_checks() {
	local echo
	usbtool echo $FFS 2>>/tmp/echo.log &
	echo=$!
	check "bound to dummy_udc.0 once the descriptors are written: $1 speed ($2 Mb/s)" \
		bash -c "/test/usb-gadget bind $FFS dummy_udc.0" &&
		wait_until 10 speed_is "$2"
	check_echo_lengths "over USB at $1 speed"
	stop $echo
	check "the co-processor's program gone (its gadget unbound): no carrier" \
		wait_until 10 link_is no
}
raw_checks high 480
check "dummy_hcd again at full speed" \
	bash -c 'rmmod dummy_hcd && insmod /mod/dummy_hcd.ko is_high_speed=0'
raw_checks full 12
check "ethsta0 is still the first instance (ethsta0, /dev/espctl0): nothing else made" \
	test ! -e /sys/class/net/ethsta1 -a ! -e /dev/espctl1

make_namespaces
start_dnsmasq
start_fw() {
	ip netns exec esp netsplit-fw -f -c $CONF --uplink wlan0 --bus $FW_BUS \
		--listen unix:/run/fw.sock --state /tmp/fw.state >>/tmp/fw.log 2>&1 &
	fw=$!
	gadget bind $FFS dummy_udc.0
}
start_fw
check "netsplit-fw's init event over USB brings the carrier back" \
	wait_until 60 link_is yes
start_netsplitd USB
check "the firmware has the host awake" wait_until 30 fw_status_is awake
router_to_host hello-over-usb
check "TCP from the router to a host port: firmware -> USB -> ethsta0" \
	grep -qx hello-over-usb /tmp/got || show_logs
check_ping_while_asleep
# The FunctionFS end frozen on an open link: nothing is taken off the bulk
# OUT endpoint any more.
check_frozen_coprocessor $fw

# Unplugged and plugged again 20 times while the router floods the shared
# address (through the firmware, USB and ethsta0 to the host's stack).
pending() { [ "$(stat_of bus_rx_pending)" = "$1" ] && [ "$(stat_of bus_tx_pending)" = "$2" ]; }
kmalloc0=$(slab_objects kmalloc-2k)
skbuff0=$(slab_objects skbuff_head_cache)
restarts0=$(stat_of cp_restarts)
ip netns exec router ping -f -W 1 $SHARED >/dev/null 2>&1 &
flood=$!
replug() {
	local i
	for ((i = 1; i <= 20; i++)); do
		gadget unbind
		wait_until 10 link_is no || { echo "replug $i: the carrier stayed up"; return 1; }
		gadget bind $FFS dummy_udc.0
		wait_until 30 link_is yes || { echo "replug $i: no carrier again"; return 1; }
	done
}
check "20 unplugs (UDC unbound) under traffic take the carrier down, each replug brings it back" replug
stop $flood
check "every replug was an init event (cp_restarts $restarts0 -> $(stat_of cp_restarts))" \
	test "$(stat_of cp_restarts)" -ge $((restarts0 + 20))
check "the carrier is up and the address restored" \
	wait_until 10 link_is yes && wait_until 30 has_address
check "netsplitd and the firmware agree again" \
	wait_until 60 fw_status_is awake && wait_until 60 host_sees_coprocessor_up
check "traffic over: 8 receive URBs posted, no frame in flight" wait_until 10 pending 8 0 ||
	ethtool -S ethsta0 | grep pending
gadget unbind
check "unplugged: no URB at all (bus_rx_pending, bus_tx_pending 0)" wait_until 10 pending 0 0
# Every receive buffer is a kmalloc-2k object, 8 a plug: a leak of them
# stands out. An skb head freed may wait in a CPU's NAPI cache, up to
# NAPI_SKB_CACHE_SIZE (64) a CPU, in use for the slab whoever freed it:
# that much of skbuff_head_cache is noise, not growth.
skb_noise=$((64 * $(grep -c ^processor /proc/cpuinfo)))
check "no slab growth over 20 replugs (kmalloc-2k $kmalloc0 -> $(slab_objects kmalloc-2k), skbuff_head_cache $skbuff0 -> $(slab_objects skbuff_head_cache), of which up to $skb_noise NAPI-cached)" \
	test $(($(slab_objects kmalloc-2k) - kmalloc0)) -lt 20 -a \
	$(($(slab_objects skbuff_head_cache) - skbuff0)) -lt $((20 + skb_noise))
gadget bind $FFS dummy_udc.0
# Replugged, the firmware has the host down until netsplitd is back.
wait_until 30 link_is yes && wait_until 60 fw_status_is awake
router_to_host hello-after-replug
check "the router reaches the host port after the replugs" grep -qx hello-after-replug /tmp/got

# Suspend through the USB core's hooks: the power-save frame goes out
# before the receive URBs stop; after resume they are posted again.
ps0=$(stat_of tx_bus_ps_start)
echo devices >/sys/power/pm_test
check "suspend to idle and resume (/sys/power/pm_test = devices)" \
	bash -c 'echo freeze >/sys/power/state'
echo none >/sys/power/pm_test
check "the power-save frame went out before the suspend" \
	test "$(stat_of tx_bus_ps_start)" = $((ps0 + 1))
check "after resume: 8 receive URBs posted again, the firmware has the host awake" \
	wait_until 10 pending 8 0 && wait_until 30 fw_status_is awake
router_to_host hello-after-resume
check "the router reaches the host port after the resume" grep -qx hello-after-resume /tmp/got

# netsplit-cpd, the Linux board's other program, on the same gadget.
stop $fw
check "netsplit-fw gone (its gadget unbound): no carrier" wait_until 10 link_is no
ip netns exec esp netsplit-cpd -f -c $CONF --uplink wlan0 --host-link esp-host \
	--bus $FW_BUS --pin-root $BPF/esp --listen unix:/run/cpd.sock \
	--state-file /tmp/network.state --dns /tmp/esp-resolv.conf >/tmp/cpd.log 2>&1 &
cpd=$!
gadget bind $FFS dummy_udc.0
check "netsplit-cpd --bus usb-ffs: its init event brings the carrier back" \
	wait_until 60 link_is yes
check "and netsplitd's control stream reaches it over USB: co-processor up" \
	wait_until 60 host_sees_coprocessor_up || { host_status; tail -n 20 /tmp/cpd.log; }

# rmmod with the device there: netsplitd (it holds /dev/espctl0) first.
stop $hostd
check "rmmod ethsta_usb with the device plugged in" rmmod ethsta_usb
check "ethsta0 and /dev/espctl0 are gone" \
	test ! -e /sys/class/net/ethsta0 -a ! -e /dev/espctl0
stop $cpd $dnsmasq
check "the gadget comes down (usb-gadget remove)" gadget remove $FFS
check "rmmod ethsta" rmmod ethsta
check "the kernel log has no warning, bug or leak" no_kernel_warning
[ $failed = 0 ] || { show_logs; dmesg | tail -n 40; }

echo "$step checks, $failed failed"
[ $failed = 0 ]
