#!/usr/bin/env bash
# Issue 17: the six 2096 MHz Python sessions pooled (POOLED5 of calibration/python-runs-w/pooled5 with X), 4-fold
# cross-validation by setup at --speed-rule probes (calibration/python-pooled/by-setup.sh: the pooled5 command
# unchanged but the files and --out/--table).
#   calibration/python-runs-x/pooled6.sh       # 2 replications, about 2 minutes; writes calibration/python-runs-x/pooled6/
#   calibration/python-runs-x/pooled6.sh 4     # 4 replications (as pooled5's -rep4), files named *-rep4
set -euo pipefail
reps="${1:-2}"
suffix=""
[ "$reps" = 2 ] || suffix="-rep$reps"
exec "$(dirname "${BASH_SOURCE[0]}")/../python-pooled/by-setup.sh" --out calibration/python-runs-x/pooled6 \
  --name "probes$suffix" --rule probes --replications "$reps" \
  python-runs python-runs-s python-runs-r python-runs-day2 python-runs-w python-runs-x
