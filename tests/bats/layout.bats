#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The checks that keep the tree's shape fail when it is broken: each
# breaks a copy of the tree (or a small made-up one) one way.

load helpers

TOP=$(realpath "$BATS_TEST_DIRNAME/../..")

setup() {
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

# copy_tree: the tree's sources in $TMP/tree, a repository of their own
# (layout-check lists files with git).
copy_tree() {
	mkdir "$TMP/tree"
	(cd "$TOP" && git ls-files -co --exclude-standard -- include common \
		firmware userspace kernel bpf | tar -cf - -T -) |
		tar -xf - -C "$TMP/tree"
	git -C "$TMP/tree" init -q
}

@test "layout-check passes on the tree" {
	run "$TOP/tests/tools/layout-check" "$TOP"
	assert_success
	assert_output --partial "one name each"
}

@test "layout-check: two headers with one name" {
	copy_tree
	cp "$TMP/tree/include/netsplit/rules.h" "$TMP/tree/common/rules.h"
	run "$TOP/tests/tools/layout-check" "$TMP/tree"
	assert_failure
	assert_output --partial "two headers named rules.h"
}

@test "layout-check: a header of include/ over 600 lines" {
	copy_tree
	seq 600 | sed 's|^|// |' >>"$TMP/tree/include/netsplit/types.h"
	run "$TOP/tests/tools/layout-check" "$TMP/tree"
	assert_failure
	assert_output --partial "include/netsplit/types.h has"
}

@test "layout-check: includes against the folders' direction" {
	copy_tree
	echo '#include "daemon.h"' >>"$TMP/tree/common/fmt.c"
	echo '#include "mcu.h"' >>"$TMP/tree/userspace/lib/log.c"
	echo '#include "log.h"' >>"$TMP/tree/firmware/board/mcu.c"
	echo '#include "internal.h"' >>"$TMP/tree/kernel/rx.c"
	run "$TOP/tests/tools/layout-check" "$TMP/tree"
	assert_failure
	assert_output --partial "common/fmt.c includes daemon.h, of userspace/"
	assert_output --partial "userspace/lib/log.c includes mcu.h, of firmware/"
	assert_output --partial "firmware/board/mcu.c includes log.h, of userspace/"
	assert_output --partial "kernel/rx.c includes internal.h, of common/"
}

@test "cycles: a call cycle and an include cycle" {
	printf 'void b(void);\nvoid a(void) { b(); }\n' >"$TMP/a.c"
	printf 'void a(void);\nvoid b(void) { a(); }\n' >"$TMP/b.c"
	printf 'void c(void) { }\n' >"$TMP/c.c"
	cc -c "$TMP/a.c" -o "$TMP/a.o"
	cc -c "$TMP/b.c" -o "$TMP/b.o"
	cc -c "$TMP/c.c" -o "$TMP/c.o"
	run "$TOP/tests/tools/cycles" "$TMP/a.o" "$TMP/c.o" --
	assert_success
	run "$TOP/tests/tools/cycles" "$TMP/a.o" "$TMP/b.o" --
	assert_failure
	printf '#include "y.h"\n' >"$TMP/x.h"
	printf '#include "x.h"\n' >"$TMP/y.h"
	run "$TOP/tests/tools/cycles" -- "$TMP/x.h" "$TMP/y.h"
	assert_failure
}
