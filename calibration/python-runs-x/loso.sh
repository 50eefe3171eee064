#!/usr/bin/env bash
# Issue 17: leave one session out, as calibration/python-runs-w/by-session/ did it (same start, --set, free list and
# budget), each held-out session predicted by a fit on the others, at one speed rule: calibration/python-pooled/loso.sh
# over one of session X's two session sets.
#   calibration/python-runs-x/loso.sh v1272 probes   # R, S, W, X (kernel v1272): 4 fits, about 2-3 minutes
#   calibration/python-runs-x/loso.sh v1272 in-run
#   calibration/python-runs-x/loso.sh all probes     # the six 2096 MHz sessions: 6 fits
# Writes calibration/python-runs-x/by-session-SET-RULE/fit-all-but-SESSION{.yaml,.log,-predicts-SESSION.md,.csv}.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
set_name="${1:-}" rule="${2:-}"
case "$set_name" in
  v1272) sessions=(python-runs-s python-runs-r python-runs-w python-runs-x) ;;
  all) sessions=(python-runs python-runs-s python-runs-r python-runs-day2 python-runs-w python-runs-x) ;;
  *) echo "loso.sh: set must be v1272 or all, not '$set_name'" >&2; exit 2 ;;
esac
[ -n "$rule" ] || { echo "usage: calibration/python-runs-x/loso.sh v1272|all RULE" >&2; exit 2; }
exec "$here/../python-pooled/loso.sh" --out "calibration/python-runs-x/by-session-$set_name-$rule" --rule "$rule" \
  "${sessions[@]}"
