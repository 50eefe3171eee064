#!/usr/bin/env bash
# Issue 17: leave one session out over the five Python sessions of the 2096 MHz kind, as by-session/ did it, but with
# calibrate's --speed-exponent E in the fits and the predictions (E = 0.87, the exponent python-runs alone chose).
#   calibration/python-runs-w/loso-exponent.sh [E]     # about 3 minutes; writes calibration/python-runs-w/by-session-eE/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
e="${1:-0.87}"
out="calibration/python-runs-w/by-session-e$e"
mkdir -p "$out"
sessions=(python-runs python-runs-s python-runs-r python-runs-day2 python-runs-w)
for held in "${sessions[@]}"; do
  files=()
  for s in "${sessions[@]}"; do [ "$s" = "$held" ] || files+=(calibration/"$s"/*.json); done
  ./fanoutsim calibrate "${files[@]}" --out "$out/fit-all-but-$held.yaml" --start calibration/python-start.yaml \
    --speed-rule probes --speed-exponent "$e" --set inbound_cpu=2.77ms --set per_task_inbound_cpu=1ms \
    --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
    --folds 0 --max-evaluations 120 --restarts 0 --replications 2 > "$out/fit-all-but-$held.log" 2>&1
  ./fanoutsim calibrate calibration/"$held"/*.json --start "$out/fit-all-but-$held.yaml" --speed-rule probes \
    --speed-exponent "$e" --predict-only --replications 2 --table "$out/fit-all-but-$held-predicts-$held.md" \
    2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$held: /"
done
