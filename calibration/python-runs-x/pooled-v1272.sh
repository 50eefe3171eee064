#!/usr/bin/env bash
# Issue 17: the four v1272 sessions (S, R, W, X) pooled, 4-fold cross-validation by setup
# (calibration/python-pooled/by-setup.sh, pooled6.sh's command on their files only), at one speed rule (probes or
# in-run: every v1272 run carries the in-run index).
#   calibration/python-runs-x/pooled-v1272.sh probes    # about 2 minutes; writes calibration/python-runs-x/pooled-v1272/
#   calibration/python-runs-x/pooled-v1272.sh in-run
set -euo pipefail
rule="${1:-}"
[ -n "$rule" ] || { echo "usage: calibration/python-runs-x/pooled-v1272.sh RULE" >&2; exit 2; }
exec "$(dirname "${BASH_SOURCE[0]}")/../python-pooled/by-setup.sh" --out calibration/python-runs-x/pooled-v1272 \
  --name "$rule" --rule "$rule" python-runs-s python-runs-r python-runs-w python-runs-x
