#!/usr/bin/env bash
# Tried and not kept (issue 16, session W): redis_connect_cpu refitted from the rooms-runs-t per-task connect candidate
# on the CPU-limited per-connection setups of calibration/rooms-runs and rooms-runs-s (the 0.5-core 60 x 10 ones left
# out), then predicted on session W and the knee sessions R + S, all held out. About a minute. From anywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
t=calibration/rooms-runs-w/tried
fitset=$(ls calibration/rooms-runs/*perconn*.json calibration/rooms-runs-s/*perconn*.json | grep -v n600)
./fanoutsim calibrate $fitset \
  --start calibration/rooms-runs-t/local-candidate.yaml --free redis_connect_cpu --folds 0 --max-evaluations 30 \
  --replications 2 --out $t/redis-connect-fit.yaml > /dev/null
./fanoutsim calibrate calibration/rooms-runs-w/*.json --start $t/redis-connect-fit.yaml --speed-rule in-run \
  --predict-only --replications 2 --table $t/redis-connect-fit-w-in-run.md > /dev/null
./fanoutsim calibrate calibration/transfer/session-{r,s}/*.json --start $t/redis-connect-fit.yaml --speed-rule in-run \
  --predict-only --replications 2 --table $t/redis-connect-fit-knee-rs-in-run.md > /dev/null
