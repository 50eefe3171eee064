#!/usr/bin/env bash
# Re-makes the prediction tables of calibration/rooms-runs-w (issue 16, session W; predictions of `local` as it was
# when they were made, before issue 16's joint fit, kept as calibration/joint-local/local-before-joint.yaml; no
# fit): session W itself at both speed rules, the same eight setups of calibration/rooms-runs (2026-12-02)
# beside it, and every 2096 MHz session folder (knee sessions B-I and R, S; rooms-runs*) at `in-run`, whose signed
# means kernel-split.py sums up by kernel build (W's own is validation-local-in-run). One command from anywhere:
#   calibration/rooms-runs-w/tables.sh            # about 20 calibrate calls, one at a time
set -euo pipefail
trap 'echo "tables.sh: stopped; every table is whole (re-made or as it was)" >&2; exit 130' INT
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
w=calibration/rooms-runs-w
out=$w/tables
before=calibration/joint-local/local-before-joint.yaml
mkdir -p "$out"

# predict TABLE RULE START -- RUNS... : one calibrate --predict-only table (TABLE.md and TABLE.csv).
predict() {
  local table=$1 rule=$2 start=$3
  shift 4
  echo "== $table" >&2
  ./fanoutsim calibrate "$@" --start "$start" --speed-rule "$rule" --predict-only --replications 2 \
    --table "$table" > /dev/null
}

for rule in in-run none; do
  predict $w/validation-local-$rule.md $rule $before -- $w/*.json
done
# The same setups in 2026-12-02's folder (rooms-runs) and rooms-runs-s: churn, mixed traffic, per-task room-affine,
# per-connection one task.
same=(calibration/rooms-runs/*churn*.json calibration/rooms-runs/*mixed-traffic*.json
  calibration/rooms-runs/n400-i1-t2-q0.0{25,3}-bwnone-pertask-rooms-30x10+1x100-lbroom-affine*.json
  calibration/rooms-runs/n400-i1-t1-q0.12-bwnone-perconn-rooms-30x10+1x100*.json)
for rule in in-run none; do
  predict $w/rooms-runs-same-setups-local-$rule.md $rule $before -- "${same[@]}"
done
# Every 2096 MHz session folder at in-run (the 2596 MHz kind's sessions J-Q, rooms-runs-n and -conn are left out).
for s in b c d e f g h i r s; do
  predict $out/session-$s-local-in-run.md in-run $before -- calibration/transfer/session-$s/*.json
done
for d in rooms-runs rooms-runs-s rooms-runs-t rooms-runs-u rooms-runs-u-spin0 rooms-runs-v; do
  predict $out/$d-local-in-run.md in-run $before -- calibration/$d/*.json
done
# The per-task connect candidate of calibration/rooms-runs-t (not adopted), held out on W.
predict $w/validation-rooms-runs-t-candidate-in-run.md in-run calibration/rooms-runs-t/local-candidate.yaml -- $w/*.json
# The same candidate and that `local` on the knee sessions R + S together (the bar of issue 16 item 5).
for start in $before calibration/rooms-runs-t/local-candidate.yaml; do
  name=local
  [ "$start" = $before ] || name=rooms-runs-t-candidate
  predict $out/knee-rs-$name-in-run.md in-run $start -- calibration/transfer/session-{r,s}/*.json
done
