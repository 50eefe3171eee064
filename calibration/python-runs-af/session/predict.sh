#!/usr/bin/env bash
# Session AF's runs held out: predicted by local-python as committed before them (refitted in session AF), by the
# local-python before it (500382b) and by AE's two fits on the seven sessions (base and segment-lsq), each run at its
# in-run speed.
#   calibration/python-runs-af/session/predict.sh      # four predictions, about 20 s
# Writes calibration/python-runs-af/session/predicted-NAME{.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
here=calibration/python-runs-af/session
before="$(mktemp --suffix=.yaml)"
trap 'rm -f "$before"' EXIT
git show 500382b:calibration/profiles/local-python.yaml > "$before"
for pair in "local-python=calibration/profiles/local-python.yaml" "local-python-0.43.0=$before" \
            "ae-base=calibration/python-runs-ae/held-out/fit-all-base.yaml" \
            "ae-segment-lsq=calibration/python-runs-ae/held-out/fit-all-segment-lsq.yaml"; do
  name="${pair%%=*}" profile="${pair#*=}"
  ./fanoutsim calibrate "$here"/*.json --start "$profile" --speed-rule in-run --predict-only --replications 2 \
    --table "$here/predicted-$name.md" 2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$name: /"
done
