#!/usr/bin/env bash
# Issue 17: leave one session out within v1272 (R, S, W, X, Y) with each fit re-centred on the ratio: the fit that
# left SESSION out (calibration/python-runs-y/by-session-v1272y-RULE/fit-all-but-SESSION.yaml) re-centred by
# recentre.py on the four sessions it was fitted on (nothing from SESSION), then SESSION predicted by it as
# loso.sh predicts (`--predict-only --replications 2`, a setup's repeats joined); Y also run by run.
#   calibration/python-level/recentred.sh RULE      # RULE in-run or probes; about 8 minutes
# Writes calibration/python-level/recentred-RULE/fit-all-but-SESSION{.yaml,-predicts-SESSION.md,.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="${1:-}"
. calibration/python-pooled/common.sh
need_rule calibration/python-level/recentred.sh "$rule"
out="calibration/python-level/recentred-$rule"
mkdir -p "$out"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
sessions=(python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y)
for held in "${sessions[@]}"; do
  others=()
  for s in "${sessions[@]}"; do [ "$s" = "$held" ] || others+=(calibration/"$s"); done
  python3 calibration/python-level/recentre.py --rule "$rule" --out "$out/fit-all-but-$held.yaml" \
    --start "calibration/python-runs-y/by-session-v1272y-$rule/fit-all-but-$held.yaml" "${others[@]}" \
    | tail -1 | sed "s/^/$held: /"
  ./fanoutsim calibrate calibration/"$held"/*.json --start "$out/fit-all-but-$held.yaml" --speed-rule "$rule" \
    --predict-only --replications 2 --table "$out/fit-all-but-$held-predicts-$held.md" \
    2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$held: /"
done
python3 calibration/python-pooled/floor.py --copies "$dir" calibration/python-runs-y
table="$out/fit-all-but-python-runs-y-predicts-python-runs-y-per-run"
./fanoutsim calibrate "$dir"/*.json --start "$out/fit-all-but-python-runs-y.yaml" --speed-rule "$rule" \
  --predict-only --replications 2 --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute' \
  | sed "s/^/python-runs-y run by run: /"
sed -e "s#$dir/\*\.json#DIR/*.json#" \
    -e "/^\.\/fanoutsim calibrate DIR/i \\
python3 calibration/python-pooled/floor.py --copies DIR calibration/python-runs-y" \
    -e "s#$dir/per-run#$table#" \
  "$dir/per-run.md" > "$table.md"
cp "$dir/per-run.csv" "$table.csv"
