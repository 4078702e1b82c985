# SPDX-License-Identifier: GPL-2.0-only
# The lab's plumbing, sourced by the lab script, the BATS suites and the
# benchmarks: three network namespaces joined by two veth pairs,
#
#   router:rtr0 <-> esp:wlan0          esp:esp-host <-> host:ethsta0
#
# named LAB_PREFIX + router|esp|host, so that test runs never collide with
# each other or with a lab left running by `make demo KEEP=1`.
#
# LAB_COPROC says what plays the co-processor in esp: cpd (netsplit-cpd,
# the default) or fw (netsplit-fw, the firmware over lwIP).

LAB_PREFIX=${LAB_PREFIX-}
LAB_COPROC=${LAB_COPROC:-cpd}
LAB_NAMESPACES="router esp host"
LAB_ROUTER4=192.168.50.1
LAB_ROUTER6=fd00:50::1
LAB_SHARED4=192.168.50.10
# Locally administered, so it can never be a real card's.
LAB_SHARED_MAC=02:6e:73:00:00:10
# lwIP's link-local address, from the MAC (EUI-64).
LAB_SHARED_LL=fe80::6e:73ff:fe00:10
if [ "$LAB_COPROC" = fw ]; then
	# lwIP's SLAAC address in the router's prefix.
	LAB_SHARED6=fd00:50::6e:73ff:fe00:10
else
	LAB_SHARED6=fd00:50::10
fi

lab_ns() {
	local name=$1
	shift
	ip netns exec "$LAB_PREFIX$name" "$@"
}

# Whether pid runs (a zombie whose parent has not reaped it does not).
lab_alive() {
	[ -e "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"
}

# lab_stop PID...: SIGTERM, and SIGKILL for what still runs 10 s later;
# returns once none of them runs, so that whatever takes a stopped
# process's place finds its port, socket and pid file free. Fails only when
# one outlives SIGKILL by 10 s.
lab_stop() {
	local pid left i
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null || true
	for i in $(seq 200); do
		left=
		for pid in "$@"; do
			lab_alive "$pid" && left="$left $pid"
		done
		[ -n "$left" ] || return 0
		[ "$i" -ne 100 ] || kill -KILL $left 2>/dev/null || true
		sleep 0.1
	done
	echo "lab: pid$left still runs after SIGKILL" >&2
	return 1
}

lab_ns_exists() {
	[ -e "/run/netns/$LAB_PREFIX$1" ]
}

# Creates the namespaces and links (nothing else: no addresses beyond the
# router's, no daemons). The router side has the addresses of a home router.
lab_links() {
	local n
	for n in $LAB_NAMESPACES; do
		ip netns add "$LAB_PREFIX$n" || return
		lab_ns "$n" ip link set lo up
	done
	ip link add rtr0 netns "${LAB_PREFIX}router" type veth \
		peer name wlan0 netns "${LAB_PREFIX}esp" || return
	ip link add esp-host netns "${LAB_PREFIX}esp" type veth \
		peer name ethsta0 netns "${LAB_PREFIX}host" || return
	lab_ns router ip addr add "$LAB_ROUTER4/24" dev rtr0
	lab_ns router ip addr add "$LAB_ROUTER6/64" dev rtr0 nodad
	lab_ns router ip link set rtr0 up
	lab_ns esp ip link set wlan0 up
	lab_ns esp ip link set esp-host up
	lab_ns host ip link set ethsta0 up
	# XDP redirects into a veth are dropped unless its peer has GRO on, and
	# frames forwarded by XDP must carry whole checksums (no tx offload).
	lab_ns router ethtool -K rtr0 gro on tx off >/dev/null
	lab_ns host ethtool -K ethsta0 tx off >/dev/null
}

# Stops every process in the namespaces (SIGTERM, then SIGKILL after 10 s)
# and deletes them once none is left: a namespace with a process in it
# would live on, and so would its links.
lab_remove_namespaces() {
	local n pids i
	for n in $LAB_NAMESPACES; do
		lab_ns_exists "$n" || continue
		for i in $(seq 200); do
			pids=$(ip netns pids "$LAB_PREFIX$n")
			[ -n "$pids" ] || break
			if [ "$i" -eq 1 ]; then
				kill -TERM $pids 2>/dev/null || true
			elif [ "$i" -ge 100 ]; then
				kill -KILL $pids 2>/dev/null || true
			fi
			sleep 0.1
		done
		[ -z "$pids" ] || echo "lab: $LAB_PREFIX$n: pid $pids outlived SIGKILL" >&2
		ip netns del "$LAB_PREFIX$n"
	done
}

# A BPF filesystem of the lab's own, mounted outside the namespaces: pins
# made inside one `ip netns exec` are there for the next (which remounts
# /sys, so /sys/fs/bpf will not do).
lab_mount_bpffs() {
	mkdir -p "$1"
	mountpoint -q "$1" || mount -t bpf bpf "$1"
}

lab_umount_bpffs() {
	if mountpoint -q "$1"; then
		umount "$1"
	fi
	rmdir "$1" 2>/dev/null || true
}

# lab_host_restored RESOLV_CONF: ethsta0 has all of the co-processor's
# network, as netsplitd puts it there one piece after the other: both
# addresses, both default routes, and the DNS server in RESOLV_CONF.
lab_host_restored() {
	local addrs
	addrs=$(lab_ns host ip -o addr show dev ethsta0) &&
		grep -q "inet $LAB_SHARED4/24" <<<"$addrs" &&
		grep -q "inet6 $LAB_SHARED6/64" <<<"$addrs" &&
		lab_ns host ip -4 route show default dev ethsta0 |
		grep -q "via $LAB_ROUTER4 " &&
		lab_ns host ip -6 route show default dev ethsta0 | grep -q via &&
		grep -q "^nameserver $LAB_ROUTER4" "$1"
}

# lab_listen DIR SIDE PROTO PORT [FAMILY]: a socat server in SIDE (esp or
# host) appending what it receives to DIR/SIDE-PROTO-PORT, its pid added
# to DIR/listeners; returns once it listens. When socat gives up (the port
# taken: a port of SIDE's ephemeral range may be one of its connections'),
# or is not listening after 30 s, it says why and what holds the port.
lab_listen() {
	local dir=$1 side=$2 proto=$3 port=$4 family=${5:-4} spec i pid
	case $proto in
	tcp) spec="TCP$family-LISTEN:$port,reuseaddr,fork" ;;
	udp) spec="UDP$family-RECV:$port" ;;
	*) return 1 ;;
	esac
	: >"$dir/$side-$proto-$port"
	ip netns exec "$LAB_PREFIX$side" socat -u "$spec" \
		"OPEN:$dir/$side-$proto-$port,append" </dev/null >/dev/null \
		2>"$dir/$side-$proto-$port.err" 3>&- &
	pid=$!
	echo "$pid" >>"$dir/listeners"
	for i in $(seq 300); do
		lab_listening "$side" "$proto" "$port" && return 0
		lab_alive "$pid" || break
		sleep 0.1
	done
	echo "lab: no socat listening on $side $proto/$port: $(cat "$dir/$side-$proto-$port.err")" >&2
	lab_ns "$side" ss -Ha"${proto:0:1}"np "sport = :$port" >&2
	return 1
}

