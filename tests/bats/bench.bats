#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Each benchmark script of bench/ once, on the smallest setting: a renamed
# file or a lab that changed under it fails here, in make check, not in a
# figure. A bench that measured nothing prints no figure and fails.
# (bench/driver.sh runs in the VM check.)

load helpers

BUILD=${NETSPLIT_BUILD:-$BATS_TEST_DIRNAME/../../build}
BENCH=$BATS_TEST_DIRNAME/../../bench

setup() {
	require_root
}

# A figure: a number, with a tenth of a millisecond at most.
MS='[0-9]+(\.[0-9])?'

@test "bench/restore.sh, one run: netsplitd's restore and a DHCP lease, in ms" {
	run "$BENCH/restore.sh" "$BUILD" 1
	assert_success
	assert_line --regexp "^bench: restore netsplitd_ms=$MS dhcp_ms=$MS$"
}

# with_either NAME FIGURES: bench/NAME.sh, one run with each co-processor,
# prints "bench: NAME coproc=COPROC FIGURES" (a regex).
with_either() {
	local coproc
	for coproc in cpd fw; do
		LAB_COPROC=$coproc run "$BENCH/$1.sh" "$BUILD" 1
		assert_success
		assert_line --regexp "^bench: $1 coproc=$coproc $2$"
	done
}

@test "bench/control.sh, one second each: status latency from both daemons, quiet and under garbage" {
	local coproc daemon
	for coproc in cpd fw; do
		LAB_COPROC=$coproc run "$BENCH/control.sh" "$BUILD" 1
		assert_success
		for daemon in hostd esp; do
			assert_line --regexp "^bench: control coproc=$coproc daemon=$daemon quiet_p50_ms=[0-9]+ quiet_p99_ms=[0-9]+ garbage_p50_ms=[0-9]+ garbage_p99_ms=[0-9]+$"
		done
	done
}

@test "bench/wake.sh, one run of each path, with either co-processor" {
	with_either wake "dpi_ms=$MS subscription_ms=$MS"
}

@test "bench/lab.sh, one run of each figure, with either co-processor" {
	with_either lab "close_down_ms=$MS heartbeat_down_ms=$MS rule_sync_ms=$MS reapply_ms=$MS"
}

@test "a bench whose lab does not come up prints no figure and fails" {
	local fake=$BATS_TEST_TMPDIR/build p
	mkdir "$fake"
	for p in netsplitd netsplitctl netsplit-fw; do
		ln -s "$(realpath "$BUILD/$p")" "$fake/$p"
	done
	ln -s /bin/false "$fake/netsplit-cpd"
	run "$BENCH/wake.sh" "$fake" 1
	assert_failure
	refute_output --partial "bench: wake coproc="
	run "$BENCH/lab.sh" "$fake" 1
	assert_failure
	refute_output --partial "bench: lab coproc="
}
