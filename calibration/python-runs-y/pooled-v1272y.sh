#!/usr/bin/env bash
# Issue 17: the five v1272 sessions (S, R, W, X, Y) pooled, 4-fold cross-validation by setup: the command of
# calibration/python-runs-x/pooled-v1272.sh with Y's files added, at one speed rule (calibrate joins the runs of one
# setup name over every session, so a setup's row is the mean of its runs in all five).
#   calibration/python-runs-y/pooled-v1272y.sh in-run    # about 2-4 minutes; writes calibration/python-runs-y/pooled-v1272y/
#   calibration/python-runs-y/pooled-v1272y.sh probes
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="$1"
out=calibration/python-runs-y/pooled-v1272y
mkdir -p "$out"
# A fit that fails (a bad rule, say): its log's last line to the user, and the log not left behind.
trap 'rc=$?; if [ $rc -ne 0 ] && [ -f "$out/fit-$rule.log" ]; then tail -1 "$out/fit-$rule.log" >&2
  rm -f "$out/fit-$rule.log"; fi' EXIT
./fanoutsim calibrate calibration/python-runs-s/*.json calibration/python-runs-r/*.json \
  calibration/python-runs-w/*.json calibration/python-runs-x/*.json calibration/python-runs-y/*.json \
  --out "$out/$rule.yaml" --start calibration/python-host-s.yaml --speed-rule "$rule" \
  --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
  --folds 4 --max-evaluations 120 --restarts 0 --replications 2 \
  --table "$out/validation-$rule.md" > "$out/fit-$rule.log" 2>&1
grep -m1 'Held-out runs' "$out/validation-$rule.md"