lab_listening() {
	lab_ns "$1" ss -Hl"${2:0:1}"n "sport = :$3" | grep -q .
}

lab_stop_listeners() {
	[ -e "$1/listeners" ] || return 0
	lab_stop $(cat "$1/listeners")
	rm -f "$1/listeners"
}

# lab_send PROTO ADDRESS PORT TEXT: TEXT from the router; an IPv6 ADDRESS
# goes in brackets.
lab_send() {
	local spec
	case $1 in
	tcp) spec="TCP:$2:$3,connect-timeout=3" ;;
	udp) spec="UDP-SENDTO:$2:$3" ;;
	*) return 1 ;;
	esac
	echo "$4" | lab_ns router socat -u - "$spec"
}

# lab_wake_paths dpi|subscription|both FILE: loads into the host's table
# (netsplitd pushes it on) the [wake] section that wakes the host by
# inspecting its own MQTT stream, by the co-processor's own subscription,
# or both (the lab's). Needs LAB_DIR and NETSPLITCTL.
lab_wake_paths() {
	local mqtt="1883 prefix=wakeup-host"
	local subscribe="$LAB_ROUTER4:1883 topic=# prefix=wakeup-host"
	[ "$1" = subscription ] && mqtt=
	[ "$1" = dpi ] && subscribe=
	printf '[wake]\nsyn_ports = 22\nmqtt = %s\nsubscribe = %s\n' "$mqtt" \
		"$subscribe" >"$2"
	"$NETSPLITCTL" --pin-root "$LAB_DIR/bpf/host" rules load "$2" >/dev/null
}

# A counter of the kernel's own in a namespace: lab_snmp NS FILE GROUP
# FIELD, e.g. lab_snmp host netstat TcpExt TCPOFOQueue.
lab_snmp() {
	lab_ns "$1" awk -v group="$3:" -v field="$4" '
		$1 == group && !seen { for (i = 2; i <= NF; i++) if ($i == field) col = i; seen = 1; next }
		$1 == group { print $col; exit }' "/proc/net/$2"
}

# lab_percentiles FILE: "P50 P99" of the first column of FILE (statuswatch's
# ms to each answer), one line; fails when FILE has none.
lab_percentiles() {
	awk '{ print $1 }' "$1" | sort -n | awk '{ v[NR] = $1 }
		END { if (!NR) exit 1
		      printf "%d %d\n", v[int((NR + 1) / 2)], v[int((NR * 99 + 99) / 100)] }'
}
