#!/usr/bin/env bash
# Issue 17, session AF: leave one session out over the seven v1272 Python sessions (R, S, W, X, Y, AC, AD; as
# calibration/python-runs-ae/loso.sh), with a copy's costs set from the replica's step timers and, with `cc`, each fit
# also to the runs' mean connect and close times (calibrate --fit-connect-close: a saturated loop's round sets how
# long handshakes and closes wait, so the two should pin the round the fits otherwise trade against cheap copies; AE:
# the model's saturated turns 1.3-2.9 times the replica's bursts).
#   base             common.sh's start, sets and free list
#   segment-lsq      as AE's segment-lsq: write_segment_cpu 13.6 us, turn_segment_limit 20, not fitted
#   copies-measured  segment-lsq, and delivery_cpu 11.5 us (a send's 12-15 us less its segments) and local_fanout_cpu
#                    1 us (the per-task hand-out, 0.5-1.2 us a member a copy), neither fitted
#   inbound-free     copies-measured, and a per-connection message's CPU (inbound_cpu) fitted too, not 2.77 ms
#   one-inbound      copies-measured, and one message CPU for both modes: inbound_cpu fitted, per_task_inbound_cpu 0
#                    (the same id call, envelope, PUBLISH and persistence either way)
#   turn-bench       copies-measured, and forward_turn_cpu set at 42.4 us (the batch bench's w per connection, quiet:
#                    a wake-up's CPU beside its copies; README "Where the model missed"), not fitted
#   close2           copies-measured, and close_steps 2 (the close frame's read, then the close task's half-close)
#   inbound-timers   copies-measured, and a per-connection message at 2.1 ms (the id call 1.9 ms, the persistence
#                    enqueue 0.15 and about 0.3 for the receive and the PUBLISH, at the runs' ~2.2 million: 2.1 at the
#                    start profile's 2.49), not fitted, in place of 2.77
#   publish-waitK    copies-measured, and publish_wait_rounds K (1-4; session AG): each PUBLISH keeps its receive loop
#                    K rounds more before its next message, as the replica's waits and iteration counts say
#   publish-waitK-idwait  publish-waitK, and inbound_wait 1.5 ms (AE's steps-wall: the blocking id call's wall time
#                    beyond its CPU on a full core, the loop held and no quota spent), not fitted
#   publish-waitK-closewaits  publish-waitK, and close_answered_at_once false: a close waits behind the messages its
#                    connection's loop still holds (the replica publishes every message by the load's end)
#   publish-waitK-ftw  publish-waitK, and final_tick_wins_probability 0.154 (session AH: common.sh says why)
#   publish-waitK-bench  publish-waitK, and a connect and a close priced from calibration/python-connect-bench.py
#                    (session AM: handshake_cpu 2.15 ms, close_cpu 0.52 ms, fifty at once), not fitted
#   publish-waitK[-VARIANT]-own  that, and each repeat of a setup predicted at its own speed (session AJ: calibrate
#                    --repeats-at-own-speed, in every fit and prediction)
#   publish-waitK-one  publish-waitK, and a per-task message priced as a per-connection one (per_task_inbound_cpu 0,
#                    not fitted: the same id call, envelope and PUBLISH either way)
#   calibration/python-runs-af/loso.sh in-run base [cc]       # 7 fits, about 2 minutes
# Writes calibration/python-runs-af/by-session-v1272ad-RULE-VARIANT[-cc]/.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
. "$here/../python-pooled/common.sh"
m=("${PY_COPIES_MEASURED_SETS[@]}")
rule="${1:-}" variant="${2:-}" cc="${3:-}" budget=() out_suffix=""
# MAX_EVALUATIONS=N: each fit's budget in place of common.sh's 120 (the folder then ends in -eN).
if [ -n "${MAX_EVALUATIONS:-}" ]; then budget=(--max-evaluations "$MAX_EVALUATIONS"); out_suffix="-e$MAX_EVALUATIONS"; fi
usage() {
  echo "usage: calibration/python-runs-af/loso.sh in-run|probes base|segment-lsq|copies-measured|inbound-free|one-inbound|turn-bench|close2|inbound-timers|publish-wait1..4-one|$PY_WAIT_VARIANTS [cc]" >&2
  exit 2
}
case "$rule" in in-run|probes) ;; *) usage ;; esac
case "$variant" in
  base) extra=() ;;
  segment-lsq) extra=(--set write_segment_cpu=13.6us --set turn_segment_limit=20) ;;
  copies-measured) extra=("${m[@]}" --free "$PY_COPIES_MEASURED_FREE") ;;
  inbound-free) extra=("${m[@]}" --free "$PY_COPIES_MEASURED_FREE,inbound_cpu") ;;
  one-inbound) extra=("${m[@]}" --set per_task_inbound_cpu=0 --set inbound_cpu=1.8ms
                      --free "${PY_COPIES_MEASURED_FREE/per_task_inbound_cpu/inbound_cpu}") ;;
  turn-bench) extra=("${m[@]}" --set forward_turn_cpu=42.4us --free "${PY_COPIES_MEASURED_FREE/forward_turn_cpu,/}") ;;
  inbound-timers) extra=("${m[@]}" --set inbound_cpu=2.1ms --free "$PY_COPIES_MEASURED_FREE") ;;
  close2) extra=("${m[@]}" --set close_steps=2 --free "$PY_COPIES_MEASURED_FREE") ;;
  publish-wait[1-4]-one) py_wait_sets "${variant%-one}"
    extra=("${m[@]}" "${PY_WAIT_SETS[@]}" --set per_task_inbound_cpu=0
           --free "${PY_COPIES_MEASURED_FREE/,per_task_inbound_cpu/}") ;;
  publish-wait*) py_wait_sets "$variant" || usage
    extra=("${m[@]}" "${PY_WAIT_SETS[@]}" --free "$PY_WAIT_FREE") ;;
  *) usage ;;
esac
case "$cc" in
  cc) extra+=(--fit-connect-close); suffix=-cc ;;
  "") suffix="" ;;
  *) usage ;;
esac
# SPEED_EXPONENT=E: every fit and prediction at calibrate's --speed-exponent E (the folder then ends in -xE).
exponent=()
if [ -n "${SPEED_EXPONENT:-}" ]; then exponent=(--speed-exponent "$SPEED_EXPONENT"); out_suffix+="-x$SPEED_EXPONENT"; fi
# SESSIONS=9: AE's bursts runs and AF's session join the seven; SESSIONS=10: and AG's; SESSIONS=11: and AH's;
# SESSIONS=12: and AI's; 13: and AJ's; 14: and AK's; 15: and AL's; any other value is one line and exit 2
# (the folder then ends in -N).
py_sessions "${SESSIONS:-7}"
out_suffix+="$PY_SESSIONS_SUFFIX"
exec "$here/../python-pooled/loso.sh" --out "calibration/python-runs-af/by-session-v1272ad-$rule-$variant$suffix$out_suffix" \
  --rule "$rule" "${exponent[@]}" "${extra[@]}" "${budget[@]}" --per-run python-runs-ad "${PY_SESSIONS[@]}"
