# shellcheck shell=bash
# Sourced by the Python calibration scripts: what they share, written once.
#   need_rule SCRIPT RULE [MORE]   the one check of a speed-rule argument (in-run or probes; anything else is the
#                           script's usage line, "SCRIPT in-run|probes MORE", and exit 2)
#   PY_FIT_START, PY_FIT_SETS, PY_FIT_FREE, PY_FIT_BUDGET: the pooled Python fits' start profile, fixed values, free
#   parameters and budget (calibration/python-runs-w/by-session's), in the order calibrate is given them:
#   --start "$PY_FIT_START" --speed-rule RULE "${PY_FIT_SETS[@]}" --free "$PY_FIT_FREE" "${PY_FIT_BUDGET[@]}"
need_rule() {
  case "${2:-}" in
    in-run|probes) ;;
    *) echo "usage: $1 in-run|probes${3:+ $3}" >&2; exit 2 ;;
  esac
}
# shellcheck disable=SC2034  # used by the scripts that source this file
PY_FIT_START=calibration/python-start.yaml
# shellcheck disable=SC2034
PY_FIT_SETS=(--set inbound_cpu=2.77ms --set per_task_inbound_cpu=1ms)
# shellcheck disable=SC2034
PY_FIT_FREE=delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu
# shellcheck disable=SC2034
PY_FIT_BUDGET=(--folds 0 --max-evaluations 120 --restarts 0 --replications 2)
# shellcheck disable=SC2034
# Session AF's `copies-measured` (calibration/python-runs-af): a copy's costs set from the replica's step timers
# (a send's base, a segment with its per-turn limit, the per-task hand-out), and the free list left to fit beside
# them; local-python is fitted so.
PY_COPIES_MEASURED_SETS=(--set write_segment_cpu=13.6us --set turn_segment_limit=20 --set delivery_cpu=11.5us
                         --set local_fanout_cpu=1us)
