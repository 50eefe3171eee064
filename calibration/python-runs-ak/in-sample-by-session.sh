#!/usr/bin/env bash
# Issue 17, session AK: a two-minute stand-in for leave one session out (25 minutes), to screen structure variants
# before the held-out checks. local-python's fit (python-start.yaml, common.sh's copies-measured sets,
# publish_wait_rounds 3, --repeats-at-own-speed, no folds) over the SESSIONS sessions with the variant's arguments
# added, then each session predicted alone by that fit and judged on its setup means, in sample: on the twelve
# sessions the adopted fit reads 2.9 / 12.0 here and 2.9 / 11.9 left out.
#   calibration/python-runs-ak/in-sample-by-session.sh TAG [FREE] [CALIBRATE-ARGS...]   # about 2 minutes
# FREE: parameters freed beside the fit's own ("" for none); CALIBRATE-ARGS: e.g. --set cpu_drift=0.4; PREDICT_ARGS
# (environment): more arguments for the predictions alone (an option such as --speed-exponent must be given to
# both). Writes calibration/python-runs-ak/in-sample/TAG.yaml, .log and TAG/SESSION.md|.csv; prints
# by-session-summary.py's lines.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
[ $# -ge 1 ] && [[ "$1" =~ ^[A-Za-z0-9._-]+$ ]] || {
  echo "usage: calibration/python-runs-ak/in-sample-by-session.sh TAG [FREE] [CALIBRATE-ARGS...]" >&2
  exit 2
}
tag=$1 extra_free=${2:-}
shift $(($# >= 2 ? 2 : 1))
py_sessions "${SESSIONS:-12}"
py_wait_sets publish-wait3-own
out=calibration/python-runs-ak/in-sample
mkdir -p "$out/$tag"
files=()
for s in "${PY_SESSIONS[@]}"; do files+=(calibration/"$s"/*.json); done
./fanoutsim calibrate "${files[@]}" --out "$out/$tag.yaml" --start "$PY_FIT_START" --speed-rule in-run \
  "${PY_FIT_SETS[@]}" "${PY_COPIES_MEASURED_SETS[@]}" "${PY_WAIT_SETS[@]}" "$@" \
  --free "$PY_WAIT_FREE${extra_free:+,$extra_free}" "${PY_FIT_BUDGET[@]}" > "$out/$tag.log" 2>&1 || {
  tail -n 1 "$out/$tag.log" >&2
  exit 1
}
read -r -a predict_args <<< "${PREDICT_ARGS:-}"
for s in "${PY_SESSIONS[@]}"; do
  ./fanoutsim calibrate calibration/"$s"/*.json --start "$out/$tag.yaml" --speed-rule in-run --predict-only \
    --replications 2 --repeats-at-own-speed "${predict_args[@]}" --table "$out/$tag/${s//\//-}.md" > /dev/null 2>&1
done
grep -m1 "In-sample" "$out/$tag.yaml" | sed 's/^ *//'
python3 calibration/python-runs-ak/by-session-summary.py "$out/$tag"/*.csv
