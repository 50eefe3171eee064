#!/usr/bin/env bash
# Session AJ's runs held out: predicted by local-python as committed at 425652f (fitted on the twelve sessions R-AI,
# none of these setups among them; the copy beside the runs is that file), each run at its in-run speed and a setup's
# three runs pooled (calibrate --repeats-at-own-speed, as the profile was fitted).
#   calibration/python-runs-aj/session/predict.sh      # about 10 s
# Writes calibration/python-runs-aj/session/predicted-local-python{.md,.csv} and plots/python-session-aj/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-aj/session
py_predict "local-python (425652f)" "$here/local-python-425652f.yaml" "$here/predicted-local-python.md" \
  plots/python-session-aj --repeats-at-own-speed "$here"/*.json
