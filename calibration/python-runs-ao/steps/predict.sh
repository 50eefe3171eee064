#!/usr/bin/env bash
# Session AO's runs held out: predicted by local-python as refitted on the sixteen sessions R-AM (910bbd8, unchanged
# at 8532bff; session AN's copy of it, calibration/python-runs-an/timeline/local-python-16.yaml), each run at its
# in-run speed and a setup's three runs pooled (calibrate --repeats-at-own-speed, as the profile was fitted).
#   calibration/python-runs-ao/steps/predict.sh      # about 10 s
# Writes calibration/python-runs-ao/steps/predicted-local-python{.md,.csv} and plots/python-session-ao/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-ao/steps
py_predict "local-python (sixteen sessions, 910bbd8)" calibration/python-runs-an/timeline/local-python-16.yaml \
  "$here/predicted-local-python.md" plots/python-session-ao --repeats-at-own-speed "$here"/*.json
