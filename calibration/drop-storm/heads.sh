#!/usr/bin/env bash
# Issue 13 (session AB): a what-if, not a prediction. The lockstep drop setups with their dials spread uniformly over
# the runs' median p90 socket-open time (the connect storm as measured, storm.md), with and without cpu_drift, and
# with a held-back subscriber's every retry offering its whole hold as one head that must fit the queue (EGC=1), as
# Linux sends a socket's unsent data (appended into one skb up to the size goal) at every push, against the model's
# one-copy head with the rest paced (EGC=0). EGC needs trace-and-heads.patch (an environment switch, never
# committed to src/), applied in a scratch worktree:
#   git worktree add /tmp/heads main && cd /tmp/heads && git apply calibration/drop-storm/trace-and-heads.patch \
#     && dotnet build src/Cli -c Release -v q && calibration/drop-storm/heads.sh > calibration/drop-storm/heads.md
# (EGT=1 also prints each iteration's write and each coalesced head's try to stderr.) About 5 minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s/^  cpu_drift: .*/  cpu_drift: 0/" calibration/profiles/local.yaml > "$work/drift0.yaml"
echo "# The lockstep drop setups with the storm as measured: one-copy heads (EGC=0) against whole-hold heads (EGC=1)"
echo
echo "Made by \`calibration/drop-storm/heads.sh\` (its header says how; the patch is never committed to src/)."
echo "Delivered % of seeds 1-6, one replication each, at the profile's own speed."
echo
echo "| setup | dials over, s | runs' mean % | profile | heads | seeds 1-6, % | mean % |"
echo "|---|---|---|---|---|---|---|"
for spec in n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32:0.07:93.0 n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32:0.079:67.3 \
  n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32:0.098:62.1 n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64:0.12:82.3 \
  n100-i1-t2-q0.5-bw60-perconn-ramp0s-qkb128:0.065:92.5; do
  IFS=: read -r name ramp real <<< "$spec"
  run=calibration/drop-runs/$name.json
  [ -f "$run" ] || run=calibration/drop-runs-aa/$name.json
  for profile in calibration/profiles/local.yaml "$work/drift0.yaml"; do
    label=local; [ "$profile" = calibration/profiles/local.yaml ] || label="local, cpu_drift 0"
    python3 - "$run" "$ramp" "$(realpath "$profile")" "$work/s.yaml" <<'PY'
import json, sys
sys.path.insert(0, "calibration")
import drop_scenario
drop_scenario.write(sys.argv[4], drop_scenario.keys(json.load(open(sys.argv[1]))["setup"], sys.argv[3], sys.argv[2]))
PY
    for c in 0 1; do
      all=""
      for s in 1 2 3 4 5 6; do
        EGC=$c ./fanoutsim run "$work/s.yaml" -r 1 -s $s --json "$work/r.json" > /dev/null 2>&1
        all="$all $(python3 -c "import json, sys
print(round(100 * json.load(open(sys.argv[1]))['metrics']['delivery_ratio'], 1))" "$work/r.json")"
      done
      heads="one copy, rest paced"; [ $c = 1 ] && heads="whole hold"
      mean=$(python3 -c "import sys; v=[float(x) for x in sys.argv[1:]]; print(f'{sum(v)/len(v):.1f}')" $all)
      echo "| $name | $ramp | $real | $label | $heads |$all | $mean |"
    done
  done
done
