#!/usr/bin/env bash
# Issue 17: the fit on R+S+W+X+Y (loso.sh RULE's fit-all-but-python-runs-ac) re-centred on the ratio by
# calibration/python-level/recentre.py over the five sessions it was fitted on (nothing from AC): its speed_index x the
# mean of their levels, as calibration/python-level/recentred.sh re-centred the fits that left one of R-Y out.
#   calibration/python-runs-ac/recentre.sh RULE     # RULE in-run or probes; about 2 minutes
# Writes calibration/python-runs-ac/by-session-v1272ac-RULE/fit-all-but-python-runs-ac-recentred.yaml.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="${1:-}"
. calibration/python-pooled/common.sh
need_rule calibration/python-runs-ac/recentre.sh "$rule"
fit="calibration/python-runs-ac/by-session-v1272ac-$rule/fit-all-but-python-runs-ac"
[ -f "$fit.yaml" ] || { echo "recentre.sh: no $fit.yaml; run calibration/python-runs-ac/loso.sh $rule first" >&2; exit 2; }
python3 calibration/python-level/recentre.py --rule "$rule" --out "$fit-recentred.yaml" --start "$fit.yaml" \
  calibration/python-runs-r calibration/python-runs-s calibration/python-runs-w calibration/python-runs-x \
  calibration/python-runs-y
