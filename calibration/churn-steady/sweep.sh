#!/usr/bin/env bash
# Issue 16, churn's steady state: `local` with and without the optional redis_connect_timeout (a per-connection
# handshake not done this long after its dial is refused: open to its client, dead to the server), predicted with no
# fit at each value T below on the sets of calibration/churn-start/judge.sh: 2026-12-02's churn (calibration/rooms-runs,
# the set T is chosen on), session W's churn and W's whole folder (calibration/rooms-runs-w), the knee sessions R + S
# (calibration/transfer/session-r, -s), every per-connection many-room run of the 2096 MHz kind (rooms-runs, -s, -w)
# at the in-run speed rule, and the 2596 MHz kind's churn and per-connection runs (calibration/rooms-runs-conn,
# calibration/rooms-runs-n) by calibration/profiles/local-epyc-2c-2596mhz.yaml at --speed-rule none. Tables into
# calibration/churn-steady/sweep/, one summary line per set and T on stdout. A few minutes.
# One command from anywhere: calibration/churn-steady/sweep.sh [T...]   (T in seconds; 0 = `local` as committed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/churn-steady/sweep
mkdir -p $out
values=("$@")
[ ${#values[@]} -gt 0 ] || values=(0 2 4 6 8 12)
predict() { # TABLE RULE START T -- RUNS...
  local table=$1 rule=$2 start=$3 t=$4
  shift 5
  local sets=()
  [ "$t" = 0 ] || sets=(--set "redis_connect_timeout=${t}s")
  ./fanoutsim calibrate "$@" --start "$start" "${sets[@]}" --speed-rule "$rule" --predict-only --replications 2 \
    --table "$out/$table.md" > /dev/null 2>&1
  echo "$table: $(grep -m1 '^Predicted' "$out/$table.md")"
}
perconn=(); for f in calibration/rooms-runs/*perconn*.json calibration/rooms-runs-s/*perconn*.json \
  calibration/rooms-runs-w/*perconn*.json; do perconn+=("$f"); done
for t in "${values[@]}"; do
  predict churn-1202-t$t in-run local "$t" -- calibration/rooms-runs/*churn*.json
  predict churn-w-t$t in-run local "$t" -- calibration/rooms-runs-w/*churn*.json
  predict w-all-t$t in-run local "$t" -- calibration/rooms-runs-w/*.json
  predict knee-rs-t$t in-run local "$t" -- calibration/transfer/session-r/*.json calibration/transfer/session-s/*.json
  predict perconn-2096-t$t in-run local "$t" -- "${perconn[@]}"
  predict churn-2596-t$t none calibration/profiles/local-epyc-2c-2596mhz.yaml "$t" -- calibration/rooms-runs-conn/*.json
  predict perconn-2596-t$t none calibration/profiles/local-epyc-2c-2596mhz.yaml "$t" -- \
    calibration/rooms-runs-conn/*.json calibration/rooms-runs-n/*perconn*.json
done
