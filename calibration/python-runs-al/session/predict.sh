#!/usr/bin/env bash
# Session AL's runs held out: predicted by local-python as committed at 13632fb (fitted on the fourteen sessions R-AK,
# none of these setups; the copy beside the runs is that file), each run at its in-run
# speed and a setup's three runs pooled (calibrate --repeats-at-own-speed, as the profile was fitted).
#   calibration/python-runs-al/session/predict.sh      # about 10 s
# Writes calibration/python-runs-al/session/predicted-local-python{.md,.csv} and plots/python-session-al/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-al/session
py_predict "local-python (13632fb)" "$here/local-python-13632fb.yaml" "$here/predicted-local-python.md" \
  plots/python-session-al --repeats-at-own-speed "$here"/*.json
