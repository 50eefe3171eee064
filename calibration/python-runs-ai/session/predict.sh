#!/usr/bin/env bash
# Session AI's runs held out run by run: predicted by local-python as committed at d51958e (fitted on the eleven
# sessions R-AH, where these setups were measured before; the copy beside the runs is that file), each run at its
# in-run speed.
#   calibration/python-runs-ai/session/predict.sh      # about 10 s
# Writes calibration/python-runs-ai/session/predicted-local-python{.md,.csv} and plots/python-session-ai/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
here=calibration/python-runs-ai/session
./fanoutsim calibrate "$here"/*.json --start "$here/local-python-d51958e.yaml" --speed-rule in-run --predict-only \
  --replications 2 --table "$here/predicted-local-python.md" --plots plots/python-session-ai 2>/dev/null \
  | grep -m1 'mean absolute' | sed "s/^/local-python (d51958e): /"
