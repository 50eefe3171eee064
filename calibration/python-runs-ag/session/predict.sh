#!/usr/bin/env bash
# Session AG's runs held out: predicted by local-python as committed before them (refitted in session AG with
# publish_wait_rounds 3) and by the local-python of 0.44.0 (3d99403, no waits), each run at its in-run speed.
#   calibration/python-runs-ag/session/predict.sh      # two predictions, about 20 s
# Writes calibration/python-runs-ag/session/predicted-NAME{.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
here=calibration/python-runs-ag/session
before="$(mktemp --suffix=.yaml)"
trap 'rm -f "$before"' EXIT
git show 3d99403:calibration/profiles/local-python.yaml > "$before"
for pair in "local-python=calibration/profiles/local-python.yaml" "local-python-0.44.0=$before"; do
  name="${pair%%=*}" profile="${pair#*=}"
  ./fanoutsim calibrate "$here"/*.json --start "$profile" --speed-rule in-run --predict-only --replications 2 \
    --table "$here/predicted-$name.md" 2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$name: /"
done
