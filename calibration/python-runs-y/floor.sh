#!/usr/bin/env bash
# Issue 17: the floor with session Y (three runs of each of eight setups), as calibration/python-runs-x/floor.sh made
# it: floor.py over the five v1272 folders (S, R, W, X, Y), raw and after the probes (each run predicted alone by
# calibration/python-pooled/probes.yaml at --speed-rule probes through floor.py --copies, its measured less predicted
# ratio judged); then repeats.py: what a perfect model of the setup means would score on one session's means with
# 1-12 runs a setup, at the floor's sd within and between sessions.
#   calibration/python-runs-y/floor.sh     # about 1 minute; writes calibration/python-runs-y/floor-*.md, repeats*.md,
#                                          # per-run-probes.csv
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/python-runs-y
v1272=(calibration/python-runs-s calibration/python-runs-r calibration/python-runs-w calibration/python-runs-x
  calibration/python-runs-y)
python3 calibration/python-pooled/floor.py --out "$out/floor-v1272y.md" "${v1272[@]}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 calibration/python-pooled/floor.py --copies "$dir" "${v1272[@]}"
./fanoutsim calibrate "$dir"/*.json --start calibration/python-pooled/probes.yaml --speed-rule probes \
  --predict-only --replications 2 --table "$dir/per-run-probes.md" > /dev/null 2>&1
cp "$dir/per-run-probes.csv" "$out/per-run-probes.csv"
python3 calibration/python-pooled/floor.py --out "$out/floor-v1272y-after-probes.md" \
  --residuals "$out/per-run-probes.csv" "${v1272[@]}"
python3 calibration/python-pooled/scatter.py --out "$out/scatter-after-probes.md" --residuals "$out/per-run-probes.csv"
python3 "$out/repeats.py" --out "$out/repeats.md" "$out/floor-v1272y.md"
python3 "$out/repeats.py" --out "$out/repeats-after-probes.md" "$out/floor-v1272y-after-probes.md"
