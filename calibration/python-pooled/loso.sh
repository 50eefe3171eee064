#!/usr/bin/env bash
# Issue 17: leave one Python session out, as calibration/python-runs-w/by-session/ did it (start python-start.yaml,
# the same --set, free list and budget): each held-out session predicted by a fit on the others, at one speed rule.
# calibrate joins the files of one setup name, so a held-out session with repeats is judged on its setup means; with
# --per-run SESSION that session is also judged run by run (each run copied under its own name by floor.py --copies,
# predicted alone at its own speed indexes by the fit without it: the -per-run table).
#   calibration/python-pooled/loso.sh --out DIR --rule RULE [--per-run SESSION] [--speed-exponent E] SESSION...
# --speed-exponent E: every fit and prediction at calibrate's --speed-exponent E (the run's speed over the profile's,
# to the power E; default 1). --set KEY=VALUE (repeatable): a start value beside the fixed ones (a later one wins);
# --free K1,K2: the free list in place of the fixed one (common.sh's); --also-free K1,K2: parameters fitted beside it (e.g. redis_connect_cpu,redis_disconnect_cpu, with start values);
# --max-evaluations N: each fit's Nelder-Mead budget in place of the fixed one (120); --fit-connect-close: each fit
# also to the runs' mean connect and close times (calibrate's option of that name); --repeats-at-own-speed: every fit
# and prediction predicts a setup's repeats each at its own speed (calibrate's option of that name).
# SESSION is a folder under calibration/ (python-runs-s, python-runs-ae/bursts, ...; a slash becomes a dash in the
# names written). Writes
# DIR/fit-all-but-SESSION{.yaml,.log,-predicts-SESSION.md,.csv} (and -predicts-SESSION-per-run.md/.csv).
# calibration/python-runs-x/loso.sh and calibration/python-runs-y/loso.sh are its committed session sets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
usage() {
  echo "usage: calibration/python-pooled/loso.sh --out DIR --rule RULE [--per-run SESSION] [--speed-exponent E]" \
    "[--set KEY=VALUE]... [--free K1,K2] [--also-free K1,K2] [--max-evaluations N] [--fit-connect-close]" \
    "[--repeats-at-own-speed] SESSION..." >&2
  exit 2
}
out="" rule="" per_run="" exponent=() sets=() free="$PY_FIT_FREE" also="" budget=("${PY_FIT_BUDGET[@]}") objective=() own=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    --rule) rule="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    --per-run) per_run="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    --speed-exponent) [ -n "${2:-}" ] || usage; exponent=(--speed-exponent "$2"); shift 2 ;;
    --set) [ -n "${2:-}" ] || usage; sets+=(--set "$2"); shift 2 ;;
    --free) [ -n "${2:-}" ] || usage; free="$2"; shift 2 ;;
    --also-free) [ -n "${2:-}" ] || usage; also=",$2"; shift 2 ;;
    --fit-connect-close) objective=(--fit-connect-close); shift ;;
    --repeats-at-own-speed) own=(--repeats-at-own-speed); shift ;;
    --max-evaluations)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || usage
      for i in "${!budget[@]}"; do [ "${budget[$i]}" != --max-evaluations ] || budget[i+1]="$2"; done
      shift 2 ;;
    --*) usage ;;
    *) break ;;
  esac
done
[ -n "$out" ] && [ -n "$rule" ] && [ $# -ge 2 ] || usage
sessions=("$@")
for s in "${sessions[@]}"; do
  [ -d "calibration/$s" ] || { echo "loso.sh: no session folder calibration/$s" >&2; exit 2; }
done
created=0; [ -d "$out" ] || created=1
mkdir -p "$out"
dir="$(mktemp -d)"
# A fit that fails (a bad rule, say) logs into $out: its last line to the user, and a folder this run made removed.
trap 'rc=$?; rm -rf "$dir"; if [ $rc -ne 0 ]; then
  log="$(ls -t "$out"/*.log 2>/dev/null | head -1)"; [ -z "$log" ] || tail -1 "$log" >&2
  [ $created = 0 ] || rm -rf "$out"; fi' EXIT
[ -z "$per_run" ] || python3 calibration/python-pooled/floor.py --copies "$dir" calibration/"$per_run"
for held in "${sessions[@]}"; do
  files=()
  for s in "${sessions[@]}"; do [ "$s" = "$held" ] || files+=(calibration/"$s"/*.json); done
  # A session in a subfolder (python-runs-ae/bursts) names its files with a dash for the slash.
  name="${held//\//-}"
  ./fanoutsim calibrate "${files[@]}" --out "$out/fit-all-but-$name.yaml" --start "$PY_FIT_START" \
    --speed-rule "$rule" "${exponent[@]}" "${PY_FIT_SETS[@]}" "${sets[@]}" --free "$free$also" \
    "${budget[@]}" "${objective[@]}" "${own[@]}" > "$out/fit-all-but-$name.log" 2>&1
  ./fanoutsim calibrate calibration/"$held"/*.json --start "$out/fit-all-but-$name.yaml" --speed-rule "$rule" \
    "${exponent[@]}" "${own[@]}" --predict-only --replications 2 --table "$out/fit-all-but-$name-predicts-$name.md" \
    2>/dev/null | grep -m1 'mean absolute' | sed "s|^|$held: |"
done
[ -n "$per_run" ] || exit 0
table="$out/fit-all-but-$per_run-predicts-$per_run-per-run"
./fanoutsim calibrate "$dir"/*.json --start "$out/fit-all-but-$per_run.yaml" --speed-rule "$rule" \
  "${exponent[@]}" --predict-only --replications 2 --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute' \
  | sed "s/^/$per_run run by run: /"
sed -e "s#$dir/\*\.json#DIR/*.json#" \
    -e "/^\.\/fanoutsim calibrate DIR/i python3 calibration/python-pooled/floor.py --copies DIR calibration/$per_run" \
    -e "s#$dir/per-run#$table#" \
  "$dir/per-run.md" > "$table.md"
cp "$dir/per-run.csv" "$table.csv"
