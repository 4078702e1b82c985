#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Compiles the headers of include/netsplit/ and what the co-processor runs
# of common/ (the core in common/core/ with what it uses) and the
# transports (firmware/transport/) freestanding for
# one target, with the compiler's own headers only, and prints its size:
#
#   core-size.sh NAME OUTDIR CC [FLAG]...
#   firmware core NAME: text=T data=D bss=B struct_ns_core=S (OPT)
#
# Every warning is an error. classify.h is compiled with its engine,
# common/classifier.c, as the contract it declares wants.
set -euo pipefail

name=$1 out=$2 cc=$3
shift 3
here=$(dirname "$(realpath "$0")")
top=$here/..
if ! command -v "$cc" >/dev/null; then
	echo "firmware core $name: $cc is missing; run 'make deps'" >&2
	exit 1
fi
flags=(-ffreestanding -nostdinc -isystem "$("$cc" "$@" -print-file-name=include)"
	-I"$top/include" -I"$top/common" -I"$top/common/core" -Wall -Wextra -Werror "$@")
# binutils of the same target: riscv64-unknown-elf-gcc -> riscv64-unknown-elf-nm
prefix=
case $cc in *-gcc) prefix=${cc%gcc} ;; esac
mkdir -p "$out"
for h in "$top"/include/netsplit/*.h; do
	[ "${h##*/}" = classify.h ] && continue
	echo "#include <netsplit/${h##*/}>" |
		"$cc" "${flags[@]}" -fsyntax-only -x c - ||
		{ echo "firmware core $name: ${h##*/} does not compile freestanding" >&2; exit 1; }
done
objs=()
for c in "$top"/common/*.c "$top"/common/core/*.c; do
	o=$out/$(basename "$c" .c).o
	"$cc" "${flags[@]}" -c "$c" -o "$o"
	objs+=("$o")
done
# The size of struct ns_core, as an object of that type alone.
echo '#include "core.h"
struct ns_core ns_core_size;' | "$cc" "${flags[@]}" -c -x c - -o "$out/sizeof.o"
bytes=$((16#$("${prefix}nm" -S "$out/sizeof.o" | awk '$4 == "ns_core_size" { print $2 }')))
"${prefix}size" -t "${objs[@]}" | awk -v n="$name" -v s="$bytes" -v o="$*" '
	END { printf "firmware core %s: text=%d data=%d bss=%d struct_ns_core=%d (%s)\n", n, $1, $2, $3, s, o }'
# The transports' co-processor ends, freestanding too, sized apart.
transports=()
for c in "$top"/firmware/transport/*.c; do
	o=$out/transport-$(basename "$c" .c).o
	"$cc" "${flags[@]}" -I"$top/firmware/transport" -c "$c" -o "$o"
	transports+=("$o")
done
"${prefix}size" -t "${transports[@]}" | awk -v n="$name" -v o="$*" '
	END { printf "firmware transports %s: text=%d data=%d bss=%d (%s)\n", n, $1, $2, $3, o }'
