#!/usr/bin/env bash
# calibration/perconn-rooms/anatomy.sh — the four CPU-limited 30x10+1x100 per-connection setups, measured against
# `local` (issue 16, session AB): calibration/perconn-rooms/rooms-30x10+1x100-local.yaml run at each setup's quota,
# task count and balancer, 4 replications, at the mean in-run server speed (environment.speed_index_server) of the
# setup's runs in calibration/rooms-runs-s and -w (the runs that record connect and close times and each room class's
# delivery; calibration/rooms-runs' do not), replication 0 sampled every second. Model JSON into
# calibration/perconn-rooms/anatomy/, then calibration/perconn-rooms/anatomy.py writes
# calibration/perconn-rooms/anatomy.md. About 1 minute.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/perconn-rooms/anatomy
mkdir -p $out
speed() { # mean speed_index_server of the runs matching GLOB
  python3 -c "import json,glob,sys,statistics; print(round(statistics.fmean(float(json.load(open(p))['environment']\
['speed_index_server']) for p in glob.glob(sys.argv[1]))))" "$1"
}
while read -r name sets; do
  s=$(speed "calibration/rooms-runs-[sw]/$name.*json")
  echo "== $name at $s" >&2
  # shellcheck disable=SC2086
  ./fanoutsim run calibration/perconn-rooms/rooms-30x10+1x100-local.yaml $sets -r 4 --machine-speed "$s" \
    --sample 1s --json $out/$name.json > /dev/null
done <<'L'
n400-i1-t1-q0.12-bwnone-perconn-rooms-30x10+1x100 --set tasks=1 --set task_vcpu=0.12
n400-i1-t2-q0.06-bwnone-perconn-rooms-30x10+1x100 --set task_vcpu=0.06
n400-i1-t2-q0.06-bwnone-perconn-rooms-30x10+1x100-lbroom-affine --set task_vcpu=0.06 --set load_balancer=room-affine
n400-i1-t2-q0.07-bwnone-perconn-rooms-30x10+1x100 --set task_vcpu=0.07
L
python3 calibration/perconn-rooms/anatomy.py > calibration/perconn-rooms/anatomy.md
