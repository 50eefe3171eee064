#!/usr/bin/env bash
# Issue 17: leave one session out, as calibration/python-runs-w/by-session/ did it (same start, --set, free list and
# budget), each held-out session predicted by a fit on the others, at one speed rule.
#   calibration/python-runs-x/loso.sh v1272 probes   # R, S, W, X (kernel v1272): 4 fits, about 2-3 minutes
#   calibration/python-runs-x/loso.sh v1272 in-run
#   calibration/python-runs-x/loso.sh all probes     # the six 2096 MHz sessions: 6 fits
# Writes calibration/python-runs-x/by-session-SET-RULE/fit-all-but-SESSION{.yaml,.log,-predicts-SESSION.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
set_name="$1" rule="$2"
case "$set_name" in
  v1272) sessions=(python-runs-s python-runs-r python-runs-w python-runs-x) ;;
  all) sessions=(python-runs python-runs-s python-runs-r python-runs-day2 python-runs-w python-runs-x) ;;
  *) echo "loso.sh: set must be v1272 or all, not '$set_name'" >&2; exit 2 ;;
esac
out="calibration/python-runs-x/by-session-$set_name-$rule"
mkdir -p "$out"
for held in "${sessions[@]}"; do
  files=()
  for s in "${sessions[@]}"; do [ "$s" = "$held" ] || files+=(calibration/"$s"/*.json); done
  ./fanoutsim calibrate "${files[@]}" --out "$out/fit-all-but-$held.yaml" --start calibration/python-start.yaml \
    --speed-rule "$rule" --set inbound_cpu=2.77ms --set per_task_inbound_cpu=1ms \
    --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
    --folds 0 --max-evaluations 120 --restarts 0 --replications 2 > "$out/fit-all-but-$held.log" 2>&1
  ./fanoutsim calibrate calibration/"$held"/*.json --start "$out/fit-all-but-$held.yaml" --speed-rule "$rule" \
    --predict-only --replications 2 --table "$out/fit-all-but-$held-predicts-$held.md" \
    2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$held: /"
done
