#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What the VM's test scripts share (sourced from /test): the lab's
# addresses, one line per check, waiting for a state, the namespaces
# router (the rest of the network) and esp (the co-processor) with the
# uplink between them, dnsmasq in router, and the host's view of them.
MAC=02:6e:73:00:00:10
SHARED=192.168.50.10
ROUTER=192.168.50.1
CONF=/test/example.conf
BPF=/run/bpf
failed=0
step=0

pass() { step=$((step + 1)); echo "ok $step - $*"; }
fail() { step=$((step + 1)); failed=$((failed + 1)); echo "not ok $step - $*"; }
# check WHAT CMD...: one step, passed when CMD succeeds; returns as CMD.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; return 1; fi
}
# wait_until SECS CMD...: polls CMD every 0.2 s.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge "$end" ] && return 1
		sleep 0.2
	done
}
stat_of() { ethtool -S ethsta0 | awk -v k="$1:" '$1 == k { print $2 }'; }
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
show_logs() {
	local log
	for log in /tmp/*.log; do
		echo "--- $log"
		tail -n 20 "$log"
	done
}
now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }
fw_status() { netsplitctl status --json --socket unix:/run/fw.sock; }
# router_to_host TEXT: TEXT from the router to port 50000 of the host,
# which writes what it got to /tmp/got. The listener takes a moment to
# start here: the client retries; a listener nobody reached, or whose
# connection never ended, would hold the VM until qemu's timeout.
router_to_host() {
	local listener
	timeout 60 nc -l -p 50000 >/tmp/got &
	listener=$!
	wait_until 20 ip netns exec router bash -c "echo $1 | nc -w 5 $SHARED 50000" ||
		kill $listener
	wait $listener
}
fw_status_is() { fw_status | grep -q "\"host_state\":\"$1\""; }
export -f fw_status
# The host's echo requests received, by the column's name.
in_echos() {
	awk '$1 == "Icmp:" && !c { for (i = 2; i <= NF; i++) if ($i == "InEchos") c = i; next }
		$1 == "Icmp:" { print $c; exit }' /proc/net/snmp
}
# The uplink: router's rtr0 and esp's wlan0, with the shared MAC.
make_uplink() {
	ip link add rtr0 netns router type veth peer name wlan0 netns esp
	ip -n esp link set wlan0 address $MAC up
	ip -n router addr add $ROUTER/24 dev rtr0
	ip -n router link set rtr0 up
	# XDP redirects into a veth need GRO on its peer; no checksum offload.
	ip netns exec router ethtool -K rtr0 gro on tx off >/dev/null
}
make_namespaces() {
	ip netns add router
	ip netns add esp
	ip -n router link set lo up
	ip -n esp link set lo up
	make_uplink
}
# A DHCP server in router that leases $SHARED to the shared MAC; its pid
# in $dnsmasq.
start_dnsmasq() {
	echo "root:x:0:0:root:/:/bin/sh" >/etc/passwd
	ip netns exec router dnsmasq --keep-in-foreground --conf-file=/dev/null \
		--no-resolv --no-hosts --user=root --interface=rtr0 --bind-interfaces \
		--dhcp-range=192.168.50.100,192.168.50.199,255.255.255.0,1h \
		--dhcp-host=$MAC,$SHARED --dhcp-option=option:router,$ROUTER \
		--dhcp-option=option:dns-server,$ROUTER --dhcp-leasefile=/tmp/leases \
		--pid-file= --log-dhcp --log-facility=- >/tmp/dnsmasq.log 2>&1 &
	dnsmasq=$!
}
has_address() { ip -4 addr show dev ethsta0 | grep -q "inet $SHARED/24"; }
no_kernel_warning() { ! dmesg | grep -E "WARNING|BUG|Oops|leak|refcount"; }
host_status() { netsplitctl status --socket unix:/run/netsplitd.sock; }
host_sees_coprocessor_silent() { host_status | grep -q "co-processor down (no answer"; }
host_sees_coprocessor_up() { host_status | grep -q "co-processor up"; }
# The host asleep (netsplitd's sleep): the firmware answers the router's
# ping, and the host's stack sees none of it; awake again after.
check_ping_while_asleep() {
	local echos0
	netsplitctl sleep --socket unix:/run/netsplitd.sock
	wait_until 10 fw_status_is sleeping
	echos0=$(in_echos)
	check "while the host sleeps, the firmware answers the router's ping" \
		ip netns exec router ping -c 2 -W 5 $SHARED
	check "the host's stack saw none of those echo requests" \
		test "$(in_echos)" = "$echos0"
	netsplitctl wake --socket unix:/run/netsplitd.sock
	wait_until 10 fw_status_is awake
}
# check_frozen_coprocessor PID: the co-processor's program frozen while the
# link stays: netsplitd's heartbeats go unanswered; it says so, keeps the
# address, and takes it back when the program goes on.
check_frozen_coprocessor() {
	kill -STOP "$1"
	check "netsplitd reports the frozen co-processor down" \
		wait_until 30 host_sees_coprocessor_silent
	check "and keeps the address" has_address
	check "its log says why" grep -q "the co-processor is down: no answer for" /tmp/netsplitd.log
	kill -CONT "$1"
	check "it answers again: up, hello and the table again" \
		wait_until 30 bash -c 'host_sees_coprocessor_up &&
			grep -q "the co-processor answers again" /tmp/netsplitd.log' ||
		{ host_status; tail -n 20 /tmp/netsplitd.log /tmp/fw.log; }
}
export -f host_status host_sees_coprocessor_up
# usb_dev VID:PID: the USB device the host sees with those IDs (sysfs).
usb_dev() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat "$d/idVendor" 2>/dev/null):$(cat "$d/idProduct" 2>/dev/null)" = "$1" ] &&
			echo "$d" && return 0
	done
	return 1
}
# start_netsplitd BUS: once lwIP has its lease, netsplitd on ethsta0, its
# control stream the driver's (/dev/espctl0); its pid in $hostd. Checks
# that it restores the address over BUS.
start_netsplitd() {
	check "lwIP leased $SHARED from dnsmasq" \
		wait_until 60 bash -c "fw_status | grep -q '\"address\":\"$SHARED/24\"'" ||
		show_logs
	sed '/^control *=/d' $CONF >/tmp/no-control.conf
	netsplitd -f -c /tmp/no-control.conf --interface ethsta0 \
		--pin-root $BPF/host --socket unix:/run/netsplitd.sock \
		--resolv-conf /tmp/host-resolv.conf >/tmp/netsplitd.log 2>&1 &
	hostd=$!
	check "netsplitd restores $SHARED over $1" wait_until 60 has_address
}
link_is() { ethtool ethsta0 2>/dev/null | grep -q "Link detected: $1"; }
# check_echo_lengths HOW: with an echoing co-processor on the bus, ethsta0
# from its init event (over HOW), up, carrier, then control payloads of
# every length through /dev/espctl0 and Ethernet frames of every length
# through ethsta0, there and back intact.
check_echo_lengths() {
	check "ethsta0 appears from the init event $1" \
		wait_until 20 test -e /sys/class/net/ethsta0
	sysctl -qw net.ipv6.conf.ethsta0.disable_ipv6=1
	ip link set ethsta0 up
	check "carrier from the link-up event" wait_until 10 link_is yes
	check "bus payloads of 1 to 1,536 bytes through /dev/espctl0 and back ($1)" \
		spitool ctrl-lengths
	check "Ethernet frames of 14 to 1,514 bytes through ethsta0 and back ($1)" \
		spitool ether-lengths ethsta0
}
