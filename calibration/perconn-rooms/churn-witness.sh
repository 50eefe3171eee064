#!/usr/bin/env bash
# calibration/perconn-rooms/churn-witness.sh — the churn runs of calibration/rooms-runs-w and -z2 (the ones `local`
# predicts well, calibration/churn-steady/z2.md), pooled by setup as calibrate pools, predicted by `local` and by
# `local` with redis_connect_cpu 0.3 ms (issue 16, session AB: does a cheaper connect push them high?). In-run speed,
# 2 replications, no fit. Tables: calibration/perconn-rooms/churn-witness-{local,connect-0.3ms}.md. Under a minute.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/perconn-rooms
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s/^  redis_connect_cpu: .*/  redis_connect_cpu: 0.3ms/" calibration/profiles/local.yaml > "$tmp/connect-0.3ms.yaml"
for p in local "$tmp/connect-0.3ms.yaml"; do
  name=$(basename "$p" .yaml)
  ./fanoutsim calibrate calibration/rooms-runs-w/*churn*.json calibration/rooms-runs-z2/*churn*.json --start "$p" \
    --speed-rule in-run --predict-only --replications 2 --table $out/churn-witness-$name.md > /dev/null
  grep -E "^Predicted|^\| n.*%" $out/churn-witness-$name.md | cut -d'|' -f2,11,13,14 | sed "s/^/$name: /"
done
