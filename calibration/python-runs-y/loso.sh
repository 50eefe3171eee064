#!/usr/bin/env bash
# Issue 17: leave one session out within kernel build v1272 with session Y as a fifth (R, S, W, X, Y):
# calibration/python-pooled/loso.sh, the command of calibration/python-runs-x/loso.sh, each held-out session predicted
# by a fit on the other four. calibrate joins the files of one setup name, so a held-out session is judged on its
# setup means (Y's eight setups: the mean of 3 runs each; S's repeated eight likewise, as before); Y is also judged
# run by run (--per-run: each run copied under its own name by floor.py --copies, predicted alone at its own speed
# indexes: the -per-run table).
#   calibration/python-runs-y/loso.sh in-run      # 5 fits, about 1-3 minutes
#   calibration/python-runs-y/loso.sh probes
# Writes calibration/python-runs-y/by-session-v1272y-RULE/fit-all-but-SESSION{.yaml,.log,-predicts-SESSION.md,.csv}
# (and -predicts-python-runs-y-per-run.md/.csv). The fit without Y is the fit on R+S+W+X.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
rule="${1:-}"
[ -n "$rule" ] || { echo "usage: calibration/python-runs-y/loso.sh RULE" >&2; exit 2; }
exec "$here/../python-pooled/loso.sh" --out "calibration/python-runs-y/by-session-v1272y-$rule" --rule "$rule" \
  --per-run python-runs-y python-runs-s python-runs-r python-runs-w python-runs-x python-runs-y
