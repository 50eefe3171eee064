#!/usr/bin/env bash
# Predicts each run of the run-length experiment (sessions-2, sessions-6) and session F's two runs of the same setup
# alone, with the committed `local` profile, under each `calibrate --speed-rule`, and sums up how much of the runs'
# scatter each rule's speed explains (run-length/speed-rules.md). Each file is predicted on its own so that repeats
# are not joined into one mean at one speed. Usage (from the repository root, ~3 min):
#   calibration/transfer/run-length/predict-by-speed-rule.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
here=calibration/transfer/run-length
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tsv="$here/speed-rules.tsv"
printf 'file\trule\tmeasured\tpredicted\n' > "$tsv"
for f in "$here"/sessions-2/*.json "$here"/sessions-6/*.json calibration/transfer/session-f/n150-*.json; do
  for rule in probes in-run machine none; do
    # --include-contaminated: session F's first n150 run is marked contaminated; the table says which it is.
    ./fanoutsim calibrate "$f" --start local --predict-only --replications 2 --speed-rule "$rule" \
      --include-contaminated --table "$scratch/one.md" > /dev/null 2>&1
    python3 -c '
import csv, sys
r = next(csv.DictReader(open(sys.argv[1])))
measured, predicted = float(r["measured_ratio"]) * 100, float(r["predicted_ratio"]) * 100
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{measured:.1f}\t{predicted:.1f}")
' "$scratch/one.csv" "$f" "$rule" >> "$tsv"
  done
done
python3 "$here/speed-rules-summary.py" "$tsv" > "$here/speed-rules.md"
echo "wrote $tsv and $here/speed-rules.md"
