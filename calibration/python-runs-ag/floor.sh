#!/usr/bin/env bash
# Issue 17, session AG: the floor of the ten v1272 Python sessions (R, S, W, X, Y, AC, AD, AE's bursts, AF, AG), as
# calibration/python-runs-y/floor.sh made it for five: floor.py raw, and after each run's own in-run speed (every run
# predicted alone by calibration/profiles/local-python.yaml at --speed-rule in-run through floor.py --copies, its
# measured less predicted ratio judged: the scatter that profile and speed rule leave unexplained). The floor of "one
# session's means" is what a leave-one-session-out check can at best score.
#   calibration/python-runs-ag/floor.sh     # about 2 minutes
# Writes calibration/python-runs-ag/floor.md, floor-after-in-run.md and per-run-in-run.csv; SESSIONS=11-16
# (sessions AH-AM added) writes them as floor-N.md, floor-after-in-run-N.md and per-run-in-run-N.csv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
out=calibration/python-runs-ag
py_sessions "${SESSIONS:-10}"
[ "${#PY_SESSIONS[@]}" -ge 10 ] || { echo "usage: SESSIONS=10..16 calibration/python-runs-ag/floor.sh" >&2; exit 2; }
suffix=""
[ "${#PY_SESSIONS[@]}" = 10 ] || suffix="$PY_SESSIONS_SUFFIX"
sessions=("${PY_SESSIONS[@]/#/calibration/}")
python3 calibration/python-pooled/floor.py --out "$out/floor$suffix.md" "${sessions[@]}" > /dev/null
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 calibration/python-pooled/floor.py --copies "$dir" "${sessions[@]}" > /dev/null
./fanoutsim calibrate "$dir"/*.json --start calibration/profiles/local-python.yaml --speed-rule in-run \
  --predict-only --replications 2 --table "$dir/per-run-in-run.md" > /dev/null 2>&1
cp "$dir/per-run-in-run.csv" "$out/per-run-in-run$suffix.csv"
python3 calibration/python-pooled/floor.py --out "$out/floor-after-in-run$suffix.md" \
  --residuals "$out/per-run-in-run$suffix.csv" "${sessions[@]}" > /dev/null
grep -h -E "^sd of one run|every session" "$out/floor$suffix.md" "$out/floor-after-in-run$suffix.md"
