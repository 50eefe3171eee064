#!/usr/bin/env bash
# Session AK's runs held out: predicted by local-python as committed at 76fc7d6 (fitted on the twelve sessions R-AI,
# six of these setups among them, none of these runs; the copy beside the runs is that file), each run at its in-run
# speed and a setup's three runs pooled (calibrate --repeats-at-own-speed, as the profile was fitted).
#   calibration/python-runs-ak/session/predict.sh      # about 10 s
# Writes calibration/python-runs-ak/session/predicted-local-python{.md,.csv} and plots/python-session-ak/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-ak/session
py_predict "local-python (76fc7d6)" "$here/local-python-76fc7d6.yaml" "$here/predicted-local-python.md" \
  plots/python-session-ak --repeats-at-own-speed "$here"/*.json
