#!/usr/bin/env bash
# Issue 13, session Y: calibration/drop-runs-x/validate.sh with the four more runs of each of the three thin setups in
# calibration/drop-runs-y: every drop run, calibration/drop-runs, drop-runs-x and drop-runs-y (73 runs, 12 setups).
# Redis' CPU per socket write
# (`redis_write_cpu`) predicted over a grid from calibration/profiles/local.yaml without the key, then chosen 4-fold
# by setup (calibration/drop-variant-select.py --folds 4; leave one setup out with --folds 12). Only the drop runs
# (the 50 ms and netlink sets of drop-write-cpu have no new runs).
#
#   REPLICATIONS=4 calibration/drop-runs-y/validate.sh
#       writes calibration/drop-runs-y/write-cpu.md (+ calibrate tables in calibration/drop-runs-y/write-cpu/)
# FANOUTSIM: the CLI to run (default ./fanoutsim), e.g. "dotnet /tmp/base/fanoutsim.dll" while src/ is being edited.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-calibration/drop-runs-y/write-cpu}"
fanoutsim="${FANOUTSIM:-./fanoutsim}"
mkdir -p "$out"
[ -w "$out" ] || { echo "validate.sh: cannot write $out" >&2; exit 3; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trap 'echo "validate.sh: stopped" >&2; exit 130' INT TERM

anchor='  redis_idle_head_coalesced: true'
grep -v '^  redis_write_cpu:' calibration/profiles/local.yaml > "$work/base.yaml"
grep -qx "$anchor" "$work/base.yaml" || { echo "validate.sh: local.yaml has no '$anchor' line" >&2; exit 1; }
grid="${GRID:-0 1 2 3 4 5 6 7 8 10 20}"
replications="${REPLICATIONS:-3}"
for us in $grid; do
  v="w$(printf '%02d' "$us")us"
  if [ "$us" = 0 ]; then
    cp "$work/base.yaml" "$work/$v.yaml"
  else
    sed "s/^$anchor\$/$anchor\n  redis_write_cpu: ${us}us/" "$work/base.yaml" > "$work/$v.yaml"
  fi
  $fanoutsim calibrate calibration/drop-runs/*.json calibration/drop-runs-x/*.json calibration/drop-runs-y/*.json \
    --start "$work/$v.yaml" --speed-rule in-run --predict-only --replications "$replications" \
    --table "$out/$v.md" >/dev/null
  sed -i "s#$work/\([a-z0-9]*\)\.yaml#(local.yaml without redis_write_cpu, + \1)#" "$out/$v.md"
done

{
  echo "# Issue 13: Redis CPU per socket write, every drop run (drop-runs + drop-runs-x + drop-runs-y)"
  echo
  echo "Made by \`REPLICATIONS=$replications OUT=$out calibration/drop-runs-y/validate.sh\`"
  echo "(\`calibrate --predict-only --replications $replications --speed-rule in-run\` of calibration/drop-runs/*.json"
  echo "calibration/drop-runs-x/*.json and calibration/drop-runs-y/*.json, 73 runs of 12 setups, from"
  echo "calibration/profiles/local.yaml without \`redis_write_cpu\`, plus \`redis_write_cpu: Nus\`; tables in"
  echo "$out/). Mean / worst abs error, pp;"
  echo "lockstep per connection = the seven \`ramp0s\` per-connection setups;"
  echo "scattering = the four with seven more runs in drop-runs-x; thin = the three with four more in drop-runs-y."
  echo
  echo "| redis_write_cpu | 12 drop setups | lockstep per connection (7) | scattering (4) | thin (3) |"
  echo "|---|---|---|---|---|"
  python3 - "$out" $grid <<'PY'
import csv, os, sys
out, grid = sys.argv[1], sys.argv[2:]
scattering = ("n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32", "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32",
              "n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32", "n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64")
thin = ("n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64", "n100-i1-t2-q0.5-bw40-pertask-ramp0s-qkb32",
        "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb128")
def mw(rs):
    e = [float(r["abs_error_pp"]) for r in rs]
    return f"{sum(e) / len(e):.1f} / {max(e):.1f}"
for us in grid:
    with open(os.path.join(out, f"w{int(us):02d}us.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    lock = [r for r in rows if "ramp0s" in r["run"] and "perconn" in r["run"]]
    print(f"| {us} us | {mw(rows)} | {mw(lock)} | {mw([r for r in rows if r['run'] in scattering])} "
          f"| {mw([r for r in rows if r['run'] in thin])} |")
PY
  echo
  echo "Chosen 4-fold by setup (\`calibration/drop-variant-select.py --folds 4 $out\`):"
  echo
  python3 calibration/drop-variant-select.py --folds 4 "$out"
  echo
  echo "Leave one setup out (\`--folds 12\`):"
  echo
  python3 calibration/drop-variant-select.py --folds 12 "$out"
} > "$work/summary.md"
cp "$work/summary.md" "$out.md"
cat "$out.md"
