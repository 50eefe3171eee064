#!/usr/bin/env bash
# Re-makes every table of calibration/rooms-runs-n's held-out validation (the seven CPU-limited 30 x 10 + 1 x 100
# setups: repeats 1-2 of session N, 2026-12-03, and 3-4 of session Q, 2026-12-04; a run marked contaminated is skipped
# by calibrate), predictions only, no fit. One command from anywhere: calibration/rooms-runs-n/remake.sh
# Each table's header records its own command; run from the repository's root so that those commands read as written.
# About 20 calibrate calls of 10-60 s each on a 2-core machine, one at a time.
set -euo pipefail
# Ctrl-C: stop at once. calibrate writes each table by rename and the two tables made here go through a temp file,
# so every table is whole: re-made, or as it was.
trap 'echo "remake.sh: stopped; every table is whole (re-made or as it was)" >&2; exit 130' INT
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

n=calibration/rooms-runs-n
t=calibration/transfer
epyc=local-epyc-2c-2596mhz

# predict TABLE RULE START [--set ...] -- RUNS... : one calibrate --predict-only table (TABLE.md and TABLE.csv).
predict() {
  local table=$1 rule=$2 start=$3
  shift 3
  local sets=()
  while [ "$1" != "--" ]; do sets+=("$1"); shift; done
  shift
  echo "== $table" >&2
  ./fanoutsim calibrate "$@" --start "$start" --speed-rule "$rule" "${sets[@]}" --predict-only --replications 2 \
    --table "$table" > /dev/null
}

# All four repeats, committed `local` at each speed rule and with the two variants the README discusses.
predict $n/validation-speed-none.md none local -- $n/*.json
predict $n/validation.md in-run local -- $n/*.json
predict $n/validation-probes.md probes local -- $n/*.json
predict $n/validation-speed-none-drain.md none local --set subscriber_read_batch=100000 -- $n/*.json
predict $n/validation-speed-none-connect-0.3ms.md none local --set redis_connect_cpu=0.3ms -- $n/*.json

# All four repeats, the host's profile (the J-O fit at in-run) at in-run and at none, and the two candidates it came
# from (local-host-in-run.yaml has the same costs as the profile; local-host.yaml is the J-O fit at none).
predict $t/$epyc-rooms-runs-n.md in-run $epyc -- $n/*.json
predict $t/$epyc-rooms-runs-n-speed-none.md none $epyc -- $n/*.json
predict $t/local-host-in-run-rooms-runs-n.md in-run $t/local-host-in-run.yaml -- $n/*.json
predict $t/local-host-rooms-runs-n.md none $t/local-host.yaml -- $n/*.json

# Each session alone: N (repeats 1-2: the files without .r3/.r4) and Q (repeats 3-4).
session_n=$(ls $n/*.json | grep -v '\.r[34]\.json$')
session_q=$(ls $n/*.r3.json $n/*.r4.json)
for s in n q; do
  runs=session_$s
  # shellcheck disable=SC2086 # the file lists split on white space (no run name has any)
  {
    predict $n/session-$s-by-$epyc-in-run.md in-run $epyc -- ${!runs}
    predict $n/session-$s-by-$epyc-speed-none.md none $epyc -- ${!runs}
    predict $n/session-$s-by-local-speed-none.md none local -- ${!runs}
  }
done

# The older host beside this one (needs the tables above).
$n/host-compare.py calibration/rooms-runs/validation.csv none=$n/validation-speed-none.csv \
  "none + drain=$n/validation-speed-none-drain.csv" in-run=$n/validation.csv probes=$n/validation-probes.csv \
  > $n/host-compare.md.tmp
mv $n/host-compare.md.tmp $n/host-compare.md

# Each room class predicted: the scenario calibrate rebuilds for each setup, run with --json (the totals are the
# tables' above), then the sessions against each other and the classes measured against predicted.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" $n/host-compare.md.tmp $n/sessions.md.tmp' EXIT
predicted=()
for p in "local none" "$epyc none" "$epyc in-run"; do
  read -r profile rule <<< "$p"
  dir=$tmp/$profile-$rule
  python3 $n/sessions.py --scenarios "$dir" --profile "$profile" --speed-rule "$rule" $n
  for s in "$dir"/*.yaml; do ./fanoutsim run "$s" --json "${s%.yaml}.json" > /dev/null; done
  predicted+=(--predicted "$profile at $rule=$dir")
done
tables=()
for csv in $n/validation*.csv $t/*rooms-runs-n*.csv $n/session-*.csv; do tables+=(--table "$csv"); done
python3 $n/sessions.py $n "${predicted[@]}" "${tables[@]}" | sed "s|$tmp/||g" > $n/sessions.md.tmp
mv $n/sessions.md.tmp $n/sessions.md
echo "written: $n/sessions.md and the tables above" >&2
