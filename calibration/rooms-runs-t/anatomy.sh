#!/usr/bin/env bash
# The anatomy tables of calibration/rooms-runs-t/anatomy.md: the per-task round-robin 30 x 10 + 1 x 100 setups at
# 2 x 0.025 core (calibration/rooms-runs-s, 60 % delivered) and 2 x 0.03 (calibration/rooms-runs-t, 89 %), measured
# against `fanoutsim run` of the scenario calibrate rebuilds for each (calibration/rooms-runs-n/sessions.py
# --scenarios, at the repeats' mean in-run speed) with committed `local` and with local-candidate.yaml.
# Markdown on stdout. One command from anywhere: calibration/rooms-runs-t/anatomy.sh (a few seconds).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
candidate=$PWD/calibration/rooms-runs-t/local-candidate.yaml
for d in calibration/rooms-runs-s calibration/rooms-runs-t; do
  python3 calibration/rooms-runs-n/sessions.py --scenarios "$tmp/$(basename $d)" --profile local --speed-rule in-run \
    $d > /dev/null
done
for pair in rooms-runs-s:n400-i1-t2-q0.025-bwnone-pertask-rooms-30x10+1x100 \
  rooms-runs-t:n400-i1-t2-q0.03-bwnone-pertask-rooms-30x10+1x100; do
  d=${pair%%:*} setup=${pair#*:}
  scenario=$tmp/$d/$setup.yaml
  sed "s#^profile: local\$#profile: $candidate#" "$scenario" > "$tmp/$setup-candidate.yaml"
  ./fanoutsim run "$scenario" --json "$tmp/$setup-local.json" --sample 1s > /dev/null
  ./fanoutsim run "$tmp/$setup-candidate.yaml" --json "$tmp/$setup-candidate.json" --sample 1s > /dev/null
  echo "### $setup (calibration/$d, 2 repeats)"
  echo
  python3 calibration/rooms-runs-t/anatomy.py --measured calibration/$d/$setup.json calibration/$d/$setup.r2.json \
    --model local="$tmp/$setup-local.json" --model candidate="$tmp/$setup-candidate.json"
  echo
done
