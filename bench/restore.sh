#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Restore latency: netsplitd getting the network from netsplit-cpd, against
# udhcpc getting a lease from dnsmasq, over the same veth, medians of RUNS.
#   restore.sh BUILD_DIR [RUNS]
#   bench: restore netsplitd_ms=X dhcp_ms=Y
# A run that times out prints no figure and exits 1.
set -euo pipefail
shopt -s inherit_errexit

build=$(realpath "$1")
runs=${2:-21}
here=$(dirname "$(realpath "$0")")
dir=$(mktemp -d)
LAB_PREFIX="nsbench$$-"
. "$here/../tests/lab/lib.sh"

ns() {
	lab_ns "$@"
}

# until_ready SECONDS WHAT COMMAND...: polls COMMAND; fails saying WHAT.
until_ready() {
	local seconds=$1 what=$2 end=$((SECONDS + $1))
	shift 2
	until "$@" >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "bench: restore.sh: no $what within $seconds s" >&2
			return 1
		fi
		sleep 0.1
	done
}

cleanup() {
	lab_remove_namespaces
	lab_umount_bpffs "$dir/bpf"
	rm -rf "$dir"
}
trap cleanup EXIT

lab_links
ns esp ip addr add "$LAB_SHARED4/24" dev wlan0
ns esp ip route add default via 192.168.50.1
lab_mount_bpffs "$dir/bpf"
echo "nameserver 192.168.50.1" >"$dir/esp-resolv.conf"

# netsplitd from netsplit-cpd.
ip netns exec "${LAB_PREFIX}esp" "$build/netsplit-cpd" -f --pin-root "$dir/bpf/esp" \
	--listen "unix:$dir/cpd.sock" --state-file "$dir/cpd.state" \
	--dns "$dir/esp-resolv.conf" >"$dir/cpd.log" 2>&1 &
echo $! >"$dir/cpd.pid"
until_ready 60 "netsplit-cpd socket" test -S "$dir/cpd.sock"
netsplitd_ms=$(ns host "$build/bench-restore" ethsta0 192.168.50.10/24 \
	"$dir/resolv.conf" "$runs" -- "$build/netsplitd" -f --keep-on-exit \
	--control "unix:$dir/cpd.sock" --socket "unix:$dir/hostd.sock" \
	--resolv-conf "$dir/resolv.conf" --pin-root "$dir/bpf/host" 2>"$dir/netsplitd.runs")

# The same veth, now with dnsmasq on the co-processor's end.
lab_stop "$(cat "$dir/cpd.pid")"
rm "$dir/cpd.pid"
"$build/netsplitctl" detach --uplink wlan0 --host-link esp-host >/dev/null 2>&1 ||
	ns esp "$build/netsplitctl" detach --uplink wlan0 --host-link esp-host >/dev/null
ns host "$build/netsplitctl" detach --guard ethsta0 >/dev/null
ns esp ip addr add 192.168.60.1/24 dev esp-host
# No ping check before an offer: DHCP at its fastest.
ns esp dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-ping \
	--port=0 --interface=esp-host --bind-interfaces \
	--dhcp-range=192.168.60.50,192.168.60.50,255.255.255.0,1h \
	--dhcp-option=option:router,192.168.60.1 \
	--dhcp-option=option:dns-server,192.168.60.1 \
	--dhcp-leasefile="$dir/leases" --pid-file="$dir/dnsmasq.pid" \
	>"$dir/dnsmasq.log" 2>&1 &
until_ready 10 "dnsmasq on port 67" lab_listening esp udp 67
dhcp_ms=$(RESOLV_FILE="$dir/resolv.conf" ns host "$build/bench-restore" ethsta0 \
	192.168.60.50/24 "$dir/resolv.conf" "$runs" -- udhcpc -f -q -n \
	-i ethsta0 -s "$here/../tests/lab/udhcpc.script" 2>"$dir/dhcp.runs")

echo "bench: restore netsplitd_ms=$netsplitd_ms dhcp_ms=$dhcp_ms"
