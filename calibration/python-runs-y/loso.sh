#!/usr/bin/env bash
# Issue 17: leave one session out within kernel build v1272 with session Y as a fifth (R, S, W, X, Y), the command of
# calibration/python-runs-x/loso.sh unchanged (start python-start.yaml, the same --set, free list and budget), each
# held-out session predicted by a fit on the other four. calibrate joins the files of one setup name, so a held-out
# session is judged on its setup means (Y's eight setups: the mean of 3 runs each; S's repeated eight likewise, as
# before); Y is also judged run by run (each run copied under its own name by floor.py --copies, predicted alone at
# its own speed indexes: the -per-run table).
#   calibration/python-runs-y/loso.sh in-run      # 5 fits, about 1-3 minutes
#   calibration/python-runs-y/loso.sh probes
# Writes calibration/python-runs-y/by-session-v1272y-RULE/fit-all-but-SESSION{.yaml,.log,-predicts-SESSION.md,.csv}
# (and -predicts-python-runs-y-per-run.md/.csv). The fit without Y is the fit on R+S+W+X.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rule="$1"
sessions=(python-runs-s python-runs-r python-runs-w python-runs-x python-runs-y)
out="calibration/python-runs-y/by-session-v1272y-$rule"
created=0; [ -d "$out" ] || created=1
mkdir -p "$out"
dir="$(mktemp -d)"
# A fit that fails (a bad rule, say) logs into $out: its last line to the user, and a folder this run made removed.
trap 'rc=$?; rm -rf "$dir"; if [ $rc -ne 0 ]; then
  log="$(ls -t "$out"/*.log 2>/dev/null | head -1)"; [ -z "$log" ] || tail -1 "$log" >&2
  [ $created = 0 ] || rm -rf "$out"; fi' EXIT
python3 calibration/python-pooled/floor.py --copies "$dir" calibration/python-runs-y
for held in "${sessions[@]}"; do
  files=()
  for s in "${sessions[@]}"; do [ "$s" = "$held" ] || files+=(calibration/"$s"/*.json); done
  ./fanoutsim calibrate "${files[@]}" --out "$out/fit-all-but-$held.yaml" --start calibration/python-start.yaml \
    --speed-rule "$rule" --set inbound_cpu=2.77ms --set per_task_inbound_cpu=1ms \
    --free delivery_cpu,handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu,per_task_inbound_cpu \
    --folds 0 --max-evaluations 120 --restarts 0 --replications 2 > "$out/fit-all-but-$held.log" 2>&1
  ./fanoutsim calibrate calibration/"$held"/*.json --start "$out/fit-all-but-$held.yaml" --speed-rule "$rule" \
    --predict-only --replications 2 --table "$out/fit-all-but-$held-predicts-$held.md" \
    2>/dev/null | grep -m1 'mean absolute' | sed "s/^/$held: /"
done
./fanoutsim calibrate "$dir"/*.json --start "$out/fit-all-but-python-runs-y.yaml" --speed-rule "$rule" \
  --predict-only --replications 2 --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute' \
  | sed "s/^/python-runs-y run by run: /"
sed -e "s#$dir/\*\.json#DIR/*.json#" \
    -e "/^\.\/fanoutsim calibrate DIR/i python3 calibration/python-pooled/floor.py --copies DIR calibration/python-runs-y" \
    -e "s#$dir/per-run#$out/fit-all-but-python-runs-y-predicts-python-runs-y-per-run#" \
  "$dir/per-run.md" > "$out/fit-all-but-python-runs-y-predicts-python-runs-y-per-run.md"
cp "$dir/per-run.csv" "$out/fit-all-but-python-runs-y-predicts-python-runs-y-per-run.csv"
