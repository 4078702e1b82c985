#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench, inside the VM (tests/vm/run): the verifier's work on Debian's
# kernel, then frames relayed host <-> the co-processor's end through
# ethsta0 and /dev/espbus0, and through a TAP device, side by side in one
# run.
set -e
verifier | sed 's/insns=/insns_debian_kernel=/'
insmod /mod/ethsta.ko
busrelay --frames 200000
