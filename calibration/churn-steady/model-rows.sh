#!/usr/bin/env bash
# Issue 16, churn's steady state: calibration/churn-steady/steady.py's rows for the model at churn 0.03 core and W's
# mean speed 2,338,702 (fanoutsim run scenarios/rooms-churn-local.yaml, 2 replications, seed 1), `local` and `local`
# with redis_connect_timeout 3 s and 6 s, beside W's three runs. Markdown on stdout, under a minute.
# One command from anywhere: calibration/churn-steady/model-rows.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
models=()
for t in 0 3000 6000; do
  cp calibration/profiles/local.yaml "$tmp/local-t$t.yaml"
  if [ $t != 0 ]; then
    sed -i "s/^  subscribe_confirm_timeout: 3000ms$/&\n  redis_connect_timeout: ${t}ms/" "$tmp/local-t$t.yaml"
    grep -q redis_connect_timeout "$tmp/local-t$t.yaml"
  fi
  ./fanoutsim run scenarios/rooms-churn-local.yaml --set profile="$tmp/local-t$t.yaml" --set task_vcpu=0.03 \
    --machine-speed 2338702 -r 2 -s 1 --sample 1s --json "$tmp/local-t$t.json" > /dev/null
  models+=("model=$tmp/local-t$t.json")
done
python3 calibration/churn-steady/steady.py calibration/rooms-runs-w/*q0.03*churn*.json "${models[@]}" |
  sed "s|model $tmp/local-t0.json|model \`local\`|; s|model $tmp/local-t\([0-9]*\)000.json|model T \1 s|"
