#!/usr/bin/env bash
# Issue 16, slow steady-state connects: the model's connect times at churn 0.03 core and W's mean speed 2,338,702
# (fanoutsim run scenarios/rooms-churn-local.yaml, 2 replications, seed 1) with the optional handshake_round_trips R
# and redis_connect_timeout T, beside W's three runs (connect avg / median / p90 / p95 / max, ratio, sent a second,
# copies a send). Markdown on stdout, a minute or two.
# One command from anywhere: calibration/churn-steady/round-trips-rows.sh [R:T ...]   (T in seconds, 0 = off)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(0:0 3:0 4:0 6:0 3:2 4:2 4:3)
row() { # LABEL FILE
  python3 - "$1" "$2" <<'PY'
import json, sys
label, path = sys.argv[1:]
r = json.load(open(path))
m = r["metrics"]
c = m["ws_connecting"]
dur = m["duration_seconds"]
sent, received = m["ws_msgs_sent"], m["ws_msgs_received"]
print(f"| {label} | {c['avg']:.2f} | {c['med']:.2f} | {c['p90']:.2f} | {c['p95']:.2f} | {c['max']:.2f} "
      f"| {100 * m['delivery_ratio']:.1f} | {sent / dur:.1f} | {received / sent:.2f} |")
PY
}
echo "| run | connect avg s | median | p90 | p95 | max | ratio % | sent/s | copies a send |"
echo "|---|---|---|---|---|---|---|---|---|"
for f in calibration/rooms-runs-w/*q0.03*churn*.json; do row "W $(basename "$f")" "$f"; done
for pair in "${pairs[@]}"; do
  r=${pair%%:*} t=${pair##*:}
  # The costs block is local.yaml's last: the optional keys go at its end.
  cp calibration/profiles/local.yaml "$tmp/p.yaml"
  [ "$r" = 0 ] || echo "  handshake_round_trips: $r" >> "$tmp/p.yaml"
  [ "$t" = 0 ] || echo "  redis_connect_timeout: $((t * 1000))ms" >> "$tmp/p.yaml"
  ./fanoutsim run scenarios/rooms-churn-local.yaml --set profile="$tmp/p.yaml" --set task_vcpu=0.03 \
    --machine-speed 2338702 -r 2 -s 1 --json "$tmp/m.json" > /dev/null
  row "model R $r, T $( [ "$t" = 0 ] && echo off || echo "$t s")" "$tmp/m.json"
done
