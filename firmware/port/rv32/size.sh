#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The sizes in an image, from its linker map (after --gc-sections, so only
# what the image holds), by who brings them:
#
#   size.sh MAP PREFIX
#   PREFIX text=T data=D bss=B lwip_text=… lwip_data=… lwip_bss=…
#          other_text=… other_data=… other_bss=…
#
# text, data, bss: the firmware's own, the core and what it uses of
# common/ (core/*.o, common/*.o), the lwIP glue and the board API
# (glue/*.o, board/*.o) and its memory (memory.o: the core, the glue's
# state, the wake queue and the fragment table); lwip_*: liblwip.a;
# other_*: the board, the program that drives it, picolibc. text counts
# read-only data.
set -euo pipefail

map=$1 prefix=$2
[ -r "$map" ] || { echo "size.sh: no map at $map; run 'make firmware-rv32'" >&2; exit 1; }
awk -v prefix="$prefix" '
	/^Linker script and memory map/ { on = 1; next }
	!on { next }
	# An input section: its name, then (here or on the next line) its
	# address, size and file.
	/^ \.[a-z]/ || /^ COMMON/ {
		name = $1
		if (NF >= 4) { size = $3; file = $4 } else { pending = name; next }
		add(name, size, file); next
	}
	pending != "" && /^ +0x/ && NF >= 3 { add(pending, $2, $3); pending = ""; next }
	{ pending = "" }
	function add(name, size, file,   kind, who) {
		if (name ~ /^\.(text|rodata|srodata)/) kind = "text"
		else if (name ~ /^\.(data|sdata)/) kind = "data"
		else if (name ~ /^\.(bss|sbss)/ || name == "COMMON") kind = "bss"
		else return
		if (file ~ /\/(common|core|glue|board)\/[^\/]*\.o$/ || file ~ /\/memory\.o$/) who = ""
		else if (file ~ /liblwip\.a/) who = "lwip_"
		else who = "other_"
		sum[who kind] += hex(size)
	}
	function hex(s,   v, i) {
		v = 0
		for (i = 3; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		return v
	}
	END {
		printf "%s text=%d data=%d bss=%d lwip_text=%d lwip_data=%d lwip_bss=%d other_text=%d other_data=%d other_bss=%d\n",
			prefix, sum["text"], sum["data"], sum["bss"],
			sum["lwip_text"], sum["lwip_data"], sum["lwip_bss"],
			sum["other_text"], sum["other_data"], sum["other_bss"]
	}' "$map"
