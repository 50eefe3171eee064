#!/usr/bin/env bash
# Issue 17: the floor with the sixth session (X), as calibration/python-runs-w/floor-5*.md were made: raw, and after
# the probes (each run predicted alone by calibration/python-pooled/probes.yaml at --speed-rule probes through
# floor.py --copies, its measured less predicted ratio judged); over all six sessions and over v1272 (S, R, W, X).
#   calibration/python-runs-x/floor.sh     # about 1 minute; writes calibration/python-runs-x/floor-*.md, per-run-probes.csv
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/python-runs-x
all=(calibration/python-runs calibration/python-runs-s calibration/python-runs-r calibration/python-runs-day2
  calibration/python-runs-w calibration/python-runs-x)
v1272=(calibration/python-runs-s calibration/python-runs-r calibration/python-runs-w calibration/python-runs-x)
python3 calibration/python-pooled/floor.py --out "$out/floor-6.md" "${all[@]}"
python3 calibration/python-pooled/floor.py --out "$out/floor-v1272.md" "${v1272[@]}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 calibration/python-pooled/floor.py --copies "$dir" "${all[@]}"
./fanoutsim calibrate "$dir"/*.json --start calibration/python-pooled/probes.yaml --speed-rule probes \
  --predict-only --replications 2 --table "$dir/per-run-probes.md" > /dev/null 2>&1
cp "$dir/per-run-probes.csv" "$out/per-run-probes.csv"
python3 calibration/python-pooled/floor.py --out "$out/floor-6-after-probes.md" --residuals "$out/per-run-probes.csv" \
  "${all[@]}"
python3 calibration/python-pooled/floor.py --out "$out/floor-v1272-after-probes.md" \
  --residuals "$out/per-run-probes.csv" "${v1272[@]}"
