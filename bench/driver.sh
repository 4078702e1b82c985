#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench, inside the VM (tests/vm/run): the verifier's work on Debian's
# kernel, then frames relayed host <-> the co-processor's end through
# ethsta0 and /dev/espbus0, and through a TAP device, side by side in each
# of BENCH_RUNS runs (5): BENCH_FRAMES each way (the VM check runs it on a
# few). The figures are the medians of the runs:
#   bench: driver esp_pps=X tun_pps=Y runs=N
set -eo pipefail
shopt -s inherit_errexit

. /test/vm.sh

runs=${BENCH_RUNS:-5}
verifier | sed 's/insns=/insns_debian_kernel=/'
insmod /mod/ethsta.ko
for ((i = 0; i < runs; i++)); do
	busrelay --frames "${BENCH_FRAMES:-200000}"
done >/tmp/relay.out
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" /tmp/relay.out | median; }
echo "bench: driver esp_pps=$(field esp_pps) tun_pps=$(field tun_pps) runs=$runs"
echo "bench: driver runs: $(sed -n 's/^bench: driver //p' /tmp/relay.out | paste -sd ';')"
