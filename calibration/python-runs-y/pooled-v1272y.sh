#!/usr/bin/env bash
# Issue 17: the five v1272 sessions (S, R, W, X, Y) pooled, 4-fold cross-validation by setup: the command of
# calibration/python-runs-x/pooled-v1272.sh with Y's files added (calibration/python-pooled/by-setup.sh), at one speed
# rule (calibrate joins the runs of one setup name over every session, so a setup's row is the mean of its runs in
# all five).
#   calibration/python-runs-y/pooled-v1272y.sh in-run    # about 2-4 minutes; writes calibration/python-runs-y/pooled-v1272y/
#   calibration/python-runs-y/pooled-v1272y.sh probes
set -euo pipefail
rule="${1:-}"
[ -n "$rule" ] || { echo "usage: calibration/python-runs-y/pooled-v1272y.sh RULE" >&2; exit 2; }
exec "$(dirname "${BASH_SOURCE[0]}")/../python-pooled/by-setup.sh" --out calibration/python-runs-y/pooled-v1272y \
  --name "$rule" --rule "$rule" python-runs-s python-runs-r python-runs-w python-runs-x python-runs-y
