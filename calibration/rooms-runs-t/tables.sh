#!/usr/bin/env bash
# Re-makes every table of the per-task connect candidate (issue 16; README "Per-task servers and the price of a
# connect"): `local` as it was then (before issue 16's joint fit: calibration/joint-local/local-before-joint.yaml),
# calibration/rooms-runs-t/local-candidate.yaml (handshake_cpu 0.275 ms) and that `local`
# with the fit set's own best split (split-0.4: handshake_cpu 0.4 ms, redis_connect_cpu 0.5226 ms) predict, no fit,
# each set at the in-run speed rule and at none. One command from anywhere: calibration/rooms-runs-t/tables.sh
# (about 5 minutes on a busy 2-core machine).
# Sets: rooms-runs-t (held out), the per-task rooms setups the candidate was fitted on (fitset), the
# per-connection rooms setups of the 2096 MHz kind (conn; rooms-runs-conn, the 2596 MHz kind, is in
# calibration/rooms-by-kind), the knee sessions R and S (knee-rs; S was fitted on, so R alone too),
# calibration/rooms-runs-n (the 2596 MHz kind), rooms-runs-u and -u-spin0; the knee sessions F-Q one by one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
t=calibration/rooms-runs-t
sets=()
predict() { # TABLE PROFILE RULE RUNS...
  local table=$1 start=$2 rule=$3
  shift 3
  echo "== $table" >&2
  ./fanoutsim calibrate "$@" --start "$start" --speed-rule "$rule" "${sets[@]}" --predict-only --replications 2 \
    --table "$table" > /dev/null
}
for p in local candidate split-0.4; do
  start=calibration/joint-local/local-before-joint.yaml
  sets=()
  [ $p = candidate ] && start=$t/local-candidate.yaml
  [ $p = split-0.4 ] && sets=(--set handshake_cpu=0.4ms --set redis_connect_cpu=0.5226ms)
  for rule in in-run none; do
    predict $t/validation-$p-$rule.md $start $rule $t/*.json
    predict $t/fitset-$p-$rule.md $start $rule calibration/rooms-runs/*pertask*.json \
      calibration/rooms-runs-s/*pertask*.json
    predict $t/conn-$p-$rule.md $start $rule calibration/rooms-runs/*perconn*.json \
      calibration/rooms-runs-s/*perconn*.json
    predict $t/knee-rs-$p-$rule.md $start $rule calibration/transfer/session-r/*.json \
      calibration/transfer/session-s/*.json
    predict $t/rooms-runs-n-$p-$rule.md $start $rule calibration/rooms-runs-n/*.json
  done
  predict $t/knee-r-$p-in-run.md $start in-run calibration/transfer/session-r/*.json
  predict $t/knee-s-$p-in-run.md $start in-run calibration/transfer/session-s/*.json
  # The other knee sessions, one table each: at none every one, at in-run the four `local` was fitted on and M.
  for s in j k l m n o p q; do
    predict $t/knee-$s-$p-none.md $start none calibration/transfer/session-$s/*.json
  done
  for s in f g h i m; do
    predict $t/knee-$s-$p-in-run.md $start in-run calibration/transfer/session-$s/*.json
  done
  # The same per-task servers at 0.5 core, and with the thread pool's spinning off (held out too).
  predict $t/rooms-runs-u-$p-in-run.md $start in-run calibration/rooms-runs-u/*.json
  predict $t/rooms-runs-u-spin0-$p-in-run.md $start in-run calibration/rooms-runs-u-spin0/*.json
done
