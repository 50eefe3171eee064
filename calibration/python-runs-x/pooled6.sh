#!/usr/bin/env bash
# Issue 17: the six 2096 MHz Python sessions pooled (POOLED5 of calibration/python-runs-w/pooled5 with X), 4-fold
# cross-validation by setup at --speed-rule probes, the pooled5 command unchanged but the files and --out/--table.
#   calibration/python-runs-x/pooled6.sh       # 2 replications, about 2 minutes; writes calibration/python-runs-x/pooled6/
#   calibration/python-runs-x/pooled6.sh 4     # 4 replications (as pooled5's -rep4), files named *-rep4
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
reps="${1:-2}"
suffix=""
[ "$reps" = 2 ] || suffix="-rep$reps"
out=calibration/python-runs-x/pooled6
mkdir -p "$out"
./fanoutsim calibrate calibration/python-runs/*.json calibration/python-runs-s/*.json calibration/python-runs-r/*.json \
  calibration/python-runs-day2/*.json calibration/python-runs-w/*.json calibration/python-runs-x/*.json \
  --out "$out/probes$suffix.yaml" --start calibration/python-host-s.yaml --speed-rule probes \
  --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
  --folds 4 --max-evaluations 120 --restarts 0 --replications "$reps" \
  --table "$out/validation-probes$suffix.md" > "$out/fit-probes$suffix.log" 2>&1
grep -m1 'Held-out runs' "$out/validation-probes$suffix.md"
