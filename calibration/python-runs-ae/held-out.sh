#!/usr/bin/env bash
# Issue 17, session AE: session AE itself held out. One fit on all seven v1272 sessions (R, S, W, X, Y, AC, AD) per
# variant, base (python-pooled/common.sh's) and segment-lsq (write_segment_cpu 13.6 us, turn_segment_limit 20, not
# fitted), each predicting AE's runs that ran without step timers (bursts/ and bursts-left/: 17 runs, 12 setups).
#   calibration/python-runs-ae/held-out.sh      # 2 fits and 2 predictions, about 3 minutes
# Writes calibration/python-runs-ae/held-out/fit-all-VARIANT{.yaml,.log} and predicts-ae-VARIANT{.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
out=calibration/python-runs-ae/held-out
mkdir -p "$out"
sessions=(python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac python-runs-ad)
files=()
for s in "${sessions[@]}"; do files+=(calibration/"$s"/*.json); done
for variant in base segment-lsq; do
  extra=()
  [ "$variant" = base ] || extra=(--set write_segment_cpu=13.6us --set turn_segment_limit=20)
  ./fanoutsim calibrate "${files[@]}" --out "$out/fit-all-$variant.yaml" --start "$PY_FIT_START" --speed-rule in-run \
    "${PY_FIT_SETS[@]}" "${extra[@]}" --free "$PY_FIT_FREE" "${PY_FIT_BUDGET[@]}" > "$out/fit-all-$variant.log" 2>&1
  ./fanoutsim calibrate calibration/python-runs-ae/bursts/*.json calibration/python-runs-ae/bursts-left/*.json \
    --start "$out/fit-all-$variant.yaml" --speed-rule in-run --predict-only --replications 2 \
    --table "$out/predicts-ae-$variant.md" 2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$variant: /"
done
