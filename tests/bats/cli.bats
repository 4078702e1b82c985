#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# netsplitctl as a user meets it: help, exit statuses, messages, classify.

load helpers

setup() {
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

@test "help for every command, exit 0" {
	run "$NETSPLITCTL" --help
	assert_success
	assert_output --partial "usage: netsplitctl"
	for cmd in classify attach detach rules stats; do
		run "$NETSPLITCTL" "$cmd" --help
		assert_success
		assert_output --partial "usage: netsplitctl $cmd"
	done
}

@test "usage errors exit 2 and say what to do" {
	run "$NETSPLITCTL"
	assert_failure 2
	run "$NETSPLITCTL" frobnicate
	assert_failure 2
	assert_output --partial "unknown command 'frobnicate'"
	run "$NETSPLITCTL" classify
	assert_failure 2
	assert_output --partial "--pcap FILE is required"
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --engine gpu
	assert_failure 2
	assert_output --partial "expected bpf, native, fw, both or all"
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --host-state napping
	assert_failure 2
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --address 300.1.1.1
	assert_failure 2
	assert_output --partial "not an IPv4 or IPv6 address"
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --slave-listens sctp:9
	assert_failure 2
	run "$NETSPLITCTL" attach --uplink wlan0
	assert_failure 2
	assert_output --partial "give --uplink IF --host-link IF, or --guard IF"
	run "$NETSPLITCTL" rules frob
	assert_failure 2
	run "$NETSPLITCTL" stats --yaml
	assert_failure 2
	assert_output --partial "netsplitctl stats: unknown option '--yaml'"
	run "$NETSPLITCTL" classify --pcap
	assert_failure 2
	assert_output --partial "netsplitctl classify: --pcap needs a value"
	refute_output --partial "unknown option"
	run "$NETSPLITCTL" status --socket
	assert_failure 2
	assert_output --partial "netsplitctl status: --socket needs a value"
	run "$NETSPLITCTL" stats --pin-root
	assert_failure 2
	assert_output --partial "netsplitctl: --pin-root needs a directory"
}

# What bash offers after "netsplitctl WORDS... CUR", one per line.
complete_netsplitctl() {
	bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$0"
		COMP_WORDS=(netsplitctl "$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		_netsplitctl netsplitctl "${COMP_WORDS[COMP_CWORD]}" \
			"${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' \
		"$COMPLETION" "$@"
}

# complete_daemon PROG: what the completion offers after "PROG --".
complete_daemon() {
	bash -c 'source /usr/share/bash-completion/bash_completion
		source "$0"
		COMP_WORDS=("$(basename "$1")" --)
		COMP_CWORD=1
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		completer=$(complete -p "${COMP_WORDS[0]}" | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		"$completer" "$1" -- "${COMP_WORDS[0]}"
		printf "%s\n" "${COMPREPLY[@]}"' "$COMPLETION" "$1"
}

@test "bash completion: commands, every option --help lists, interfaces, values" {
	[ -r /usr/share/bash-completion/bash_completion ] ||
		fail "bash-completion is missing: run 'make deps'"
	run complete_netsplitctl ""
	for cmd in classify attach detach rules stats status sleep wake; do
		assert_line "$cmd"
	done
	for cmd in classify attach detach rules stats status sleep; do
		run complete_netsplitctl "$cmd" --
		offered=$output
		for opt in $("$NETSPLITCTL" "$cmd" --help | grep -o -- '--[a-z-]*' | sort -u); do
			grep -qx -- "$opt" <<<"$offered" ||
				fail "netsplitctl $cmd: --help lists $opt, completion does not offer it"
		done
	done
	run complete_netsplitctl attach --uplink l
	assert_line lo
	run complete_netsplitctl classify --engine ""
	assert_output "$(printf '%s\n' bpf native fw both all)"
	run complete_netsplitctl stats --pin-root /tmp --s
	assert_output --socket
	# The daemons': every option their --help lists.
	for prog in "${NETSPLITD:?}" "${NETSPLIT_CPD:?}" "${NETSPLIT_FW:?}"; do
		run complete_daemon "$prog"
		offered=$output
		for opt in $("$prog" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
			grep -qx -- "$opt" <<<"$offered" ||
				fail "$(basename "$prog"): --help lists $opt, completion does not offer it"
		done
	done
}

@test "--version: every program, the one version" {
	run "$NETSPLITCTL" --version
	assert_success
	[[ $output =~ ^netsplitctl\ ([0-9]+\.[0-9]+\.[0-9]+(\+g[0-9a-f]+(-dirty)?)?)$ ]] ||
		fail "not a version: $output"
	version=${BASH_REMATCH[1]}
	[ "${version%%+*}" = "$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$BATS_TEST_DIRNAME/../../kernel/dkms.conf")" ]
	for prog in "${NETSPLITD:?}" "${NETSPLIT_CPD:?}" "${NETSPLIT_FW:?}"; do
		run "$prog" --version
		assert_success
		assert_output "$(basename "$prog") $version"
	done
}

@test "-v shows libbpf's messages, -vv its debug log; without, none" {
	require_root
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --engine bpf
	assert_success
	refute_output --partial "libbpf:"
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --engine bpf -vv
	assert_success
	assert_output --partial "libbpf: loading object"
	run "$NETSPLITCTL" classify -x
	assert_failure 2
	assert_output --partial "unknown option '-x'"
}

@test "--check-config: every daemon reads a file as a start would, says what is wrong, exit 0 or 1" {
	printf '[ports]\nslave_tcp = 50000-65535\n' > "$TMP/bad.conf"
	for prog in "${NETSPLITD:?}" "${NETSPLIT_CPD:?}" "${NETSPLIT_FW:?}"; do
		run "$prog" --check-config "$BATS_TEST_DIRNAME/../../systemd/netsplit.conf"
		assert_success
		assert_line --partial "netsplit.conf: valid; the table it gives:"
		assert_line "mqtt = 1883 prefix=wakeup-host"
		run "$prog" --check-config "$TMP/bad.conf"
		assert_failure 1
		assert_output --partial "bad.conf:2: slave_tcp = 50000-65535: host and slave ranges of one protocol must not overlap"
	done
}

@test "--pin-root before or after the command" {
	mkdir "$TMP/pins"
	run "$NETSPLITCTL" --pin-root "$TMP/pins" stats
	assert_failure 1
	assert_output --partial "no netsplit maps pinned in $TMP/pins"
	run "$NETSPLITCTL" stats --pin-root "$TMP/pins"
	assert_failure 1
	assert_output --partial "no netsplit maps pinned in $TMP/pins"
	run "$NETSPLITCTL" rules show --pin-root="$TMP/pins"
	assert_failure 1
	assert_output --partial "no netsplit maps pinned in $TMP/pins"
}

@test "classify the sample capture with both engines" {
	require_root
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --address 192.168.50.10 --address fd00:50::10
	assert_success
	assert_line --index 0 "1 slave arp-request"
	assert_line --index 1 "2 both arp-reply"
	assert_line --index 5 "6 host host-range"
	assert_line --index 10 "11 drop not-ours"
	assert_line --index 12 "13 host icmp-error"
	assert_line --index 19 "20 drop malformed"
	[ "${#lines[@]}" -eq 20 ]
}

@test "classify --json prints exactly frame, verdict, wake, reason" {
	require_root
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --json --host-state sleeping --engine bpf
	assert_success
	assert_line --index 14 '{"frame":15,"verdict":"host","wake":true,"reason":"mqtt-wake"}'
	assert_line --index 5 '{"frame":6,"verdict":"drop","wake":false,"reason":"host-asleep"}'
	for line in "${lines[@]}"; do
		[[ "$line" =~ ^\{\"frame\":[0-9]+,\"verdict\":\"(slave|host|both|drop)\",\"wake\":(true|false),\"reason\":\"[a-z-]+\"\}$ ]]
	done
}

@test "the three engines agree on the sample, the co-processor's core (fw) among them" {
	require_root
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --address 192.168.50.10 --address fd00:50::10 --engine all
	assert_success
	[ "${#lines[@]}" -eq 20 ]
	assert_line --index 12 "13 host icmp-error"
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --engine fw --host-state sleeping --slave-listens tcp:5001
	assert_success
	assert_line --index 14 "15 host mqtt-wake wake"
	assert_line --index 11 "12 slave shared-slave"
}

@test "the native engine runs without root and agrees" {
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --engine native --slave-listens tcp:5001
	assert_success
	assert_line --index 11 "12 slave shared-slave"
	assert_line --index 10 "11 host host-range"
}

@test "a config file changes the verdicts" {
	cat > "$TMP/netsplit.conf" <<CONF
[ports]
host_tcp = 60000-65535
slave_tcp = 40000-59999
[policy]
default = drop
CONF
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --engine native --config "$TMP/netsplit.conf"
	assert_success
	assert_line --index 5 "6 slave slave-range"
	assert_line --index 6 "7 host host-range"
}

@test "a bad config is refused whole with file, line, key, value and rule" {
	printf '[ports]\nhost_tcp = 49152-61439\nslave_tcp = 61000-65535\n' > "$TMP/bad.conf"
	run "$NETSPLITCTL" classify --pcap "$SAMPLE" --engine native --config "$TMP/bad.conf"
	assert_failure 1
	assert_output "netsplitctl: $TMP/bad.conf:3: slave_tcp = 61000-65535: host and slave ranges of one protocol must not overlap"
	refute_output --partial "slave"$'\n'
}

@test "files that are not Ethernet captures are refused" {
	run "$NETSPLITCTL" classify --pcap /nonexistent.pcap --engine native
	assert_failure 1
	assert_output --partial "/nonexistent.pcap"
	echo "not a pcap" > "$TMP/x.pcap"
	run "$NETSPLITCTL" classify --pcap "$TMP/x.pcap" --engine native
	assert_failure 1
	assert_output --partial "netsplitctl: $TMP/x.pcap: not a pcap capture"
}

@test "rules and stats without pinned maps say how to fix it" {
	run "$NETSPLITCTL" --pin-root "$TMP/none" stats
	assert_failure 1
	assert_output --partial "attach first"
}

@test "a runt frame is classified natively, and only natively" {
	require_root
	# pcap header, then one 10-byte record
	printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\0\0\0\0\0\0\0\0\xff\xff\0\0\x01\0\0\0' > "$TMP/runt.pcap"
	printf '\0\0\0\0\0\0\0\0\x0a\0\0\0\x0a\0\0\0\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a' >> "$TMP/runt.pcap"
	run "$NETSPLITCTL" classify --pcap "$TMP/runt.pcap"
	assert_success
	assert_output --partial "1 drop malformed"
	assert_output --partial "classified by the native engine only"
	run "$NETSPLITCTL" classify --pcap "$TMP/runt.pcap" --engine bpf
	assert_failure 1
	assert_output --partial "only --engine native classifies it"
}
