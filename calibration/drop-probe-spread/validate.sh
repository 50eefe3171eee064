#!/usr/bin/env bash
# Issue 13, spread probes: `redis_probe_spread` judged held out the way redis_write_cpu was chosen. Every drop run
# (calibration/drop-runs, drop-runs-x, drop-runs-y: 73 runs, 12 setups) predicted (`calibrate --predict-only
# --speed-rule in-run`) from calibration/profiles/local.yaml without redis_write_cpu, plus redis_write_cpu: W and
# redis_probe_spread: S over a grid; then (spread, write_cpu) chosen 4-fold by setup with
# calibration/drop-variant-select.py over the candidate's grid together with the spread-0 grid of
# calibration/drop-runs-y/validate.sh (same runs, same replications), against that spread-0 grid alone (local as it
# is, redis_write_cpu chosen per fold).
#
#   REPLICATIONS=4 calibration/drop-probe-spread/validate.sh    # writes calibration/drop-probe-spread/select.md
#   REPLICATIONS=12 OUT=calibration/drop-probe-spread/grid-r12 BASE=calibration/drop-runs-y/write-cpu-r12 \
#     SUMMARY=calibration/drop-probe-spread/select-r12.md calibration/drop-probe-spread/validate.sh
#       (tables in calibration/drop-probe-spread/grid/; needs calibration/drop-runs-y/write-cpu/ at the same
#       replications)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-calibration/drop-probe-spread/grid}"
base="${BASE:-calibration/drop-runs-y/write-cpu}"
fanoutsim="${FANOUTSIM:-./fanoutsim}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trap 'echo "validate.sh: stopped" >&2; exit 130' INT TERM

anchor='  redis_idle_head_coalesced: true'
grep -v '^  redis_write_cpu:' calibration/profiles/local.yaml > "$work/base.yaml"
grep -qx "$anchor" "$work/base.yaml" || { echo "validate.sh: local.yaml has no '$anchor' line" >&2; exit 1; }
spreads="${SPREADS:-10 20 40}"
grid="${GRID:-4 6 8 10 14 20}"
replications="${REPLICATIONS:-4}"
for ms in $spreads; do
  for us in $grid; do
    v="s$(printf '%03d' "$ms")ms-w$(printf '%02d' "$us")us"
    sed "s/^$anchor\$/$anchor\n  redis_write_cpu: ${us}us\n  redis_probe_spread: ${ms}ms/" "$work/base.yaml" \
      > "$work/$v.yaml"
    $fanoutsim calibrate calibration/drop-runs/*.json calibration/drop-runs-x/*.json calibration/drop-runs-y/*.json \
      --start "$work/$v.yaml" --speed-rule in-run --predict-only --replications "$replications" \
      --table "$out/$v.md" >/dev/null 2>&1
    sed -i "s#$work/\([a-z0-9-]*\)\.yaml#(local.yaml without redis_write_cpu, + \1)#" "$out/$v.md"
  done
done
mkdir -p "$work/both" "$work/base"
cp "$out"/*.csv "$work/both/"
for f in "$base"/w*.csv; do
  cp "$f" "$work/both/s000ms-$(basename "$f")"
  cp "$f" "$work/base/s000ms-$(basename "$f")"
done
{
  echo "# Issue 13: redis_probe_spread chosen held out with redis_write_cpu, every drop run (73 runs, 12 setups)"
  echo
  echo "Made by"
  echo "\`REPLICATIONS=$replications SPREADS=\"$spreads\" GRID=\"$grid\" calibration/drop-probe-spread/validate.sh\`"
  echo "(tables in $out/, spread 0 from $base/,"
  echo "both at $replications replications). Variant sNNNms-wNNus = local.yaml with redis_probe_spread NNN ms and"
  echo "redis_write_cpu NN us. Mean / worst abs error, pp, in sample:"
  echo
  echo "| variant | 12 drop setups | N = 140, 80 Mbit/s | N = 140, 120 Mbit/s | N = 100, 40 / 80 Mbit/s (32 kB) |"
  echo "|---|---|---|---|---|"
  python3 - "$work/both" <<'PY'
import csv, glob, os, sys
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.csv"))):
    with open(path, newline="") as f:
        rows = {r["run"]: float(r["abs_error_pp"]) for r in csv.DictReader(f)}
    e = list(rows.values())
    g = lambda k: f"{rows[k]:.1f}"
    print(f"| {os.path.basename(path)[:-4]} | {sum(e) / len(e):.1f} / {max(e):.1f} "
          f"| {g('n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64')} | {g('n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64')} "
          f"| {g('n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32')} / {g('n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32')} |")
PY
  echo
  echo "Candidate: (spread, write_cpu) chosen 4-fold by setup over both grids"
  echo "(\`calibration/drop-variant-select.py --folds 4\`):"
  echo
  python3 calibration/drop-variant-select.py --folds 4 "$work/both"
  echo
  echo "Against: local as it is, redis_write_cpu chosen 4-fold over the spread-0 grid alone:"
  echo
  python3 calibration/drop-variant-select.py --folds 4 "$work/base"
} > "$work/summary.md"
summary="${SUMMARY:-calibration/drop-probe-spread/select.md}"
cp "$work/summary.md" "$summary"
cat "$summary"
