#!/usr/bin/env bash
# Session AG's runs held out: predicted by local-python as committed before them (dd45bc6: refitted in session AG with
# publish_wait_rounds 3 on the nine sessions R-AF; the local-python after it is fitted on AG too) and by the
# local-python of 0.44.0 (3d99403, no waits), each run at its in-run speed; the first one's plots too. Both profiles are
# kept beside the runs as they were committed (`git show dd45bc6:calibration/profiles/local-python.yaml`, and 3d99403's).
#   calibration/python-runs-ag/session/predict.sh      # two predictions, about 20 s
# Writes calibration/python-runs-ag/session/predicted-NAME{.md,.csv} and plots/python-session-ag/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-ag/session
py_predict "local-python (dd45bc6)" "$here/local-python-dd45bc6.yaml" "$here/predicted-local-python.md" \
  plots/python-session-ag "$here"/*.json
py_predict local-python-0.44.0 "$here/local-python-0.44.0.yaml" "$here/predicted-local-python-0.44.0.md" "" \
  "$here"/*.json
