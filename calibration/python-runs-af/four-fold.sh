#!/usr/bin/env bash
# Issue 17, session AF: 4-fold cross-validation by setup over the seven v1272 Python sessions pooled (R, S, W, X, Y,
# AC, AD: 94 setups, each the mean of its repeats across sessions, its repeats in one fold), base (common.sh's) or
# copies-measured (loso.sh's: a copy's send and segment and the per-task hand-out set from the step timers), or
# publish-waitK[-idwait|-ftw] (session AG: copies-measured and publish_wait_rounds K; -idwait: and inbound_wait 1.5 ms;
# -ftw, session AH: and final_tick_wins_probability 0.154, common.sh says why).
#   calibration/python-runs-af/four-fold.sh base|copies-measured|publish-wait1..4[-VARIANT]  # 5 fits, ~3 minutes
# (VARIANT: common.sh's py_wait_sets: idwait, closewaits or ftw, each with -own or not, or own)
# Writes calibration/python-runs-af/four-fold/VARIANT[-9]{.yaml,.log,.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
variant="${1:-}"
usage() {
  echo "usage: calibration/python-runs-af/four-fold.sh base|copies-measured|$PY_WAIT_VARIANTS" >&2
  exit 2
}
case "$variant" in
  base) extra=() free="$PY_FIT_FREE" ;;
  copies-measured) extra=("${PY_COPIES_MEASURED_SETS[@]}") free="$PY_COPIES_MEASURED_FREE" ;;
  publish-wait*) py_wait_sets "$variant" || usage
    extra=("${PY_COPIES_MEASURED_SETS[@]}" "${PY_WAIT_SETS[@]}") free="$PY_WAIT_FREE" ;;
  *) usage ;;
esac
out=calibration/python-runs-af/four-fold
mkdir -p "$out"
# SESSIONS=9: AE's bursts runs and AF's session join the seven; SESSIONS=10: and AG's; SESSIONS=11: and AH's;
# SESSIONS=12: and AI's; 13: and AJ's; 14: and AK's; 15: and AL's; any other value is one line and exit 2
# (the files then end in -N).
py_sessions "${SESSIONS:-7}"
variant_name="$variant$PY_SESSIONS_SUFFIX"
files=()
for s in "${PY_SESSIONS[@]}"; do files+=(calibration/"$s"/*.json); done
# common.sh's budget, with 4 folds in place of none.
budget=("${PY_FIT_BUDGET[@]}")
for i in "${!budget[@]}"; do [ "${budget[$i]}" != --folds ] || budget[i+1]=4; done
./fanoutsim calibrate "${files[@]}" --out "$out/$variant_name.yaml" --start "$PY_FIT_START" --speed-rule in-run \
  "${PY_FIT_SETS[@]}" "${extra[@]}" --free "$free" "${budget[@]}" --table "$out/$variant_name.md" \
  > "$out/$variant_name.log" 2>&1
grep -m1 'Held-out' "$out/$variant_name.yaml" | sed "s/^ */$variant_name: /"
