#!/usr/bin/env bash
# Issue 17: one Python session held out, predicted by profiles at --speed-rule probes and in-run, judged on the
# session's setup means (calibrate joins a setup's repeats: one row a setup) and run by run (each run copied under its
# own name by floor.py --copies: the -per-run tables). A profile path may hold RULE, replaced by each rule (a fit made
# at that rule, as loso.sh's).
#   calibration/python-pooled/held-out.sh --out DIR SESSION NAME:PROFILE...
# SESSION is a folder under calibration/ (python-runs-y, ...). Writes DIR/validation-NAME-RULE{.md,.csv} and
# DIR/validation-NAME-RULE-per-run{.md,.csv}; about 20 s a profile and rule.
# calibration/python-runs-y/held-out.sh and calibration/python-runs-ac/held-out.sh are its committed uses.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
usage() {
  echo "usage: calibration/python-pooled/held-out.sh --out DIR SESSION NAME:PROFILE..." >&2
  exit 2
}
[ "${1:-}" = --out ] && [ $# -ge 4 ] || usage
out="$2" session="$3"
shift 3
[ -d "calibration/$session" ] || { echo "held-out.sh: no session folder calibration/$session" >&2; exit 2; }
for p in "$@"; do
  case "$p" in
    *:*) ;;
    *) echo "held-out.sh: '$p' is not NAME:PROFILE" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 calibration/python-pooled/floor.py --copies "$dir" "calibration/$session"
for p in "$@"; do
  name="${p%%:*}"
  for rule in probes in-run; do
    profile="${p#*:}"
    profile="${profile//RULE/$rule}"
    [ -f "$profile" ] || { echo "held-out.sh: no profile $profile" >&2; exit 2; }
    ./fanoutsim calibrate "calibration/$session"/*.json --start "$profile" --speed-rule "$rule" --predict-only \
      --replications 2 --table "$out/validation-$name-$rule.md" 2>/dev/null | grep -m1 'mean absolute' \
      | sed "s/^/$name $rule, setup means: /"
    ./fanoutsim calibrate "$dir"/*.json --start "$profile" --speed-rule "$rule" --predict-only \
      --replications 2 --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute' \
      | sed "s/^/$name $rule, run by run: /"
    sed -e "s#$dir/\*\.json#DIR/*.json#" \
      -e "/^\.\/fanoutsim calibrate DIR/i python3 calibration/python-pooled/floor.py --copies DIR calibration/$session" \
      -e "s#$dir/per-run#$out/validation-$name-$rule-per-run#" \
      "$dir/per-run.md" > "$out/validation-$name-$rule-per-run.md"
    cp "$dir/per-run.csv" "$out/validation-$name-$rule-per-run.csv"
  done
done
