#!/usr/bin/env bash
# Issue 17: session X (kernel v1272, 2026-12-05) held out, predicted by profiles fitted before it was measured:
# the five-session pooled fit, the v1272 fit (R+S+W) and local-python, at --speed-rule probes and in-run.
#   calibration/python-runs-x/held-out.sh      # about 2 minutes; writes calibration/python-runs-x/validation-*.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/python-runs-x
for p in pooled5:calibration/python-runs-w/pooled5/probes.yaml \
         v1272:calibration/python-runs-w/by-session/fit-v1272.yaml \
         local-python:calibration/profiles/local-python.yaml; do
  name="${p%%:*}" profile="${p#*:}"
  for rule in probes in-run; do
    ./fanoutsim calibrate calibration/python-runs-x/*.json --start "$profile" --speed-rule "$rule" --predict-only \
      --replications 2 --table "$out/validation-$name-$rule.md" 2>/dev/null | grep -m1 'mean absolute' \
      | sed "s/^/$name $rule: /"
  done
done
