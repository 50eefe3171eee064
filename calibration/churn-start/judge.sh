#!/usr/bin/env bash
# The held-out judgement of calibration/churn-start's two candidates (issue 16, churn's first seconds): `local`,
# local-candidate.yaml (redis_connect_cpu and redis_disconnect_cpu chosen on 2026-12-02's churn runs,
# calibration/rooms-runs) and local-candidate-perconn.yaml (the same two chosen on the unshaped per-connection
# many-room runs of calibration/rooms-runs and -s) predict, no fit, at the in-run speed rule: session W's churn and
# per-connection runs (calibration/rooms-runs-w), the knee sessions R + S (calibration/transfer/session-r, -s) and every
# per-connection many-room run of the 2096 MHz kind (rooms-runs, -s, -w; the in-sample ones of the second
# candidate included); then the 2596 MHz kind's churn (calibration/rooms-runs-conn) and per-connection runs
# (calibration/rooms-runs-n) by calibration/profiles/local-epyc-2c-2596mhz.yaml with each candidate's two values
# set on it, at --speed-rule none. Tables into calibration/churn-start/judge/, one summary line each on stdout.
# About a minute. One command from anywhere: calibration/churn-start/judge.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
c=calibration/churn-start
out=$c/judge
mkdir -p $out
predict() { # TABLE RULE START [--set K=V...] -- RUNS...
  local table=$1 rule=$2
  shift 2
  local args=()
  while [ "$1" != -- ]; do args+=("$1"); shift; done
  shift
  ./fanoutsim calibrate "$@" --start "${args[@]}" --speed-rule "$rule" --predict-only --replications 2 \
    --table "$out/$table.md" > /dev/null
  echo "$table: $(grep -m1 '^Predicted' "$out/$table.md")"
}
value() { # PROFILE KEY: the key's value in the profile's costs
  sed -n "s/^  $2: //p" "$1"
}
perconn=(); for f in calibration/rooms-runs/*perconn*.json calibration/rooms-runs-s/*perconn*.json \
  calibration/rooms-runs-w/*perconn*.json; do perconn+=("$f"); done
for p in local $c/local-candidate.yaml $c/local-candidate-perconn.yaml; do
  n=$(basename "$p" .yaml)
  predict w-$n in-run "$p" -- calibration/rooms-runs-w/*churn*.json calibration/rooms-runs-w/*perconn-rooms-30x10*.json
  predict knee-rs-$n in-run "$p" -- calibration/transfer/session-r/*.json calibration/transfer/session-s/*.json
  predict perconn-2096-$n in-run "$p" -- "${perconn[@]}"
  sets=()
  if [ "$p" != local ]; then
    sets=(--set "redis_connect_cpu=$(value "$p" redis_connect_cpu)"
      --set "redis_disconnect_cpu=$(value "$p" redis_disconnect_cpu)")
  fi
  predict conn-2596-$n none calibration/profiles/local-epyc-2c-2596mhz.yaml "${sets[@]}" -- \
    calibration/rooms-runs-conn/*.json calibration/rooms-runs-n/*perconn*.json
done
