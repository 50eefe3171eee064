#!/usr/bin/env bash
# The tables of calibration/rooms-runs-w/churn-anatomy.md: the churn setups (scenarios/rooms-churn-local.yaml at
# 0.03 / 0.04 / 0.06 core per task) and mixed traffic (scenarios/rooms-mixed-traffic-local.yaml at 0.05 / 0.06), the
# runs of session W (calibration/rooms-runs-w, contaminated ones left out) beside 2026-12-02's
# (calibration/rooms-runs), against `fanoutsim run` of the scenario with `local` as it was then (before issue
# 16's joint fit: calibration/joint-local/local-before-joint.yaml) at each session's mean
# in-run speed (the mean of its clean repeats' speed_index_server, as calibrate's in-run rule takes it), 2
# replications, seed 1. Markdown on stdout. One command from anywhere: calibration/rooms-runs-w/churn-anatomy.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# clean FILES... : the files the contamination guard did not flag, comma-separated.
clean() {
  python3 -c 'import json,sys
def bad(p): return str(json.load(open(p))["environment"].get("contaminated")).lower() == "true"
print(",".join(p for p in sys.argv[1:] if not bad(p)))' "$@"
}
# speed FILES (comma-separated): the mean of their speed_index_server.
speed() {
  python3 -c 'import json,sys
ps=sys.argv[1].split(",")
print(sum(float(json.load(open(p))["environment"]["speed_index_server"]) for p in ps)/len(ps))' "$1"
}

for setup in n300-i1-t2-q0.03-bwnone-perconn-rooms-churn-local n300-i1-t2-q0.04-bwnone-perconn-rooms-churn-local \
  n300-i1-t2-q0.06-bwnone-perconn-rooms-churn-local n400-i1-t2-q0.05-bwnone-perconn-rooms-mixed-traffic-local \
  n400-i1-t2-q0.06-bwnone-perconn-rooms-mixed-traffic-local; do
  q=${setup#*-q}
  q=${q%%-*}
  case $setup in
    *churn*) scenario=scenarios/rooms-churn-local.yaml ;;
    *) scenario=scenarios/rooms-mixed-traffic-local.yaml ;;
  esac
  old=$(clean calibration/rooms-runs/$setup*.json)
  new=$(clean calibration/rooms-runs-w/$setup*.json)
  models=()
  for pair in "W:$new" "12-02:$old"; do
    label=${pair%%:*} files=${pair#*:}
    s=$(speed "$files")
    ./fanoutsim run $scenario --set profile=../calibration/joint-local/local-before-joint.yaml --set task_vcpu=$q \
      --machine-speed "$s" -r 2 -s 1 --json "$tmp/$label.json" \
      --sample 1s > /dev/null
    models+=(--model "local at $label's speed $(printf '%.0f' "$s")=$tmp/$label.json")
  done
  echo "### $setup"
  echo
  python3 calibration/rooms-runs-w/churn-anatomy.py --measured "12-02=$old" --measured "W=$new" "${models[@]}"
  echo
done
