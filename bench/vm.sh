# SPDX-License-Identifier: GPL-2.0-only
# Shared by the VM benches (driver.sh, spi.sh, usb.sh), sourced from /test:
# this VM is noisy under TCG, so every figure is the median of runs.

# median: the median of the numbers on stdin, one per line.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
