#!/usr/bin/env bash
# Issue 17: session AC held out, predicted by the committed profiles fitted before it was measured (local-python, the
# six-session pooled python-runs-x/pooled6) and by the fit on R+S+W+X+Y as fitted (loso.sh RULE) and re-centred
# (recentre.sh RULE), each at --speed-rule probes and in-run (the fits at their own rule); judged on AC's setup means
# (calibrate joins the three runs of a setup: 11 rows) and run by run (33 rows, -per-run tables).
#   calibration/python-runs-ac/held-out.sh      # about 4 minutes, after loso.sh and recentre.sh at both rules;
#                                              # writes calibration/python-runs-ac/validation-*.md
set -euo pipefail
fit=calibration/python-runs-ac/by-session-v1272ac-RULE/fit-all-but-python-runs-ac
exec "$(dirname "${BASH_SOURCE[0]}")/../python-pooled/held-out.sh" --out calibration/python-runs-ac python-runs-ac \
  local-python:calibration/profiles/local-python.yaml \
  pooled6:calibration/python-runs-x/pooled6/probes.yaml \
  rsxwy:"$fit.yaml" \
  rsxwy-recentred:"$fit-recentred.yaml"
