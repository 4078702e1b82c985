#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetches lwIP, the co-processor's stack, from the distribution's source
# package (never a copy in this tree) and unpacks it, with the
# distribution's own patches, into DIR/lwip:
#
#   fetch.sh DIR
#
# apt works in a private configuration under DIR/apt whose deb-src
# entries are made from this machine's own configured sources (the same
# URIs and suites; nothing named here), so the machine's apt sources and
# lists are never touched. Does nothing when DIR/lwip is there already.
set -euo pipefail

dir=$(realpath -m "$1")
here=$(dirname "$(realpath "$0")")
[ -e "$dir/lwip/src/core/tcp.c" ] && exit 0
apt=$dir/apt
rm -rf "$apt" "$dir/lwip" "$dir/lwip.tmp"
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/archives/partial" \
	"$dir/lwip.tmp"

# deb lines and deb822 stanzas of the machine's sources, as deb-src.
{
	cat /etc/apt/sources.list 2>/dev/null || true
	for f in /etc/apt/sources.list.d/*.list; do
		if [ -e "$f" ]; then cat "$f"; fi
	done
} | awk '$1 == "deb" { $1 = "deb-src"; print }' >"$apt/sources.list.d/netsplit-src.list"
for f in /etc/apt/sources.list.d/*.sources; do
	[ -e "$f" ] || continue
	awk 'BEGIN { RS = ""; ORS = "\n\n" }
		/(^|\n)Types:[^\n]*deb/ && !/(^|\n)Enabled: *no/ {
			sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print
		}' "$f"
done >"$apt/sources.list.d/netsplit-src.sources"

opts=(-o "Dir::Etc::SourceList=/dev/null"
	-o "Dir::Etc::SourceParts=$apt/sources.list.d"
	-o "Dir::State::Lists=$apt/lists"
	-o "Dir::Cache::Archives=$apt/archives"
	-o "Dir::State::status=/dev/null"
	-o "APT::Sandbox::User=root")
if ! apt-get "${opts[@]}" -qq update >"$apt/update.log" 2>&1; then
	cat "$apt/update.log" >&2
	echo "fetch.sh: apt-get update of the deb-src entries failed; lwIP is fetched from the distribution's sources" >&2
	exit 1
fi
(cd "$dir/lwip.tmp" && apt-get "${opts[@]}" -qq source --download-only lwip) ||
	{ echo "fetch.sh: apt-get source lwip failed" >&2; exit 1; }
cd "$dir/lwip.tmp"
orig=$(ls lwip_*.orig.tar.* | head -n 1)
debian=$(ls lwip_*.debian.tar.* | head -n 1)
mkdir src
tar -xf "$orig" -C src --strip-components=1
tar -xf "$debian" -C src
while read -r p; do
	case $p in "" | \#*) continue ;; esac
	patch -s -d src -p1 <"src/debian/patches/$p"
done <src/debian/patches/series
# Ours, for what lwIP cannot be told at run time (see the patch). They have
# LF line ends, as lwIP's git and ESP-IDF's copy; Debian's tarball has CRLF,
# so the files they change lose their CRs first.
for p in "$here"/patches/*.patch; do
	[ -e "$p" ] || continue
	sed -n 's|^+++ b/\([^\t]*\).*|src/\1|p' "$p" | xargs sed -i 's/\r$//'
	patch -s -d src -p1 <"$p"
done
mv src "$dir/lwip"
cd "$dir"
rm -rf "$dir/lwip.tmp"
version=$(awk '/^#define LWIP_VERSION_(MAJOR|MINOR|REVISION) / { v = v (v == "" ? "" : ".") $3 } END { print v }' \
	"$dir/lwip/src/include/lwip/init.h")
echo "fetch.sh: lwIP $version from the distribution's source package, in $dir/lwip"
