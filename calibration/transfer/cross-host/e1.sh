#!/usr/bin/env bash
# E1: the L-O reference fit predicting R (and held out S, P, Q) at several exponents, anchors l m n o.
# Usage (from the worktree root): calibration/transfer/cross-host/e1.sh SESSION E [E ...]
set -euo pipefail
t=calibration/transfer
s="$1"; shift
for e in "$@"; do
  ./fanoutsim calibrate $t/session-$s/*.json --start $t/cross-lmnop-reference/loso-fit-without-p.yaml \
    --speed-rule reference --speed-reference-exponent "$e" --speed-reference-from $t/session-{l,m,n,o}/*.json \
    --predict-only --replications 2 --table $t/cross-host/session-$s-by-lo-reference-e$e.md > /dev/null
  echo "$s E $e: $(grep -m1 'mean absolute error' $t/cross-host/session-$s-by-lo-reference-e$e.md)"
done
