#!/usr/bin/env bash
# Issue 17, session AE: leave one session out over the seven v1272 Python sessions (R, S, W, X, Y, AC, AD; as
# calibration/python-runs-ad/loso.sh) with a segment's price set from the replica's step timers instead of fitted:
#   segment-measured   write_segment_cpu 18 us, turn_segment_limit 20, neither fitted (steps/ against bursts/: a copy's
#                      send costs 10.7 us plus 23.3 us a segment per connection, 15.5 plus 12.0 per task, at the runs'
#                      speed, ~2.2 million; 18 us was set from a first reading, between the two at the start
#                      profile's 2.49 million)
#   segment-lsq        as segment-measured at 13.6 us (the least squares over both modes, 15.4 us at ~2.2 million)
#   steps              segment-measured, and a message's CPU and a copy's base write set from the same timers, not
#                      fitted: inbound_cpu 1.8 ms (id call 1.6-2.2 ms, persistence enqueue 0.11-0.17 ms at ~2.2
#                      million), per_task_inbound_cpu 0, delivery_cpu 11.5 us (a send's 12-15 us less its segments);
#                      the fit moves handshake_cpu, close_cpu, task_overhead_cores, subscriber_read_cpu,
#                      forward_turn_cpu and local_fanout_cpu only
#   wait               segment-measured, and inbound_wait 1.5 ms (steps-wall/: on a full core the id call held the loop
#                      3.5 ms for 1.9 ms of CPU; the rest waits for the id service's answer)
#   steps-wait         steps, and inbound_wait 1.5 ms
#   calibration/python-runs-ae/loso.sh in-run segment-measured      # 7 fits, about 2-4 minutes
# Writes calibration/python-runs-ae/by-session-v1272ad-RULE-VARIANT/ as the AD script does.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
rule="${1:-}" variant="${2:-}"
usage() { echo "usage: calibration/python-runs-ae/loso.sh in-run|probes segment-measured|segment-lsq|steps|wait|steps-wait" >&2; exit 2; }
case "$rule" in in-run|probes) ;; *) usage ;; esac
case "$variant" in
  segment-measured) extra=(--set write_segment_cpu=18us --set turn_segment_limit=20) ;;
  segment-lsq) extra=(--set write_segment_cpu=13.6us --set turn_segment_limit=20) ;;
  wait) extra=(--set write_segment_cpu=18us --set turn_segment_limit=20 --set inbound_wait=1.5ms) ;;
  steps-wait) extra=(--set inbound_wait=1.5ms --set write_segment_cpu=18us --set turn_segment_limit=20
                     --set inbound_cpu=1.8ms --set per_task_inbound_cpu=0 --set delivery_cpu=11.5us
                     --free handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu) ;;
  steps) extra=(--set write_segment_cpu=18us --set turn_segment_limit=20 --set inbound_cpu=1.8ms
                --set per_task_inbound_cpu=0 --set delivery_cpu=11.5us
                --free handshake_cpu,close_cpu,task_overhead_cores,subscriber_read_cpu,forward_turn_cpu,local_fanout_cpu) ;;
  *) usage ;;
esac
exec "$here/../python-pooled/loso.sh" --out "calibration/python-runs-ae/by-session-v1272ad-$rule-$variant" \
  --rule "$rule" "${extra[@]}" --per-run python-runs-ad \
  python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac python-runs-ad
