#!/usr/bin/env bash
# Session AM's runs held out: predicted by local-python as committed at d115ed0 (fitted on the fifteen sessions R-AL,
# the setups measured before, not these runs; the copy beside the runs is that file), each run at its in-run
# speed and a setup's three runs pooled (calibrate --repeats-at-own-speed, as the profile was fitted).
#   calibration/python-runs-am/session/predict.sh      # about 10 s
# Writes calibration/python-runs-am/session/predicted-local-python{.md,.csv} and plots/python-session-am/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-am/session
py_predict "local-python (d115ed0)" "$here/local-python-d115ed0.yaml" "$here/predicted-local-python.md" \
  plots/python-session-am --repeats-at-own-speed "$here"/*.json
