#!/usr/bin/env bash
# Issue 16, slow steady-state connects: `local` with the optional handshake_round_trips R (a per-connection
# handshake's steps parted by Redis round trips, each queuing behind the task's backlog anew) together with
# redis_connect_timeout T, predicted with no fit on sets of calibration/churn-steady/sweep.sh: 2026-12-02's churn
# (calibration/rooms-runs, the set R and T are chosen on), session W's churn and W's whole folder
# (calibration/rooms-runs-w), the knee sessions R + S (calibration/transfer/session-r, -s), all at the in-run speed
# rule, and the 2596 MHz kind's churn (calibration/rooms-runs-conn) by local-epyc-2c-2596mhz.yaml at none.
# Tables into calibration/churn-steady/round-trips/, one summary line per set and pair on stdout.
# One command from anywhere: calibration/churn-steady/round-trips-sweep.sh [R:T ...]   (T in seconds; 0 = off)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/churn-steady/round-trips
mkdir -p $out
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(0:0 3:0 4:0 3:2 4:2 3:3 4:3)
predict() { # TABLE RULE START R T -- RUNS...
  local table=$1 rule=$2 start=$3 r=$4 t=$5
  shift 6
  local sets=()
  [ "$r" = 0 ] || sets+=(--set "handshake_round_trips=$r")
  [ "$t" = 0 ] || sets+=(--set "redis_connect_timeout=${t}s")
  ./fanoutsim calibrate "$@" --start "$start" "${sets[@]}" --speed-rule "$rule" --predict-only --replications 2 \
    --table "$out/$table.md" > /dev/null 2>&1
  echo "$table: $(grep -m1 '^Predicted' "$out/$table.md")"
}
for pair in "${pairs[@]}"; do
  r=${pair%%:*} t=${pair##*:} k="r${pair%%:*}-t${pair##*:}"
  predict churn-1202-$k in-run local "$r" "$t" -- calibration/rooms-runs/*churn*.json
  predict churn-w-$k in-run local "$r" "$t" -- calibration/rooms-runs-w/*churn*.json
  predict knee-rs-$k in-run local "$r" "$t" -- calibration/transfer/session-r/*.json \
    calibration/transfer/session-s/*.json
  predict w-all-$k in-run local "$r" "$t" -- calibration/rooms-runs-w/*.json
  predict churn-2596-$k none calibration/profiles/local-epyc-2c-2596mhz.yaml "$r" "$t" -- \
    calibration/rooms-runs-conn/*.json
done
