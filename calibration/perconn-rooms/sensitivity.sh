#!/usr/bin/env bash
# calibration/perconn-rooms/sensitivity.sh — which of `local`'s costs the per-connection many-room setups hang on
# (issue 16, session AB). `local` (calibration/profiles/local.yaml) and copies of it with a key or two changed
# (written to a temporary directory) predict, no fit, at the in-run speed, 2 replications, as
# calibration/joint-local/tables.sh does: the 20 per-connection many-room setups (calibration/rooms-runs, -s, -w
# `*perconn*`) and knee R + S (calibration/transfer/session-r, -s) and the 19 per-task many-room setups (rooms-runs-t,
# -u, -u-spin0, -v, -w `*pertask*`). Tables: calibration/perconn-rooms/sens-NAME-{perconn,knee-rs,pertask}.md; then
# calibration/perconn-rooms/summary.py writes calibration/perconn-rooms/sensitivity.md. About 2 minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/perconn-rooms
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
variants=(
  "local:"
  "turn-5us:forward_turn_cpu: 0.005ms"
  "turn-0:forward_turn_cpu: 0ms"
  "connect-0.3ms:redis_connect_cpu: 0.3ms"
  "handshake-0.15ms:handshake_cpu: 0.15ms"
  "drift-0:cpu_drift: 0"
  "no-fifo:control_queues_behind_backlog: false"
  "batch-64:forward_batch: 64"
  "batch-all:forward_batch: 100000"
  "round-trips-2:handshake_round_trips: 2"
  "batch-all-read-2.5us:forward_batch: 100000;subscriber_read_cpu: 0.0025ms"
)
for v in "${variants[@]}"; do
  name=${v%%:*}
  line=${v#*:}
  profile=$tmp/$name.yaml
  cp calibration/profiles/local.yaml "$profile"
  # LINE: one or more "key: value" separated by ";".
  IFS=';' read -r -a sets <<< "$line"
  for kv in "${sets[@]}"; do
    kv=${kv# }
    [ -z "$kv" ] && continue
    key=${kv%%:*}
    if grep -q "^  $key: " "$profile"; then
      sed -i "s/^  $key: .*/  $kv/" "$profile"
    else
      # A key local.yaml does not set: added at the end of its costs (the last block of the file).
      echo "  $kv" >> "$profile"
    fi
  done
  echo "== $name" >&2
  ./fanoutsim calibrate calibration/rooms-runs/*perconn*.json calibration/rooms-runs-s/*perconn*.json \
    calibration/rooms-runs-w/*perconn*.json --start "$profile" --speed-rule in-run --predict-only --replications 2 \
    --table $out/sens-$name-perconn.md > /dev/null
  ./fanoutsim calibrate calibration/transfer/session-r/*.json calibration/transfer/session-s/*.json \
    --start "$profile" --speed-rule in-run --predict-only --replications 2 \
    --table $out/sens-$name-knee-rs.md > /dev/null
  ./fanoutsim calibrate calibration/rooms-runs-t/*.json calibration/rooms-runs-u/*.json \
    calibration/rooms-runs-u-spin0/*.json calibration/rooms-runs-v/*.json calibration/rooms-runs-w/*pertask*.json \
    --start "$profile" --speed-rule in-run --predict-only --replications 2 \
    --table $out/sens-$name-pertask.md > /dev/null
done
python3 $out/summary.py > $out/sensitivity.md
