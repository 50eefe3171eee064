#!/usr/bin/env bash
# Issue 17: every run of the six v1272 Python sessions (R, S, W, X, Y, AC) predicted alone at its own in-run speed by
# one profile (default: the fit on R+S+W+X+Y at in-run, loso.sh's), then speed-slope.py: how much the run's speed
# moves the replica's ratio and the model's, within setups (within a session, then across sessions), per mode.
#   calibration/python-runs-ac/speed-slope.sh [PROFILE]      # about 2 minutes; writes
#                                                          # calibration/python-runs-ac/speed-slope.md and .csv
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
profile="${1:-calibration/python-runs-ac/by-session-v1272ac-in-run/fit-all-but-python-runs-ac.yaml}"
[ -f "$profile" ] || { echo "speed-slope.sh: no profile $profile" >&2; exit 2; }
out=calibration/python-runs-ac/speed-slope
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 calibration/python-pooled/floor.py --copies "$dir" calibration/python-runs-{r,s,w,x,y,ac} > /dev/null
./fanoutsim calibrate "$dir"/*.json --start "$profile" --speed-rule in-run --predict-only --replications 2 \
  --table "$dir/per-run.md" 2>/dev/null | grep -m1 'mean absolute'
cp "$dir/per-run.csv" "$out.csv"
{
  echo "# The run's in-run speed against its delivery ratio, replica and model, per mode"
  echo
  echo "Made by \`calibration/python-runs-ac/speed-slope.sh $profile\` (per-run predictions: \`$out.csv\`)."
  echo
  echo "Within a session (a setup is one session's repeats of it):"
  echo
  python3 calibration/python-runs-ac/speed-slope.py --copies "$dir" "$out.csv"
  echo
  echo "Across sessions (a setup's runs in every session; the sessions' levels count as speed):"
  echo
  python3 calibration/python-runs-ac/speed-slope.py --across-sessions --copies "$dir" "$out.csv"
} > "$out.md.tmp"
mv "$out.md.tmp" "$out.md"
cat "$out.md"
