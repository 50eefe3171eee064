#!/usr/bin/env bash
# Fits the reference rule's exponent (`calibrate --speed-rule reference --speed-reference-exponent E`, issue 12) on
# one session alone, as README "Session L" judged the rule within L: for each E, the session's repeat 2 predicted by
# `local` anchored on its repeat 1, and repeat 1 anchored on repeat 2; beside them the same halves at
# `--speed-rule none`. The E with the lowest mean of the two halves' mean |error| is the session's fit.
# Usage (from any folder): calibration/transfer/reference-exponent.sh [SESSION (default l)] [E ...]
#   default E: 0.25 0.5 0.75 1 1.5. SESSION: a calibration/transfer/session-S with NAME.json and NAME.r2.json files.
# Writes calibration/transfer/reference-exponent-S.md (the per-half tables stay in a temporary folder).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scratch=""
tmp=""
trap 'rm -rf "$scratch" "$tmp"; echo "reference-exponent.sh: interrupted" >&2; exit 130' INT
trap 'rm -rf "$scratch" "$tmp"' EXIT
s="${1:-l}"
shift || true
exponents=("$@")
[ ${#exponents[@]} -gt 0 ] || exponents=(0.25 0.5 0.75 1 1.5)
t=calibration/transfer
d="$t/session-$s"
r1=() r2=()
for f in "$d"/*.json; do
  if [[ "$f" =~ \.r2\.json$ ]]; then r2+=("$f"); elif [[ ! "$f" =~ \.r[0-9]+\.json$ ]]; then r1+=("$f"); fi
done
if [ ${#r1[@]} -eq 0 ] || [ ${#r2[@]} -eq 0 ]; then
  echo "reference-exponent.sh: $d/ needs repeat 1 (NAME.json) and repeat 2 (NAME.r2.json) run files" >&2
  exit 2
fi
out="$t/reference-exponent-$s.md"
if [ ! -w "$t" ] || { [ -e "$out" ] && [ ! -w "$out" ]; }; then
  echo "reference-exponent.sh: cannot write $out" >&2
  exit 3
fi
scratch="$(mktemp -d)"
# mean / worst |error| pp of one calibrate table, from the .csv beside it (abs_error_pp, 3 decimals)
summary() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "abs_error_pp") c = i; next }
    { s += $c; n++; if ($c > w) w = $c } END { printf "%.2f %.1f\n", s / n, w }' "${1%.md}.csv"
}
predict() { # predict TABLE RULE-ARGS... -- FILES...
  local table="$1"; shift
  local args=()
  while [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift
  ./fanoutsim calibrate "$@" --start local "${args[@]}" --predict-only --replications 2 --table "$table" > /dev/null
}
rows=()
for e in none "${exponents[@]}"; do
  if [ "$e" = none ]; then
    predict "$scratch/r2-$e.md" --speed-rule none -- "${r2[@]}"
    predict "$scratch/r1-$e.md" --speed-rule none -- "${r1[@]}"
  else
    predict "$scratch/r2-$e.md" --speed-rule reference --speed-reference-exponent "$e" \
      --speed-reference-from "${r1[@]}" -- "${r2[@]}"
    predict "$scratch/r1-$e.md" --speed-rule reference --speed-reference-exponent "$e" \
      --speed-reference-from "${r2[@]}" -- "${r1[@]}"
  fi
  read -r m2 w2 <<< "$(summary "$scratch/r2-$e.md")"
  read -r m1 w1 <<< "$(summary "$scratch/r1-$e.md")"
  both=$(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.2f", (a + b) / 2 }')
  rows+=("| $e | $m2 / $w2 | $m1 / $w1 | $both |")
  echo "reference-exponent.sh: E $e: repeat 2 $m2 / $w2, repeat 1 $m1 / $w1, mean $both pp" >&2
done
tmp="$(mktemp "$t/.reference-exponent.XXXXXX")"
{
  echo "# The reference rule's exponent, fitted within session $s"
  echo
  echo "Made by:"
  echo
  echo "\`\`\`bash"
  echo "calibration/transfer/reference-exponent.sh $s ${exponents[*]}"
  echo "\`\`\`"
  echo
  echo "Each half of session $s predicted"
  echo "by \`local\` (\`calibrate --predict-only --replications 2\`) at \`--speed-rule reference"
  echo "--speed-reference-exponent E\` anchored on the other half (run i at local's speed_index x (anchor reference /"
  echo "run i's)^E), and at \`--speed-rule none\` (row none). Mean / worst |error| in pp."
  echo
  echo "| E | repeat 2 (anchors: repeat 1) | repeat 1 (anchors: repeat 2) | mean of the two means |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > "$tmp"
mv "$tmp" "$out"
echo "written: $out"