# shellcheck disable=SC2034
PY_COPIES_MEASURED_FREE=handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,per_task_inbound_cpu
# The v1272 Python sessions as the AF and AG scripts take them (folders under calibration/): the seven R-AD, then
# AE's bursts runs, AF's session, AG's, AH's, AI's, AJ's, AK's, AL's and AM's sessions.
#   py_sessions N       sets PY_SESSIONS to the first N of them (N 7 or 9-16; anything else is one line on stderr
#                       and status 2, which ends a script under set -e) and
#                       PY_SESSIONS_SUFFIX to the -N their output names then end in ("" for the seven)
py_sessions() {
  PY_SESSIONS=(python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac python-runs-ad)
  PY_SESSIONS_SUFFIX=""
  case "${1:-7}" in
    7) ;;
    9|10|11|12|13|14|15|16) PY_SESSIONS+=(python-runs-ae/bursts python-runs-af/session python-runs-ag/session
        python-runs-ah/session python-runs-ai/session python-runs-aj/session python-runs-ak/session
        python-runs-al/session python-runs-am/session)
        PY_SESSIONS=("${PY_SESSIONS[@]:0:$1}")
        PY_SESSIONS_SUFFIX="-$1" ;;
    *) echo "SESSIONS must be 7 or 9-16 (got '$1')" >&2; return 2 ;;
  esac
}
# Session AG's structure variants (calibration/python-runs-af/loso.sh says what each stands for):
#   py_wait_sets VARIANT   for publish-waitK[-idwait|-closewaits|-ftw|-ftw-pconn|-driftq|-bench][-own] (K 1-4) sets
#                          PY_WAIT_SETS to the arguments it adds to copies-measured and PY_WAIT_FREE to the free list
#                          its fits take (copies-measured's and what the variant frees, or less what it sets); false
#                          for anything else. -ftw (session AH):
#                          final_tick_wins_probability at the load generator's measured share, 0.154 (the Python runs
#                          of R-AI at a whole number of ticks a session: a session's sends less its ticks before the
#                          close; 0.56, python-start.yaml's, is k6's on AWS; local-python is fitted with it since
#                          0.52.0, session AO: publish-wait3-ftw-own is its structure). -own (session AJ), after any
#                          of the others: calibrate --repeats-at-own-speed, each repeat of a setup predicted at its own
#                          in-run speed and pooled (a setup on the knee, measured at 1.5-2.6 million, is not its runs
#                          at their mean speed). -driftq (session AK): a task's speed wanders second by second,
#                          the more the tighter its quota (cpu_drift, fitted from 0.3, in windows of 1 s, with
#                          cpu_drift_quota_scaled; the replica's stall seconds fall so with the quota). -bench (session
#                          AM): a connect and a close priced from calibration/python-connect-bench.py, 50 at once
#                          (handshake_cpu 2.15 ms, close_cpu 0.52 ms), not fitted. -ftw-pconn (session AP): -ftw, and
#                          a PUBLISH that finds its client without a free connection opens one first
#                          (publish_connect_rounds 2, publish_connect_cpu fitted from 0.5 ms)
#   PY_WAIT_VARIANTS       the variants as the scripts' usage lines write them
# shellcheck disable=SC2034
PY_WAIT_VARIANTS="publish-wait1..4[-idwait|-closewaits|-ftw|-ftw-pconn|-driftq|-bench][-own]"
py_wait_sets() {
  local variant="${1:-}" own=()
  PY_WAIT_FREE=$PY_COPIES_MEASURED_FREE
  if [[ "$variant" == *-own ]]; then
    own=(--repeats-at-own-speed)
    variant="${variant%-own}"
  fi
  local k="${variant#publish-wait}"
  k="${k%%-*}"
  case "$variant" in
    publish-wait[1-4]) PY_WAIT_SETS=() ;;
    publish-wait[1-4]-idwait) PY_WAIT_SETS=(--set inbound_wait=1.5ms) ;;
    publish-wait[1-4]-closewaits) PY_WAIT_SETS=(--set close_answered_at_once=false) ;;
    publish-wait[1-4]-ftw) PY_WAIT_SETS=(--set final_tick_wins_probability=0.154) ;;
    publish-wait[1-4]-ftw-pconn) PY_WAIT_SETS=(--set final_tick_wins_probability=0.154
                                               --set publish_connect_cpu=0.5ms --set publish_connect_rounds=2)
      PY_WAIT_FREE+=,publish_connect_cpu ;;
    publish-wait[1-4]-bench) PY_WAIT_SETS=(--set handshake_cpu=2.15ms --set close_cpu=0.52ms)
      # Each taken off the free list on its own, wherever it stands there.
      PY_WAIT_FREE=${PY_WAIT_FREE/handshake_cpu,/}
      PY_WAIT_FREE=${PY_WAIT_FREE/close_cpu,/} ;;
    publish-wait[1-4]-driftq) PY_WAIT_SETS=(--set cpu_drift=0.3 --set cpu_drift_window=1s
                                            --set cpu_drift_quota_scaled=true)
      PY_WAIT_FREE+=,cpu_drift ;;
    *) return 1 ;;
  esac
  PY_WAIT_SETS=(--set "publish_wait_rounds=$k" "${PY_WAIT_SETS[@]}" "${own[@]}")
}
# A held-out session predicted by a profile committed before it (the sessions' predict.sh scripts):
#   py_predict LABEL PROFILE TABLE PLOTS FILES...   each file at its in-run speed, 2 replications; the table (and its
#                          .csv) written to TABLE, the plots to the folder PLOTS unless it is ""; prints
#                          "LABEL: " and calibrate's mean-absolute line; when calibrate fails, its error line on
#                          stderr and its exit code. FILES may carry calibrate options too (AJ's
#                          --repeats-at-own-speed). Run from the repository's root.
py_predict() {
  local label="$1" profile="$2" table="$3" plots="$4"
  shift 4
  local plot_args=()
  [ -z "$plots" ] || plot_args=(--plots "$plots")
  local output code=0
  output="$(./fanoutsim calibrate "$@" --start "$profile" --speed-rule in-run --predict-only --replications 2 \
    --table "$table" "${plot_args[@]}" 2>&1)" || code=$?
  if [ "$code" != 0 ]; then
    # calibrate's own one-line error (bad input 2, an unwritable table 3, Ctrl-C 130), not a silent stop.
    printf '%s\n' "$output" | grep -m1 -E '^fanoutsim: |interrupted' >&2 || printf '%s\n' "$output" | tail -n 1 >&2
    return "$code"
  fi
  printf '%s\n' "$output" | grep -m1 'mean absolute' | sed "s/^/$label: /"
}
