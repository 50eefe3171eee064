#!/usr/bin/env bash
# Issue 17: does the fit learn the speed response when every run counts alone? calibrate joins a setup's repeats into
# one mean at their mean speed, so a pooled fit sees each setup once and never the spread of speeds within it. Here
# the runs of R, S, W, X and Y are copied each under its own name (floor.py --copies) and fitted as loso.sh fits
# (same start, --set, free list, budget), then session AC predicted by it: on its setup means and run by run.
#   calibration/python-runs-ac/per-run-fit.sh RULE      # RULE in-run or probes; about 5-10 minutes
# Writes calibration/python-runs-ac/per-run-fit-RULE/{fit.yaml,fit.log,predicts-python-runs-ac.md,.csv,
# predicts-python-runs-ac-per-run.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="${1:-}"
. calibration/python-pooled/need-rule.sh
need_rule calibration/python-runs-ac/per-run-fit.sh "$rule"
out="calibration/python-runs-ac/per-run-fit-$rule"
mkdir -p "$out"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/fit" "$dir/ac"
python3 calibration/python-pooled/floor.py --copies "$dir/fit" calibration/python-runs-{r,s,w,x,y} > /dev/null
python3 calibration/python-pooled/floor.py --copies "$dir/ac" calibration/python-runs-ac > /dev/null
./fanoutsim calibrate "$dir"/fit/*.json --out "$out/fit.yaml" --start calibration/python-start.yaml \
  --speed-rule "$rule" --set inbound_cpu=2.77ms --set per_task_inbound_cpu=1ms \
  --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
  --folds 0 --max-evaluations 120 --restarts 0 --replications 2 > "$out/fit.log" 2>&1
sed -i "s#$dir/fit/\*\.json#COPIES/*.json#g" "$out/fit.yaml"
./fanoutsim calibrate calibration/python-runs-ac/*.json --start "$out/fit.yaml" --speed-rule "$rule" \
  --predict-only --replications 2 --table "$out/predicts-python-runs-ac.md" 2>/dev/null | grep -m1 'mean absolute' \
  | sed "s/^/python-runs-ac: /"
./fanoutsim calibrate "$dir"/ac/*.json --start "$out/fit.yaml" --speed-rule "$rule" \
  --predict-only --replications 2 --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute' \
  | sed "s/^/python-runs-ac run by run: /"
sed -e "s#$dir/ac/\*\.json#COPIES/*.json#" -e "s#$dir/per-run#$out/predicts-python-runs-ac-per-run#" \
  "$dir/per-run.md" > "$out/predicts-python-runs-ac-per-run.md"
cp "$dir/per-run.csv" "$out/predicts-python-runs-ac-per-run.csv"
