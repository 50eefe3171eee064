#!/usr/bin/env bash
# calibration/perconn-rooms/floor.sh — the repeat floor of the 20 per-connection many-room setups (issue 16,
# session AB): calibration/drop-floor.py over the `*perconn*` runs of calibration/rooms-runs, -s and -w (linked
# into three folders of a temporary directory, as drop-floor.py reads whole folders; a setup measured in several
# of them is one setup, as `calibrate` pools it), its misses set beside `local`'s held-out ones
# (calibration/joint-local/perconn-adopted.csv), goal 3 / 8 pp. Writes calibration/perconn-rooms/floor.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in rooms-runs rooms-runs-s rooms-runs-w; do
  mkdir -p "$tmp/$d"
  for f in calibration/$d/*perconn*.json; do ln -s "$PWD/$f" "$tmp/$d/"; done
done
python3 calibration/drop-floor.py --goal 3/8 --errors calibration/joint-local/perconn-adopted.csv \
  --out calibration/perconn-rooms/floor.md "$tmp/rooms-runs" "$tmp/rooms-runs-s" "$tmp/rooms-runs-w"
# The folders' names in the table are the temporary ones: give them their repository names.
# and the Made-by line this script, as the folders hold the `*perconn*` runs only.
made="calibration/perconn-rooms/floor.sh  \# drop-floor.py --goal 3/8 over the *perconn* runs"
sed -i -e "s#^python3 calibration/drop-floor.py .*#$made#" \
  -e "s#^\# Floor of the drop setups#\# Floor of the 20 per-connection many-room setups#" -e "s#$tmp/#calibration/#g" \
  calibration/perconn-rooms/floor.md
