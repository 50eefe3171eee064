#!/usr/bin/env bash
# Issue 17: Python sessions pooled, 4-fold cross-validation by setup (calibrate joins the runs of one setup name over
# every session, so a setup's row is the mean of its runs in all of them), from calibration/python-host-s.yaml with the
# free list of calibration/python-runs-w/pooled5, at one speed rule.
#   calibration/python-pooled/by-setup.sh --out DIR --name NAME --rule RULE [--replications N] SESSION...
# SESSION is a folder under calibration/. Writes DIR/NAME.yaml, DIR/validation-NAME.md (.csv) and DIR/fit-NAME.log;
# prints the table's held-out line. calibration/python-runs-x/pooled-v1272.sh, pooled6.sh and
# calibration/python-runs-y/pooled-v1272y.sh are its committed session sets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
usage() {
  echo "usage: calibration/python-pooled/by-setup.sh --out DIR --name NAME --rule RULE [--replications N] SESSION..." >&2
  exit 2
}
out="" name="" rule="" reps=2
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    --name) name="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    --rule) rule="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    --replications) reps="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    --*) usage ;;
    *) break ;;
  esac
done
[ -n "$out" ] && [ -n "$name" ] && [ -n "$rule" ] && [ -n "$reps" ] && [ $# -ge 1 ] || usage
files=()
for s in "$@"; do
  [ -d "calibration/$s" ] || { echo "by-setup.sh: no session folder calibration/$s" >&2; exit 2; }
  files+=(calibration/"$s"/*.json)
done
mkdir -p "$out"
log="$out/fit-$name.log"
# A fit that fails (a bad rule, say): its log's last line to the user, and the log not left behind.
trap 'rc=$?; if [ $rc -ne 0 ] && [ -f "$log" ]; then tail -1 "$log" >&2; rm -f "$log"; fi' EXIT
./fanoutsim calibrate "${files[@]}" \
  --out "$out/$name.yaml" --start calibration/python-host-s.yaml --speed-rule "$rule" \
  --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
  --folds 4 --max-evaluations 120 --restarts 0 --replications "$reps" \
  --table "$out/validation-$name.md" > "$log" 2>&1
grep -m1 'Held-out runs' "$out/validation-$name.md"
