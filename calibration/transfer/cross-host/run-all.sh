#!/usr/bin/env bash
# Issue 12, across host kinds: every prediction and the one fit of calibration/transfer/cross-host/README.md, in
# order, one process at a time. Usage (from the worktree root): calibration/transfer/cross-host/run-all.sh STEP...
# STEP: e1 (R at E 1 1.5 2 2.5 3), e1-held (S at E 1, 2; P, Q at E 1, 2), e3-lo (R, S by the scaled L-O fit),
# e2-fit, e2 (P, Q by the R fit at E 1, 2), e3-r (P, Q by the scaled R fit).
set -euo pipefail
t=calibration/transfer
c=$t/cross-host
lo=$t/cross-lmnop-reference/loso-fit-without-p.yaml
anchor="n250-i1-t1-q0.05-bwnone-pertask"
others() { ls $t/session-$1/*.json | grep -v "/$anchor\." ; }
line() { echo "$1: $(grep -m1 'mean absolute error' "$1")"; }
for step in "$@"; do
  case "$step" in
    e1) $c/e1.sh r 1 1.5 2 2.5 3 ;;
    e1-held) $c/e1.sh s 1 2; $c/e1.sh p 1 2; $c/e1.sh q 1 2 ;;
    e3-lo)
      for s in r s; do
        f=$($c/host-factor.py $s l m n o | tail -1 | awk '{print $NF}')
        $c/scale-cpu.py $lo $c/lo-reference-x-$s.yaml "$f" "lo-reference-x-$s"
        ./fanoutsim calibrate $(others $s) --start $c/lo-reference-x-$s.yaml --speed-rule none --predict-only \
          --replications 2 --table $c/session-$s-by-lo-scaled-none.md > /dev/null
        line $c/session-$s-by-lo-scaled-none.md
      done ;;
    e2-fit)
      ./fanoutsim calibrate $t/session-r/*.json --start local --speed-rule reference \
        --speed-reference-from $t/session-r/*.json --free "$(cat calibration/local-free.txt)" --folds 0 \
        --max-evaluations "${EVALS:-80}" --restarts 0 --replications 2 --out $c/r-fit-reference.yaml \
        --table $c/r-fit-reference.md ;;
    e2)
      for s in p q; do
        for e in 1 2; do
          ./fanoutsim calibrate $t/session-$s/*.json --start $c/r-fit-reference.yaml --speed-rule reference \
            --speed-reference-exponent $e --speed-reference-from $t/session-r/*.json --predict-only \
            --replications 2 --table $c/session-$s-by-r-reference-e$e.md > /dev/null
          line $c/session-$s-by-r-reference-e$e.md
        done
      done ;;
    e3-r)
      for s in p q; do
        f=$($c/host-factor.py $s r | tail -1 | awk '{print $NF}')
        $c/scale-cpu.py $c/r-fit-reference.yaml $c/r-reference-x-$s.yaml "$f" "r-reference-x-$s"
        ./fanoutsim calibrate $(others $s) --start $c/r-reference-x-$s.yaml --speed-rule none --predict-only \
          --replications 2 --table $c/session-$s-by-r-scaled-none.md > /dev/null
        line $c/session-$s-by-r-scaled-none.md
      done ;;
    *) echo "run-all.sh: unknown step $step" >&2; exit 2 ;;
  esac
done
