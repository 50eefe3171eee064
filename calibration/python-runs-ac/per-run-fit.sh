#!/usr/bin/env bash
# Issue 17: does the fit learn the speed response when every run counts alone? calibrate joins a setup's repeats into
# one mean at their mean speed, so a pooled fit sees each setup once and never the spread of speeds within it. Here
# the runs of the v1272 sessions but HELD (default python-runs-ac) are copied each under its own name (floor.py
# --copies) and fitted as loso.sh fits (same start, --set, free list, budget); then HELD is predicted by it, on its
# setup means and run by run. Leave one session out by running it once per session.
#   calibration/python-runs-ac/per-run-fit.sh RULE [HELD]     # RULE in-run or probes; about 5 minutes a fit
#   for s in r s w x y ac; do calibration/python-runs-ac/per-run-fit.sh in-run python-runs-$s; done
# Writes calibration/python-runs-ac/per-run-fit-RULE/fit-all-but-HELD{.yaml,.log,-predicts-HELD.md,.csv,
# -predicts-HELD-per-run.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="${1:-}" held="${2:-python-runs-ac}"
. calibration/python-pooled/common.sh
need_rule calibration/python-runs-ac/per-run-fit.sh "$rule" "[HELD]"
sessions=(python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac)
others=()
for s in "${sessions[@]}"; do [ "$s" = "$held" ] || others+=(calibration/"$s"); done
[ ${#others[@]} -lt ${#sessions[@]} ] || { echo "per-run-fit.sh: HELD must be one of ${sessions[*]}" >&2; exit 2; }
out="calibration/python-runs-ac/per-run-fit-$rule"
base="$out/fit-all-but-$held"
mkdir -p "$out"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/fit" "$dir/held"
python3 calibration/python-pooled/floor.py --copies "$dir/fit" "${others[@]}" > /dev/null
python3 calibration/python-pooled/floor.py --copies "$dir/held" calibration/"$held" > /dev/null
./fanoutsim calibrate "$dir"/fit/*.json --out "$base.yaml" --start "$PY_FIT_START" --speed-rule "$rule" \
  "${PY_FIT_SETS[@]}" --free "$PY_FIT_FREE" "${PY_FIT_BUDGET[@]}" > "$base.log" 2>&1
sed -i -e "s#$dir/fit/\*\.json#COPIES/*.json#g" -e "s#$dir/fit#COPIES#g" "$base.yaml" "$base.log"
./fanoutsim calibrate calibration/"$held"/*.json --start "$base.yaml" --speed-rule "$rule" \
  --predict-only --replications 2 --table "$base-predicts-$held.md" 2>/dev/null | grep -m1 'mean absolute' \
  | sed "s/^/$held: /"
./fanoutsim calibrate "$dir"/held/*.json --start "$base.yaml" --speed-rule "$rule" \
  --predict-only --replications 2 --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute' \
  | sed "s/^/$held run by run: /"
sed -e "s#$dir/held/\*\.json#COPIES/*.json#" -e "s#$dir/per-run#$base-predicts-$held-per-run#" \
  "$dir/per-run.md" > "$base-predicts-$held-per-run.md"
cp "$dir/per-run.csv" "$base-predicts-$held-per-run.csv"
