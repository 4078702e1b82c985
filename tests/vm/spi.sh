#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The SPI transport, run inside the VM by tests/vm/run (make check, part
# vm-spi). ethsta_spi drives the test-only controller of spi_sim.ko through
# the kernel's SPI and GPIO APIs; the simulated ESP32 on its other end is
# spitool (raw bus checks) or netsplit-fw --bus spi-sim:/dev/spisim0 in
# namespace esp, both with the portable SPI slave end. Prints one line per
# check; exits 1 if any failed.
set -u

. /test/lib.sh

SIM=/dev/spisim0
FW_BUS=spi-sim:$SIM
sim_stat() { awk -v k="$1" '$1 == k { print $2 }' /sys/kernel/debug/spi_sim/stats; }
spi_dev() { echo /sys/bus/spi/drivers/ethsta-spi/spi*; }
start_fw() {
	ip netns exec esp netsplit-fw -f -c $CONF --uplink wlan0 --bus $FW_BUS \
		--listen unix:/run/fw.sock --state /tmp/fw.state >>/tmp/fw.log 2>&1 &
	fw=$!
}
stop() {
	kill -TERM "$@" 2>/dev/null
	wait "$@" 2>/dev/null
}

mkdir -p $BPF && mount -t bpf bpf $BPF

check "ethsta.ko loads without its virtual bus (vbus=0)" insmod /mod/ethsta.ko vbus=0
check "no /dev/espbus0 then" test ! -e /dev/espbus0
check "ethsta_spi.ko loads on ethsta.ko" insmod /mod/ethsta_spi.ko
check "the test controller loads (spi_sim.ko)" insmod /test/spi_sim.ko
check "ethsta-spi bound to the device the test controller registered" \
	wait_until 10 test -e "$(spi_dev)"
check "the reset line was pulsed at probe" test "$(sim_stat resets)" = 1
check "/dev/espctl0 exists, no ethsta0 before an init event" \
	test -c /dev/espctl0 -a ! -e /sys/class/net/ethsta0

spitool echo $SIM 2>/tmp/echo.log &
echo=$!
check_echo_lengths "over SPI"
stop $echo
check "the raw checks took no transfer with nothing posted" \
	test "$(sim_stat violations)" = 0

make_namespaces
start_dnsmasq
start_fw
check "ethsta0 takes the firmware's MAC from its init event" \
	wait_until 60 grep -qx $MAC /sys/class/net/ethsta0/address
start_netsplitd SPI
clocks_at() { [ "$(sim_stat speed_hz)" = "$1" ]; }
# After the init event, at the next transfers.
check "the driver clocks at the firmware's 26 MHz, under the board's 40 MHz, in mode 3" \
	wait_until 20 clocks_at 26000000 && test "$(sim_stat mode)" = 3 ||
	{ cat /sys/kernel/debug/spi_sim/stats; dmesg | grep -i spi; }
check "the firmware has the host awake" wait_until 30 fw_status_is awake
router_to_host hello-over-spi
check "TCP from the router to a host port: firmware -> SPI -> ethsta0" \
	grep -qx hello-over-spi /tmp/got ||
	{ netsplitctl stats --socket unix:/run/fw.sock | awk '$2 > 0'; netstat -tn; cat /proc/net/snmp | grep Tcp; ip netns exec router netstat -tn; show_logs; }
check_ping_while_asleep
check_frozen_coprocessor $fw

# The co-processor restarts in the middle of traffic: a new init event;
# the driver purges, drops and raises the carrier, and carries on.
restarts0=$(stat_of cp_restarts)
restarted() { [ "$(stat_of cp_restarts)" -gt "$restarts0" ]; }
ip netns exec router ping -f -c 100000 -W 1 $SHARED >/dev/null 2>&1 &
flood=$!
kill -KILL $fw
wait $fw 2>/dev/null
start_fw
check "a co-processor restart mid-traffic is another init event (cp_restarts was $restarts0)" \
	wait_until 60 restarted
kill $flood 2>/dev/null
wait $flood 2>/dev/null
check "netsplitd and the firmware agree again, no module reload" \
	wait_until 60 fw_status_is awake && wait_until 60 host_sees_coprocessor_up
check "the address stayed" has_address
router_to_host hello-after-restart
check "the router reaches the host port again" grep -qx hello-after-restart /tmp/got

