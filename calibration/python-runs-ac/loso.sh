#!/usr/bin/env bash
# Issue 17: leave one session out within kernel build v1272 with session AC as a sixth (R, S, W, X, Y, AC):
# calibration/python-pooled/loso.sh, the command of calibration/python-runs-y/loso.sh, each held-out session predicted
# by a fit on the other five, judged on its setup means (calibrate joins a setup's repeats: AC's eleven setups the mean
# of 3 runs each); AC also run by run (--per-run). The fit without AC is the fit on R+S+W+X+Y.
#   calibration/python-runs-ac/loso.sh in-run      # 6 fits, about 6-8 minutes
#   calibration/python-runs-ac/loso.sh probes
#   calibration/python-runs-ac/loso.sh in-run 0.75   # every fit and prediction at --speed-exponent 0.75
# Writes calibration/python-runs-ac/by-session-v1272ac-RULE[-eE]/fit-all-but-SESSION{.yaml,.log,-predicts-SESSION.md,
# .csv} (and -predicts-python-runs-ac-per-run.md/.csv).
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
rule="${1:-}" e="${2:-}"
[ -n "$rule" ] || { echo "usage: calibration/python-runs-ac/loso.sh RULE [E]" >&2; exit 2; }
out="calibration/python-runs-ac/by-session-v1272ac-$rule" exponent=()
[ -z "$e" ] || { out="$out-e$e"; exponent=(--speed-exponent "$e"); }
exec "$here/../python-pooled/loso.sh" --out "$out" --rule "$rule" "${exponent[@]}" \
  --per-run python-runs-ac python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac
