#!/usr/bin/env bash
# Issue 17: leave one session out over the seven v1272 Python sessions, AD's per-task room-size runs the seventh
# (R, S, W, X, Y, AC, AD): calibration/python-pooled/loso.sh, each held-out session predicted by a fit on the other six
# and judged on its setup means (AD also run by run). VARIANT is what the fit may move besides the fixed free list:
#   base         nothing more (the fits of calibration/python-runs-ac/loso.sh)
#   turn         per_task_turn_cpu (a per-task writer's turn, start 20 us; python-start.yaml fixes it at 4 us)
#   period       period_overhead_cpu (CPU each CFS period with work burns, start 2 ms)
#   turn-period  both
#   segment      write_segment_cpu (a TCP segment a write makes, start 50 us) with turn_segment_limit 20 fixed (a turn's
#                writes past twenty join segments not yet sent: calibration/python-runs-ad/segments)
#   calibration/python-runs-ad/loso.sh in-run base         # 7 fits, about 4 minutes
#   calibration/python-runs-ad/loso.sh in-run turn 240     # each fit's Nelder-Mead budget 240 evaluations, not 120
# Writes calibration/python-runs-ad/by-session-v1272ad-RULE[-VARIANT][-BUDGET]/fit-all-but-SESSION{.yaml,.log,
# -predicts-SESSION.md,.csv}; `python3 calibration/python-runs-x/signed.py --together --by-mode` over the seven
# -predicts-SESSION.csv tables gives the together line.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
rule="${1:-}" variant="${2:-}" budget="${3:-}"
usage() { echo "usage: calibration/python-runs-ad/loso.sh in-run|probes base|turn|period|turn-period|segment [BUDGET]" >&2; exit 2; }
case "$rule" in in-run|probes) ;; *) usage ;; esac
extra=() out="calibration/python-runs-ad/by-session-v1272ad-$rule"
case "$variant" in
  base) ;;
  turn) extra=(--set per_task_turn_cpu=20us --also-free per_task_turn_cpu) ;;
  period) extra=(--set period_overhead_cpu=2ms --also-free period_overhead_cpu) ;;
  turn-period) extra=(--set per_task_turn_cpu=20us --set period_overhead_cpu=2ms
                      --also-free per_task_turn_cpu,period_overhead_cpu) ;;
  segment) extra=(--set write_segment_cpu=50us --set turn_segment_limit=20 --also-free write_segment_cpu) ;;
  *) usage ;;
esac
[ "$variant" = base ] || out="$out-$variant"
if [ -n "$budget" ]; then
  [[ "$budget" =~ ^[1-9][0-9]*$ ]] || usage
  out="$out-$budget" extra+=(--max-evaluations "$budget")
fi
exec "$here/../python-pooled/loso.sh" --out "$out" --rule "$rule" "${extra[@]}" --per-run python-runs-ad \
  python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac python-runs-ad
