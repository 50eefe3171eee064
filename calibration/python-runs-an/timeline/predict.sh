#!/usr/bin/env bash
# Session AN's runs held out: predicted by local-python as refitted on the sixteen sessions R-AM (910bbd8,
# the setups measured before, not these runs; the copy beside the runs is that file), each run at its in-run
# speed and a setup's three runs pooled (calibrate --repeats-at-own-speed, as the profile was fitted).
#   calibration/python-runs-an/timeline/predict.sh      # about 10 s
# Writes calibration/python-runs-an/timeline/predicted-local-python{.md,.csv} and plots/python-session-an/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-an/timeline
py_predict "local-python (sixteen sessions, 910bbd8)" "$here/local-python-16.yaml" "$here/predicted-local-python.md" \
  plots/python-session-an --repeats-at-own-speed "$here"/*.json
