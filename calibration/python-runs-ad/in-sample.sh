#!/usr/bin/env bash
# Issue 17, session AD: what each structure can do at best, fitted on all seven v1272 Python sessions (R, S, W, X, Y,
# AC, AD) at once, in sample, with twice loso.sh's budget (240 evaluations): VARIANT as in loso.sh (base, turn, round:
# turn and round_cpu, a loop round's CPU shared by its jobs, start 20 us; turn-period; segment). Its residuals show
# which per-task setups no setting of the structure meets.
#   calibration/python-runs-ad/in-sample.sh base        # about 4 minutes (7 alone; two at once take 7 each)
# Writes calibration/python-runs-ad/in-sample/VARIANT{.yaml,.log}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
variant="${1:-}" extra=() also=""
case "$variant" in
  base) ;;
  turn) extra=(--set per_task_turn_cpu=20us); also=,per_task_turn_cpu ;;
  round) extra=(--set per_task_turn_cpu=20us --set round_cpu=20us); also=,per_task_turn_cpu,round_cpu ;;
  turn-period) extra=(--set per_task_turn_cpu=20us --set period_overhead_cpu=2ms)
               also=,per_task_turn_cpu,period_overhead_cpu ;;
  segment) extra=(--set write_segment_cpu=50us --set turn_segment_limit=20); also=,write_segment_cpu ;;
  *) echo "usage: calibration/python-runs-ad/in-sample.sh base|turn|round|turn-period|segment" >&2; exit 2 ;;
esac
files=()
for s in r s w x y ac ad; do files+=(calibration/python-runs-"$s"/*.json); done
budget=("${PY_FIT_BUDGET[@]}")
for i in "${!budget[@]}"; do [ "${budget[$i]}" != --max-evaluations ] || budget[i+1]=240; done
mkdir -p calibration/python-runs-ad/in-sample
./fanoutsim calibrate "${files[@]}" --out "calibration/python-runs-ad/in-sample/$variant.yaml" --start "$PY_FIT_START" \
  --speed-rule in-run "${PY_FIT_SETS[@]}" "${extra[@]}" --free "$PY_FIT_FREE$also" "${budget[@]}" \
  > "calibration/python-runs-ad/in-sample/$variant.log" 2>&1
grep -m1 'In-sample' "calibration/python-runs-ad/in-sample/$variant.yaml" | sed "s/^ */$variant: /"
