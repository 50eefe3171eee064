#!/usr/bin/env bash
# Signed error (predicted - measured, pp) of `local` with one sed edit on four setups, 2 replications, seed 1, each
# at one speed: churn 0.03 core (W's mean speed 2338702, measured 74.4 %), churn 0.04 (2393426, 87.7 %),
# per-connection 30 x 10 + 1 x 100 at 0.06 (S's mean speed 1903812, measured 85.1 %, the four runs of 12-02 and S)
# and 30 x 10 at 0.04 (2298583, 87.1 %). Issue 16, calibration/churn-start/first-seconds.md.
# Usage: calibration/churn-start/four-setups.sh LABEL SED-EXPRESSION   (e.g. base 's/^name: local$/name: copy/')
# The order experiment: `git apply calibration/churn-start/order-experiment.patch`, then run with EXP_A=1 (an inbound
# job of an opened connection goes to the front of its task's line) and/or EXP_B=1 (every forwarding lane does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
label=$1
sed -e "$2" calibration/profiles/local.yaml > "$tmp/p.yaml"
if cmp -s calibration/profiles/local.yaml "$tmp/p.yaml"; then
  echo "four-setups.sh: the edit changed nothing" >&2
  exit 2
fi
out=""
for c in "scenarios/rooms-churn-local.yaml 0.03 2338702 74.4" "scenarios/rooms-churn-local.yaml 0.04 2393426 87.7" \
  "calibration/churn-start/perconn-30x10+1x100.yaml 0.06 1903812 85.1" \
  "calibration/churn-start/perconn-30x10.yaml 0.04 2298583 87.1"; do
  read -r scenario q speed measured <<< "$c"
  ./fanoutsim run "$scenario" --set profile="$tmp/p.yaml" --set task_vcpu="$q" --machine-speed "$speed" -r 2 -s 1 \
    --json "$tmp/x.json" > /dev/null
  out="$out $(python3 -c 'import json,sys
print("%+.1f" % (100 * json.load(open(sys.argv[1]))["metrics"]["delivery_ratio"] - float(sys.argv[2])))' \
    "$tmp/x.json" "$measured")"
done
echo "$label:$out"
