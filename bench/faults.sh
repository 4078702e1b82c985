#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The fault campaign's figures: tests/bats/faults.bats in the lab, once,
# with the co-processor LAB_COPROC (cpd, default, or fw); each fault's time
# to converge, and the flood's status latency and counts, one line each:
#   bench: fault NAME converge_ms=MS [...]
# The suite's verdicts are the tests'; a failed one fails this too.
#   faults.sh BUILD_DIR
set -euo pipefail

here=$(dirname "$(realpath "$0")")
build=$(realpath "${1:?usage: $0 BUILD_DIR}")
figures=$(mktemp)
trap 'rm -f "$figures"' EXIT

export FAULTS_BENCH=$figures LAB_COPROC=${LAB_COPROC:-cpd}
export NETSPLIT_CPD=$build/san/netsplit-cpd NETSPLIT_FW=$build/san/netsplit-fw \
	NETSPLITD=$build/san/netsplitd NETSPLITCTL=$build/san/netsplitctl \
	STATUSWATCH=$build/tests/statuswatch SYNFLOOD=$build/tests/synflood
bats "$here/../tests/bats/faults.bats" >&2
sed "s/^bench: fault /bench: fault coproc=$LAB_COPROC /" "$figures"
