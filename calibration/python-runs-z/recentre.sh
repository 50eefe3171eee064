#!/usr/bin/env bash
# Issue 17: the fit on R+S+W+X+Y (loso.sh RULE's fit-all-but-python-runs-z) re-centred on the ratio by
# calibration/python-level/recentre.py over the five sessions it was fitted on (nothing from Z): its speed_index x the
# mean of their levels, as calibration/python-level/recentred.sh re-centred the fits that left one of R-Y out.
#   calibration/python-runs-z/recentre.sh RULE     # RULE in-run or probes; about 2 minutes
# Writes calibration/python-runs-z/by-session-v1272z-RULE/fit-all-but-python-runs-z-recentred.yaml.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="${1:-}"
case "$rule" in
  in-run|probes) ;;
  *) echo "usage: calibration/python-runs-z/recentre.sh in-run|probes" >&2; exit 2 ;;
esac
fit="calibration/python-runs-z/by-session-v1272z-$rule/fit-all-but-python-runs-z"
[ -f "$fit.yaml" ] || { echo "recentre.sh: no $fit.yaml; run calibration/python-runs-z/loso.sh $rule first" >&2; exit 2; }
python3 calibration/python-level/recentre.py --rule "$rule" --out "$fit-recentred.yaml" --start "$fit.yaml" \
  calibration/python-runs-r calibration/python-runs-s calibration/python-runs-w calibration/python-runs-x \
  calibration/python-runs-y
