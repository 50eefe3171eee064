#!/usr/bin/env bash
# Re-makes, with the adopted `local` (calibration/profiles/local.yaml, issue 16's joint fit), the predictions behind
# the rows of README "How well does it predict?" (In brief) that use `local` and take under 3 minutes a calibrate
# call: knee sessions J-Q at none one by one (pooled by pool.py), R, S and R + S at in-run and none, the 7
# CPU-limited many-room setups of calibration/rooms-runs-n (4 repeats, and session N's 2), the 3 churn setups of
# calibration/rooms-runs-conn and the 12 drop setups. Tables into calibration/joint-local/in-brief/; the committed
# tables of the earlier `local` stay as they were. One command from anywhere: calibration/joint-local/in-brief.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
o=calibration/joint-local/in-brief
predict() { # TABLE RULE REPLICATIONS RUNS...
  local table=$1 rule=$2 reps=$3
  shift 3
  echo "== $table" >&2
  ./fanoutsim calibrate "$@" --start local --speed-rule "$rule" --predict-only --replications "$reps" \
    --table "$table" > /dev/null
}
for s in j k l m n o p q r s; do
  predict $o/knee-$s-none.md none 2 calibration/transfer/session-$s/*.json
done
predict $o/knee-rs-none.md none 2 calibration/transfer/session-r/*.json calibration/transfer/session-s/*.json
predict $o/knee-rs-in-run.md in-run 2 calibration/transfer/session-r/*.json calibration/transfer/session-s/*.json
predict $o/knee-r-in-run.md in-run 2 calibration/transfer/session-r/*.json
predict $o/knee-s-in-run.md in-run 2 calibration/transfer/session-s/*.json
n=calibration/rooms-runs-n
predict $o/rooms-runs-n-none.md none 2 $n/*.json
# shellcheck disable=SC2046 # the file names have no white space
predict $o/rooms-runs-n-session-n-none.md none 2 $(ls $n/*.json | grep -v '\.r[34]\.json$')
predict $o/rooms-runs-conn-none.md none 2 calibration/rooms-runs-conn/*.json
predict $o/drop-in-run.md in-run 3 calibration/drop-runs/*.json
