#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The driver test, run inside the VM by tests/vm/run (make check). The VM's
# own namespace is the host, with ethsta0; namespace esp is the co-processor
# (netsplit-cpd on /dev/espbus0, its uplink wlan0; after a reload of the
# module, the firmware, netsplit-fw, there); namespace router is the rest of
# the network. Prints one line per check; exits 1 if any failed.
set -u

. /test/lib.sh

mkdir -p $BPF && mount -t bpf bpf $BPF

check "ethsta.ko loads on Debian's kernel" insmod /mod/ethsta.ko
check "/dev/espbus0 and /dev/espctl0 exist" test -c /dev/espbus0 -a -c /dev/espctl0

# open_refused DEV: opened by nobody (no capabilities), DEV says EPERM.
open_refused() {
	setpriv --reuid 65534 --regid 65534 --clear-groups bash -c "exec 3<>$1" 2>&1 |
		grep -q "Operation not permitted"
}
# udev gives group netsplit rw; the streams still need CAP_NET_ADMIN.
chmod 0666 /dev/espbus0 /dev/espctl0
check "without CAP_NET_ADMIN, /dev/espbus0 does not open, whatever its mode" \
	open_refused /dev/espbus0
check "nor does /dev/espctl0" open_refused /dev/espctl0
chmod 0600 /dev/espbus0 /dev/espctl0
check "no ethsta0 before the co-processor announces itself" \
	test ! -e /sys/class/net/ethsta0

make_namespaces
ip -n esp addr add $SHARED/24 dev wlan0
ip -n esp route add default via $ROUTER
echo "nameserver $ROUTER" >/tmp/esp-resolv.conf

# Leaks first, while nothing else uses the bus; a short run makes the
# netdev and warms the caches.
busrelay --frames 1000 --bus-only >/dev/null
check "an init event on the bus makes ethsta0" test -e /sys/class/net/ethsta0
echo 3 >/proc/sys/vm/drop_caches
slab0=$(meminfo SUnreclaim)
used0=$(($(meminfo MemTotal) - $(meminfo MemAvailable)))
rx0=$(stat_of rx_bus_network)
tx0=$(stat_of tx_bus_network)
stops0=$(stat_of tx_queue_stops)
busrelay --frames 500000 --bus-only --late-reader 300
# Counted by the driver (the packet socket may drop some of what it got);
# the stack's own IPv6 chatter on ethsta0 may add a few frames out.
rx1=$(stat_of rx_bus_network)
tx1=$(stat_of tx_bus_network)
check "1,000,000 frames went through the bus (in $rx0 -> $rx1, out $tx0 -> $tx1)" \
	test $((rx1 - rx0)) = 500000 -a $((tx1 - tx0)) -ge 500000
echo 3 >/proc/sys/vm/drop_caches
slab1=$(meminfo SUnreclaim)
used1=$(($(meminfo MemTotal) - $(meminfo MemAvailable)))
check "the queue stopped when the reader lagged, and woke: all went through (tx_queue_stops $stops0 -> $(stat_of tx_queue_stops))" \
	test "$(stat_of tx_queue_stops)" -gt "$stops0"
check "MTU 1518 is taken, 1519 refused" \
	bash -c 'ip link set ethsta0 mtu 1518 && ! ip link set ethsta0 mtu 1519 2>/dev/null && ip link set ethsta0 mtu 1500'
# A leak of 32 bytes a frame would be 32 MB; the rest is noise.
check "no leak: unreclaimable slab $slab0 -> $slab1 kB, memory in use $used0 -> $used1 kB" \
	test $((slab1 - slab0)) -lt 2048 -a $((used1 - used0)) -lt 16384

ip netns exec esp netsplit-cpd -f -c $CONF --uplink wlan0 \
	--host-link esp-host --bus /dev/espbus0 --pin-root $BPF/esp \
	--listen unix:/run/cpd.sock --state-file /tmp/network.state \
	--dns /tmp/esp-resolv.conf >/tmp/cpd.log 2>&1 &
cpd=$!

# busrelay announced another MAC: netsplit-cpd's init event changes it.
check "ethsta0 takes netsplit-cpd's MAC, the uplink's $MAC" \
	wait_until 60 grep -qx $MAC /sys/class/net/ethsta0/address
