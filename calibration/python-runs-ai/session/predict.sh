#!/usr/bin/env bash
# Session AI's runs held out run by run: predicted by local-python as committed at d51958e (fitted on the eleven
# sessions R-AH, where these setups were measured before; the copy beside the runs is that file), each run at its
# in-run speed.
#   calibration/python-runs-ai/session/predict.sh      # about 10 s
# Writes calibration/python-runs-ai/session/predicted-local-python{.md,.csv} and plots/python-session-ai/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-ai/session
py_predict "local-python (d51958e)" "$here/local-python-d51958e.yaml" "$here/predicted-local-python.md" \
  plots/python-session-ai "$here"/*.json
