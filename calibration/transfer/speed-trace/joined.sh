#!/usr/bin/env bash
# Issues 12 and 17: setup means as calibrate judges them (the repeats of a setup joined and predicted once: at their
# mean in-run speed, and under in-run-trace also at the mean of their per-second traces), predict-only,
# --replications 2, at --speed-rule in-run and in-run-trace: the joint `local` on the 2096 MHz host's knee sessions
# R + S and R + S + X, and session Y's R+S+W+X fit (python-runs-y/loso.sh in-run) on Y.
#   calibration/transfer/speed-trace/joined.sh     # about 3 minutes; writes joined-*.md/.csv and prints the means
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
out=calibration/transfer/speed-trace
t=calibration/transfer
y=calibration/python-runs-y/by-session-v1272y-in-run/fit-all-but-python-runs-y.yaml
for rule in in-run in-run-trace; do
  ./fanoutsim calibrate $t/session-r/*.json $t/session-s/*.json --start local --speed-rule $rule --predict-only \
    --replications 2 --table $out/joined-rs-local-$rule.md 2>/dev/null | grep -m1 'mean absolute' | sed "s/^/RS local $rule: /"
  ./fanoutsim calibrate $t/session-r/*.json $t/session-s/*.json $t/session-x/*.json --start local --speed-rule $rule \
    --predict-only --replications 2 --table $out/joined-rsx-local-$rule.md 2>/dev/null | grep -m1 'mean absolute' \
    | sed "s/^/RSX local $rule: /"
  ./fanoutsim calibrate calibration/python-runs-y/*.json --start $y --speed-rule $rule --predict-only \
    --replications 2 --table $out/joined-y-$rule.md 2>/dev/null | grep -m1 'mean absolute' | sed "s/^/Y $rule: /"
done