check "ethtool names the driver" bash -c 'ethtool -i ethsta0 | grep -qx "driver: ethsta"'
check "its uevent says DEVTYPE=ethsta, which the udev rule matches whatever its name" \
	grep -qx DEVTYPE=ethsta /sys/class/net/ethsta0/uevent

netsplitd -f -c $CONF --interface ethsta0 --ctrl /dev/espctl0 \
	--pin-root $BPF/host --socket unix:/run/netsplitd.sock \
	--resolv-conf /tmp/host-resolv.conf >/tmp/netsplitd.log 2>&1 &
hostd=$!

check "netsplitd restores $SHARED on ethsta0 over /dev/espctl0" \
	wait_until 60 bash -c "ip -4 addr show dev ethsta0 | grep -q 'inet $SHARED/24'"
check "carrier follows the co-processor's link-up event" wait_until 10 link_is yes
ip -n router link set rtr0 down
check "link down on the uplink: no carrier on ethsta0" wait_until 10 link_is no
ip -n router link set rtr0 up
check "link up again: carrier again" wait_until 10 link_is yes
check "the guard runs in native mode on ethsta0" \
	wait_until 90 bash -c 'ip link show dev ethsta0 | grep -q " xdp "' ||
	{ ip link show dev ethsta0; show_logs; }

rx0=$(stat_of rx_bus_network)
check "the host pings the router across the driver" ping -c 3 -W 5 $ROUTER

router_to_host hello-from-router
check "TCP from the router to host-range port 50000 arrives on the host" \
	grep -qx hello-from-router /tmp/got

ip netns exec router bash -c 'nc -l -p 7000 >/tmp/router-got' &
listener=$!
wait_until 20 bash -c "echo hello-from-host | nc -w 5 $ROUTER 7000" ||
	kill $listener
wait $listener
check "TCP from the host to the router, from the host's port range" \
	grep -qx hello-from-host /tmp/router-got
check "those frames crossed the bus (rx_bus_network $rx0 -> $(stat_of rx_bus_network))" \
	test "$(stat_of rx_bus_network)" -gt "$rx0"

# rtcwake -m freeze never wakes this TCG guest (it stayed frozen); the
# kernel's own suspend test runs the same suspend-to-idle path, notifiers,
# frozen tasks, suspended devices, and resumes by itself after 5 s.
echo devices >/sys/power/pm_test
frozen_from=${EPOCHREALTIME/./}
check "suspend to idle and resume (/sys/power/pm_test = devices)" \
	bash -c 'echo freeze >/sys/power/state'
frozen_ms=$(((${EPOCHREALTIME/./} - frozen_from) / 1000))
echo none >/sys/power/pm_test
check "the driver sent power-save start and stop" \
	test "$(stat_of tx_bus_ps_start)" = 1 -a "$(stat_of tx_bus_ps_stop)" = 1
check "netsplit-cpd marked the host sleeping, then awake" \
	wait_until 10 bash -c "grep -q 'awake -> sleeping (the host suspends' /tmp/cpd.log &&
		grep -q 'sleeping -> awake (the host resumed' /tmp/cpd.log"
# The test's delay is TCG's mdelay(5000): from well under a second to 5 s
# of the guest's clock. Past a heartbeat, netsplitd must have seen it.
if [ "$frozen_ms" -gt 600 ]; then
	check "netsplitd saw its own freeze of $frozen_ms ms" \
		wait_until 10 grep -q 'netsplitd did not run for' /tmp/netsplitd.log
fi
check "netsplitd counted the freeze as no silence of the co-processor's" \
	bash -c "! grep -q 'the co-processor is down' /tmp/netsplitd.log"
check "the address is still there after resume" \
	bash -c "ip -4 addr show dev ethsta0 | grep -q 'inet $SHARED/24'"

[ $failed = 0 ] || show_logs
# netsplitd dies without cleaning up: the guard stays on ethsta0 for rmmod.
kill -KILL $hostd
kill -TERM $cpd
wait $cpd $hostd 2>/dev/null

declare -A before
for r in short bad-offset bad-length too-long bad-type bad-flags bad-checksum bad-event; do
	before[$r]=$(stat_of rx_bus_$r)
