#!/usr/bin/env bash
# Re-makes the held-out tables of the joint fit (issue 16/12; README "One `local` for one room and many"): `local`
# before it (local-before-joint.yaml: before), calibration/rooms-runs-t/local-candidate.yaml (candidate), the joint
# fits local-joint8.yaml (8 costs free: joint8) and local-joint.yaml (the 12 of calibration/local-free.txt: joint)
# and the adopted calibration/profiles/local.yaml (adopted: joint's costs + redis_write_cpu) predict, no fit, at
# the in-run speed rule. Every set is of the 2096 MHz host kind; none of its runs was fitted on by the joint fits
# (which saw calibration/transfer/session-f..i and calibration/rooms-runs{,-s}/*pertask*) but the last two.
# One command from anywhere: calibration/joint-local/tables.sh [PROFILE...] (default: all five). OWN=1 predicts
# each repeat at its own speed (calibrate --repeats-at-own-speed) and names the tables PROFILE-own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
j=calibration/joint-local
predict() { # TABLE PROFILE RUNS...
  local table=$1 start=$2
  shift 2
  echo "== $table" >&2
  ./fanoutsim calibrate "$@" --start "$start" --speed-rule in-run --predict-only --replications 2 \
    ${OWN:+--repeats-at-own-speed} --table "$table" > /dev/null
}
profiles=("$@")
[ ${#profiles[@]} -eq 0 ] && profiles=(before candidate joint8 joint adopted)
for p in "${profiles[@]}"; do
  case $p in
    before) start=$j/local-before-joint.yaml ;;
    adopted) start=local ;;
    candidate) start=calibration/rooms-runs-t/local-candidate.yaml ;;
    joint8) start=$j/local-joint8.yaml ;;
    joint) start=$j/local-joint.yaml ;;
    *) start=$p; p=$(basename "$p" .yaml) ;;
  esac
  [ -z "${OWN:-}" ] || p=$p-own
  predict $j/knee-rs-$p.md $start calibration/transfer/session-r/*.json calibration/transfer/session-s/*.json
  predict $j/knee-r-$p.md $start calibration/transfer/session-r/*.json
  predict $j/knee-s-$p.md $start calibration/transfer/session-s/*.json
  predict $j/rooms-runs-t-$p.md $start calibration/rooms-runs-t/*.json
  predict $j/rooms-runs-u-$p.md $start calibration/rooms-runs-u/*.json
  predict $j/rooms-runs-u-spin0-$p.md $start calibration/rooms-runs-u-spin0/*.json
  predict $j/rooms-runs-v-$p.md $start calibration/rooms-runs-v/*.json
  predict $j/rooms-runs-w-pertask-$p.md $start calibration/rooms-runs-w/*pertask*.json
  predict $j/perconn-$p.md $start calibration/rooms-runs/*perconn*.json calibration/rooms-runs-s/*perconn*.json \
    calibration/rooms-runs-w/*perconn*.json
  predict $j/rooms-runs-w-perconn-$p.md $start calibration/rooms-runs-w/*perconn*.json
  # In-sample for the joint fits: the fit set's two parts.
  predict $j/fitset-rooms-$p.md $start calibration/rooms-runs/*pertask*.json calibration/rooms-runs-s/*pertask*.json
  predict $j/knee-fghi-$p.md $start calibration/transfer/session-{f,g,h,i}/*.json
done
