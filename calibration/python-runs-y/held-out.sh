#!/usr/bin/env bash
# Issue 17: session Y (kernel v1272, 2026-12-05 03:56-04:16 UTC) held out, predicted by profiles fitted before it was
# measured: the five-session pooled fit and the six-session one (python-runs-x/pooled6), the v1272 fit (R+S+W) and
# local-python, at --speed-rule probes and in-run; judged on Y's setup means (calibrate joins the three runs of a
# setup: 8 rows) and run by run (each run copied under its own name by floor.py --copies: 24 rows, -per-run tables).
#   calibration/python-runs-y/held-out.sh      # about 3 minutes; writes calibration/python-runs-y/validation-*.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/python-runs-y
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 calibration/python-pooled/floor.py --copies "$dir" calibration/python-runs-y
for p in pooled5:calibration/python-runs-w/pooled5/probes.yaml \
         pooled6:calibration/python-runs-x/pooled6/probes.yaml \
         v1272:calibration/python-runs-w/by-session/fit-v1272.yaml \
         local-python:calibration/profiles/local-python.yaml; do
  name="${p%%:*}" profile="${p#*:}"
  for rule in probes in-run; do
    ./fanoutsim calibrate calibration/python-runs-y/*.json --start "$profile" --speed-rule "$rule" --predict-only \
      --replications 2 --table "$out/validation-$name-$rule.md" 2>/dev/null | grep -m1 'mean absolute' \
      | sed "s/^/$name $rule, setup means: /"
    ./fanoutsim calibrate "$dir"/*.json --start "$profile" --speed-rule "$rule" --predict-only \
      --replications 2 --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute' \
      | sed "s/^/$name $rule, run by run: /"
    sed -e "s#$dir/\*\.json#DIR/*.json#" \
    -e "/^\.\/fanoutsim calibrate DIR/i python3 calibration/python-pooled/floor.py --copies DIR calibration/python-runs-y" \
    -e "s#$dir/per-run#$out/validation-$name-$rule-per-run#" \
      "$dir/per-run.md" > "$out/validation-$name-$rule-per-run.md"
    cp "$dir/per-run.csv" "$out/validation-$name-$rule-per-run.csv"
  done
done