done
rxnet=$(stat_of rx_bus_network)
bustool corrupt >/tmp/corrupt
check "every lying frame is refused (EBADMSG)" test $? = 0
while read -r _ reason count; do
	now=$(stat_of "rx_bus_$reason")
	check "rx_bus_$reason counts the $count $reason frames (${before[$reason]} -> $now)" \
		test "$now" = $((before[$reason] + count))
done </tmp/corrupt
check "only the good frame after them was taken off the bus" \
	test "$(stat_of rx_bus_network)" = $((rxnet + 1))

# iproute2's one-liner without a section puts on ethsta0 the program meant
# for it, the guard (its maps go to xdp/globals of the bpffs at $BPF), in
# place of netsplitd's (-force).
check "ip link set dev ethsta0 xdpdrv obj netsplit.bpf.o, no sec: the guard, natively" \
	bash -c "ip -force link set dev ethsta0 xdpdrv obj /test/netsplit.bpf.o &&
		ip -d link show ethsta0 | grep -q 'xdp .*name ns_guard'"
ip link set dev ethsta0 xdpdrv off
rm -rf $BPF/xdp

# Every XDP action on receive, and ndo_xdp_xmit, with a test program whose
# frames say what to do; it stays attached for rmmod.
ip link add xr0 type veth peer name xr1
ip link set xr0 up
ip link set xr1 up
ethtool -K xr1 gro on >/dev/null
ip -force link set dev ethsta0 xdpdrv obj /test/xdp_actions.bpf.o sec xdp
ip link set dev xr0 xdpdrv obj /test/xdp_actions.bpf.o sec xdp
declare -A xdp0
for c in xdp_tx xdp_redirect xdp_xmit; do xdp0[$c]=$(stat_of $c); done
peer0=$(cat /sys/class/net/xr1/statistics/rx_packets)
check "XDP_TX, redirect out and redirect in (ndo_xdp_xmit) on ethsta0" \
	bustool xdp xr0 xr1
for c in xdp_tx xdp_redirect xdp_xmit; do
	check "$c counted (${xdp0[$c]} -> $(stat_of $c))" test "$(stat_of $c)" -gt "${xdp0[$c]}"
done
check "the redirected frame came out of the veth's other end" \
	test "$(cat /sys/class/net/xr1/statistics/rx_packets)" -gt "$peer0"

bustool hold &
holder=$!
tx0=$(cat /sys/class/net/ethsta0/statistics/tx_packets)
bustool flood ethsta0 &
flooder=$!
# rmmod under a flood: only once frames flow.
flowing() { [ "$(cat /sys/class/net/ethsta0/statistics/tx_packets)" -gt $((tx0 + 1000)) ]; }
wait_until 60 flowing
sent=$(cat /sys/class/net/ethsta0/statistics/tx_packets)
kill $holder
wait $holder 2>/dev/null
check "rmmod while a sender floods ethsta0 ($sent frames sent), XDP still attached" \
	rmmod ethsta
kill $flooder
check "ethsta0 and the devices are gone" \
	test ! -e /sys/class/net/ethsta0 -a ! -e /dev/espbus0 -a ! -e /dev/espctl0

# The firmware on the bus: lwIP owns the shared address on wlan0, leased
# from a dnsmasq in router; the host restores it from the firmware.
check "ethsta.ko loads again" insmod /mod/ethsta.ko
# A new uplink: netsplit-cpd's splitter stays attached to the old one.
ip -n router link del rtr0
make_uplink
start_dnsmasq
ip netns exec esp netsplit-fw -f -c $CONF --uplink wlan0 --bus /dev/espbus0 \
	--listen unix:/run/fw.sock --state /tmp/fw.state >/tmp/fw.log 2>&1 &
fw=$!
check "ethsta0 comes up from the firmware's init event, with its MAC" \
	wait_until 60 grep -qx $MAC /sys/class/net/ethsta0/address
check "lwIP leased $SHARED from dnsmasq" \
	wait_until 60 bash -c "fw_status | grep -q '\"address\":\"$SHARED/24\"'" ||
	show_logs
rm -rf $BPF/host
# No control given: the default is the driver's /dev/espctl0, there now.
sed '/^control *=/d' $CONF >/tmp/no-control.conf
netsplitd -f -c /tmp/no-control.conf --interface ethsta0 \
	--pin-root $BPF/host --socket unix:/run/netsplitd.sock \
	--resolv-conf /tmp/host-resolv.conf >/tmp/netsplitd-fw.log 2>&1 &
