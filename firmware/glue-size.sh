#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Compiles the lwIP glue (firmware/lwip/) and the board API
# (firmware/board/) for an MCU target with its
# picolibc, against lwIP's headers and the MCU port's arch/cc.h, every
# warning an error, and prints its size:
#
#   glue-size.sh NAME OUTDIR LWIP_INCLUDE CC SPECS [FLAG]...
#   firmware glue NAME: text=T data=D bss=B (FLAGS)
set -euo pipefail

name=$1 out=$2 lwip=$3 cc=$4 specs=$5
shift 5
top=$(dirname "$(realpath "$0")")/..
if ! command -v "$cc" >/dev/null || [ ! -e "$specs" ]; then
	echo "firmware glue $name: $cc or $specs is missing; run 'make deps'" >&2
	exit 1
fi
prefix=${cc%gcc}
mkdir -p "$out"
objs=()
for c in "$top"/firmware/lwip/*.c "$top"/firmware/board/*.c; do
	o=$out/glue-$(basename "$c" .c).o
	"$cc" --specs="$specs" -I"$top/include" -I"$top/common" -I"$top/common/core" \
		-I"$top/firmware/lwip" -I"$top/firmware/board" -I"$lwip" \
		-I"$top/firmware/port/rv32" \
		-Wall -Wextra -Werror "$@" -c "$c" -o "$o"
	objs+=("$o")
done
"${prefix}size" -t "${objs[@]}" | awk -v n="$name" -v o="$*" '
	END { printf "firmware glue %s: text=%d data=%d bss=%d (%s)\n", n, $1, $2, $3, o }'
