#!/usr/bin/env bash
# Issue 17, session AF: the two-run protocol the published cases force, on copies-measured's structure (loso.sh): fit
# on two single-task per-connection runs of session S, one comfortable (N = 100 at 1 s on 1 core) and one saturated
# (N = 100 at 1 s on 0.5 core, as case A), then predict every other setup of the seven v1272 sessions (setup means
# over the sessions). The free list is copies-measured's without per_task_inbound_cpu, which per-connection runs
# cannot show: it is set at 1.6 ms (the step timers' id call and persistence enqueue at the start profile's speed).
# With publish-waitK (session AG) the structure has publish_wait_rounds K as well, with -idwait inbound_wait 1.5 ms,
# with -ftw final_tick_wins_probability 0.154 (session AH), with -own each repeat predicted at its own speed (AJ).
#   calibration/python-runs-af/two-run.sh [publish-wait1..4[-VARIANT]]    # one fit and one prediction, under a minute
# (VARIANT: common.sh's py_wait_sets: idwait, closewaits or ftw, each with -own or not, or own)
# Writes calibration/python-runs-af/two-run[-publish-waitK]/{profile.yaml,fit.log,predicted.md,predicted.csv}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. calibration/python-pooled/common.sh
wait=() free=$PY_COPIES_MEASURED_FREE out=calibration/python-runs-af/two-run
case "${1:-}" in
  "") ;;
  *) if ! py_wait_sets "$1"; then
       echo "usage: calibration/python-runs-af/two-run.sh [$PY_WAIT_VARIANTS]" >&2
       exit 2
     fi
     wait=("${PY_WAIT_SETS[@]}") free=$PY_WAIT_FREE out+="-$1" ;;
esac
mkdir -p "$out"
train=(calibration/python-runs-s/py-n100-i1-t1-q1-bwnone-perconn.json
       calibration/python-runs-s/py-n100-i1-t1-q0.5-bwnone-perconn.json)
./fanoutsim calibrate "${train[@]}" --out "$out/profile.yaml" --start "$PY_FIT_START" --speed-rule in-run \
  "${PY_FIT_SETS[@]}" "${PY_COPIES_MEASURED_SETS[@]}" --set per_task_inbound_cpu=1.6ms "${wait[@]}" \
  --free "${free/,per_task_inbound_cpu/}" \
  --folds 0 --max-evaluations 120 --restarts 0 --replications 2 > "$out/fit.log" 2>&1
others=()
for f in calibration/python-runs-{r,s,w,x,y,ac,ad}/*.json; do
  case "$(basename "$f")" in py-n100-i1-t1-q1-bwnone-perconn*|py-n100-i1-t1-q0.5-bwnone-perconn.*json|py-n100-i1-t1-q0.5-bwnone-perconn.json) ;; *) others+=("$f") ;; esac
done
# The variant's arguments again: --repeats-at-own-speed (-own) acts on the predictions; the --set values are the
# profile's own by now.
./fanoutsim calibrate "${others[@]}" --start "$out/profile.yaml" --speed-rule in-run "${wait[@]}" --predict-only \
  --replications 2 \
  --table "$out/predicted.md" 2>/dev/null | grep -m1 'mean absolute'
