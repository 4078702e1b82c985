#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench, inside the VM (tests/vm/run): the verifier's work on Debian's
# kernel, then frames relayed host <-> the co-processor's end through
# ethsta0 and /dev/espbus0, and through a TAP device, side by side in one
# run: BENCH_FRAMES each way (the VM check runs it on a few).
set -eo pipefail
verifier | sed 's/insns=/insns_debian_kernel=/'
insmod /mod/ethsta.ko
busrelay --frames "${BENCH_FRAMES:-200000}"