hostd=$!
check "netsplitd restores the address lwIP leased, with no DHCP of its own" \
	wait_until 60 bash -c "ip -4 addr show dev ethsta0 | grep -q 'inet $SHARED/24'"
# dnsmasq logs the lease as it goes, maybe after lwIP has it.
check "dnsmasq leased to the firmware only" \
	wait_until 30 grep -q DHCPACK /tmp/dnsmasq.log
check "the firmware has the host awake" \
	wait_until 30 bash -c 'fw_status | grep -q "\"host_state\":\"awake\""'
router_to_host hello-through-the-firmware
check "TCP from the router to a host port: firmware -> bus -> ethsta0" \
	grep -qx hello-through-the-firmware /tmp/got ||
	{ netsplitctl stats --socket unix:/run/fw.sock | awk '$2 > 0'; ethtool -S ethsta0 | awk '$2 > 0'; ip addr; cat /tmp/got; }
check_ping_while_asleep
# A driver reload under a running netsplitd: ethsta0 goes and another
# comes; netsplitd puts the address and the guard on the new one.
kill -TERM $fw
wait $fw 2>/dev/null
index=$(cat /sys/class/net/ethsta0/ifindex)
# netsplitd's reconnect attempts hold the module for an instant at a time.
check "rmmod ethsta under a running netsplitd" wait_until 10 rmmod ethsta
check "netsplitd saw ethsta0 go" \
	wait_until 10 grep -q "ethsta0 (index $index) is gone" /tmp/netsplitd-fw.log
insmod /mod/ethsta.ko
ip netns exec esp netsplit-fw -f -c $CONF --uplink wlan0 --bus /dev/espbus0 \
	--listen unix:/run/fw.sock --state /tmp/fw.state >>/tmp/fw.log 2>&1 &
fw=$!
check "netsplitd follows the new ethsta0" \
	wait_until 60 grep -q "ethsta0 is back" /tmp/netsplitd-fw.log
check "and restores $SHARED on it, with the guard" \
	wait_until 60 bash -c "ip -4 addr show dev ethsta0 | grep -q 'inet $SHARED/24' &&
		ip -d link show ethsta0 | grep -q 'name ns_guard'" || show_logs
check "the firmware has the host awake again" wait_until 30 fw_status_is awake
# Why the host is down, not how soon (TCG on a busy machine): ethsta tells
# the firmware its control stream ended, before a heartbeat is missed.
closed_down='host awake -> down (its control connection closed without a goodbye)'
lost_down='host awake -> down (no heartbeat for too long)'
closed0=$(grep -cF "$closed_down" /tmp/fw.log)
lost0=$(grep -cF "$lost_down" /tmp/fw.log)
kill -KILL $hostd
start=$(now_ms)
wait_until 30 fw_status_is down
took=$(($(now_ms) - start))
check "netsplitd killed: the firmware has the host down ($took ms)" \
	fw_status_is down
check "because ethsta said its control stream ended, not for heartbeats" \
	test "$(grep -cF "$closed_down" /tmp/fw.log)" = $((closed0 + 1)) -a \
	"$(grep -cF "$lost_down" /tmp/fw.log)" = "$lost0"
[ $failed = 0 ] || show_logs
kill -TERM $fw $dnsmasq
wait $fw $dnsmasq 2>/dev/null
check "netsplit-fw stopped cleanly" bash -c "! grep -q 'assertion' /tmp/fw.log"
check "rmmod ethsta again" rmmod ethsta
# make bench's part in this VM, on a few frames: a renamed or broken script
# fails here, not in a figure.
check "bench/driver.sh on a few frames prints the verifier's and the relay's figures" \
	bash -c 'BENCH_FRAMES=2000 BENCH_RUNS=3 bash /test/driver.sh >/tmp/bench.out 2>&1 &&
		grep -Eq "^bench: verifier ns_splitter insns_debian_kernel=[0-9]+$" /tmp/bench.out &&
		grep -Eq "^bench: driver esp_pps=[0-9]+ tun_pps=[0-9]+ runs=3$" /tmp/bench.out' ||
	cat /tmp/bench.out
check "rmmod ethsta after the bench" rmmod ethsta
check "the kernel log has no warning, bug or leak" no_kernel_warning

echo "$step checks, $failed failed"
[ $failed = 0 ]
