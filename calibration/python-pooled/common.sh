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
