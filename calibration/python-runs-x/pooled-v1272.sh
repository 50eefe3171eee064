#!/usr/bin/env bash
# Issue 17: the four v1272 sessions (S, R, W, X) pooled, 4-fold cross-validation by setup, the pooled6.sh command on
# their files only, at one speed rule (probes or in-run: every v1272 run carries the in-run index).
#   calibration/python-runs-x/pooled-v1272.sh probes    # about 2 minutes; writes calibration/python-runs-x/pooled-v1272/
#   calibration/python-runs-x/pooled-v1272.sh in-run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="$1"
out=calibration/python-runs-x/pooled-v1272
mkdir -p "$out"
./fanoutsim calibrate calibration/python-runs-s/*.json calibration/python-runs-r/*.json \
  calibration/python-runs-w/*.json calibration/python-runs-x/*.json \
  --out "$out/$rule.yaml" --start calibration/python-host-s.yaml --speed-rule "$rule" \
  --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
  --folds 4 --max-evaluations 120 --restarts 0 --replications 2 \
  --table "$out/validation-$rule.md" > "$out/fit-$rule.log" 2>&1
grep -m1 'Held-out runs' "$out/validation-$rule.md"
