#!/usr/bin/env bash
# Judges `calibrate --speed-rule reference` on a session it was not anchored on (issue 12): predicts every run of
# session S by `local` at the reference rule, anchored on session A's runs (their mean speed reference per mode and
# task count stands for local's speed_index), and at `--speed-rule none` (every run at local's own speed), then puts
# the two sessions' references beside their servers' work (reference-vs-work.py A S).
# Usage (from any folder): [EXPONENT=E] calibration/transfer/judge-reference.sh S [A]   # A: the anchor, default l
# Writes calibration/transfer/validation-session-S-by-A-reference.{md,csv},
# validation-session-S-speed-none.{md,csv} and reference-vs-work-AS.md; prints each table's mean / worst line.
# EXPONENT=E: the reference rule at `--speed-reference-exponent E` only, into
# validation-session-S-by-A-reference-eE.{md,csv} (the none table and reference-vs-work do not depend on it).
# A run the anchors have no mode and task count for (a contaminated anchor left one out) is skipped, by name on stderr.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=""
trap 'rm -f "$tmp"; echo "judge-reference.sh: interrupted" >&2; exit 130' INT
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: [EXPONENT=E] calibration/transfer/judge-reference.sh SESSION [ANCHOR_SESSION (default l)]" >&2
  exit 2
fi
s="$1"
a="${2:-l}"
e="${EXPONENT:-}"
t=calibration/transfer
for x in "$s" "$a"; do
  if ! compgen -G "$t/session-$x/*.json" > /dev/null; then
    echo "judge-reference.sh: no run files in $t/session-$x/" >&2
    exit 2
  fi
done
exponent=()
reference="$t/validation-session-$s-by-$a-reference.md"
if [ -n "$e" ]; then
  exponent=(--speed-reference-exponent "$e")
  reference="$t/validation-session-$s-by-$a-reference-e$e.md"
fi
./fanoutsim calibrate "$t/session-$s"/*.json --start local --speed-rule reference "${exponent[@]}" \
  --speed-reference-from "$t/session-$a"/*.json --predict-only --replications 2 --skip-invalid \
  --table "$reference" > /dev/null
if [ -n "$e" ]; then
  echo "$reference: $(grep -m1 'mean absolute error' "$reference")"
  exit 0
fi
./fanoutsim calibrate "$t/session-$s"/*.json --start local --speed-rule none --predict-only --replications 2 \
  --table "$t/validation-session-$s-speed-none.md" > /dev/null
tmp="$(mktemp "$t/.reference-vs-work.XXXXXX")"
"$t/reference-vs-work.py" "$a" "$s" > "$tmp"
mv "$tmp" "$t/reference-vs-work-$a$s.md"
for f in "$reference" "$t/validation-session-$s-speed-none.md"; do
  echo "$f: $(grep -m1 'mean absolute error' "$f")"
done
echo "written: $t/reference-vs-work-$a$s.md"