# The driver bound again (not reloaded): its probe pulses the reset line,
# and the firmware restarts (exec, the same pid) as an ESP32 would.
spi=$(spi_dev)
resets0=$(sim_stat resets)
index=$(cat /sys/class/net/ethsta0/ifindex)
echo "${spi##*/}" >/sys/bus/spi/drivers/ethsta-spi/unbind
echo "${spi##*/}" >/sys/bus/spi/drivers/ethsta-spi/bind
check "a new probe pulses the reset line" test "$(sim_stat resets)" = $((resets0 + 1))
check "netsplit-fw restarts on it" \
	wait_until 30 grep -q "the host pulsed the reset line: restarting" /tmp/fw.log
check "netsplitd follows the new ethsta0 and restores the address" \
	wait_until 60 grep -q "ethsta0 is back" /tmp/netsplitd.log && wait_until 60 has_address &&
	test "$(cat /sys/class/net/ethsta0/ifindex)" != "$index"
check "and the restarted firmware has the host awake" wait_until 60 fw_status_is awake

# Suspend: the power-save frame goes out, data-ready is a wake source,
# and a frame the co-processor posted for waking comes after resume.
wake0=$(stat_of rx_bus_wakeup)
ps0=$(stat_of tx_bus_ps_start)
suspends0=$(sim_stat suspends)
echo 1 >/sys/kernel/debug/spi_sim/offer_wake
echo devices >/sys/power/pm_test
check "suspend to idle and resume (/sys/power/pm_test = devices)" \
	bash -c 'echo freeze >/sys/power/state'
check "the controller suspended after ethsta-spi, with data-ready wake-armed then" \
	test "$(sim_stat suspends)" = $((suspends0 + 1)) -a "$(sim_stat wake_armed_at_suspend)" = 1
dr_irq=$(awk '/ethsta-spi data-ready/ { sub(":", "", $1); print $1 }' /proc/interrupts)
check "and disarmed after resume (/sys/kernel/irq/$dr_irq/wakeup)" \
	grep -qx disabled /sys/kernel/irq/$dr_irq/wakeup
check "the power-save frame went out before the freeze" \
	test "$(stat_of tx_bus_ps_start)" = $((ps0 + 1))
wake_frames_above() { [ "$(stat_of rx_bus_wakeup)" -gt "$1" ]; }
check "the wake-flagged frame posted during the suspend arrived after resume" \
	wait_until 20 wake_frames_above $wake0
# Data-ready rising while the devices are suspended: a wake event.
wake_events() { awk -v n="${1##*/}" '$1 == n { print $3 }' /sys/kernel/debug/wakeup_sources; }
events0=$(wake_events "$(spi_dev)")
wake0=$(stat_of rx_bus_wakeup)
echo 2 >/sys/kernel/debug/spi_sim/offer_wake
check "a frame for the host during the suspend aborts it, as a wake event" \
	bash -c '! echo freeze >/sys/power/state 2>/dev/null'
echo none >/sys/power/pm_test
check "ethsta-spi's wakeup source counted it ($events0 -> $(wake_events "$(spi_dev)"))" \
	test "$(wake_events "$(spi_dev)")" -gt "$events0"
check "and that frame arrived too" wait_until 20 wake_frames_above $wake0

# rmmod under traffic: netsplitd killed (it holds /dev/espctl0), a flood
# from the host through SPI to the firmware.
kill -KILL $hostd
wait $hostd 2>/dev/null
tx0=$(cat /sys/class/net/ethsta0/statistics/tx_packets)
bustool flood ethsta0 &
flooder=$!
flowing() { [ "$(cat /sys/class/net/ethsta0/statistics/tx_packets)" -gt $((tx0 + 1000)) ]; }
wait_until 60 flowing
check "rmmod ethsta_spi while a sender floods ethsta0" wait_until 10 rmmod ethsta_spi
kill $flooder
wait $flooder 2>/dev/null
check "ethsta0 and /dev/espctl0 are gone" \
	test ! -e /sys/class/net/ethsta0 -a ! -e /dev/espctl0
stop $fw $dnsmasq
check "no transfer clocked with nothing posted, all of 1,600 bytes ($(sim_stat transfers) transfers)" \
	test "$(sim_stat violations)" = 0 -a "$(sim_stat bad_size)" = 0
check "rmmod spi_sim and ethsta" bash -c 'rmmod spi_sim && rmmod ethsta'
check "the kernel log has no warning, bug or leak" no_kernel_warning
[ $failed = 0 ] || show_logs

echo "$step checks, $failed failed"
[ $failed = 0 ]
