#!/usr/bin/env bash
# Issue 17, session AF: session AE held out (as calibration/python-runs-ae/held-out.sh) for loso.sh's variants: one fit
# on all seven v1272 sessions (R, S, W, X, Y, AC, AD) per variant, each predicting AE's runs made without step timers
# (bursts/ and bursts-left/: 17 runs, 12 setups).
#   calibration/python-runs-af/held-out.sh copies-measured [cc]      # one fit and one prediction, about a minute
# Writes calibration/python-runs-af/held-out/fit-all-VARIANT[-cc]{.yaml,.log} and predicts-ae-VARIANT[-cc]{.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
variant="${1:-}" cc="${2:-}"
usage() { echo "usage: calibration/python-runs-af/held-out.sh copies-measured [cc]" >&2; exit 2; }
case "$variant" in
  copies-measured) extra=("${PY_COPIES_MEASURED_SETS[@]}") free="$PY_COPIES_MEASURED_FREE" ;;
  *) usage ;;
esac
case "$cc" in
  cc) extra+=(--fit-connect-close); name="$variant-cc" ;;
  "") name="$variant" ;;
  *) usage ;;
esac
out=calibration/python-runs-af/held-out
mkdir -p "$out"
files=()
for s in python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac python-runs-ad; do
  files+=(calibration/"$s"/*.json)
done
./fanoutsim calibrate "${files[@]}" --out "$out/fit-all-$name.yaml" --start "$PY_FIT_START" --speed-rule in-run \
  "${PY_FIT_SETS[@]}" "${extra[@]}" --free "$free" "${PY_FIT_BUDGET[@]}" > "$out/fit-all-$name.log" 2>&1
./fanoutsim calibrate calibration/python-runs-ae/bursts/*.json calibration/python-runs-ae/bursts-left/*.json \
  --start "$out/fit-all-$name.yaml" --speed-rule in-run --predict-only --replications 2 \
  --table "$out/predicts-ae-$name.md" 2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$name: /"
