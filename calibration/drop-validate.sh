#!/usr/bin/env bash
# Issue 13: `local` held out on drop runs. Every run of the given folders is predicted (`calibrate --predict-only
# --speed-rule in-run`) from calibration/profiles/local.yaml without `redis_write_cpu`, plus `redis_write_cpu: Nus`
# over GRID, and Redis' CPU per socket write is then chosen 4-fold by setup (calibration/drop-variant-select.py
# --folds 4; leave one setup out: --folds <setups>). With SPREADS, each spread S (ms) is crossed with the grid
# (`redis_probe_spread: Sms`; S = 0 leaves the key out) and the pair (spread, write_cpu) is chosen the same way over
# all of them (the candidate, calibration/drop-probe-spread/local-candidate.yaml) against the spread-0 grid alone
# (local as it is), same runs, same replications. One script for sessions X, Y, Z and the spread probes:
#
#   REPLICATIONS=24 OUT=calibration/drop-runs-z/write-cpu-r24 SPREADS="0 20" GRID="4 5 6 7 8 10" \
#     calibration/drop-validate.sh calibration/drop-runs calibration/drop-runs-x calibration/drop-runs-y \
#     calibration/drop-runs-z          # session Z (102 runs, 12 setups); tables in OUT/, summary OUT.md
#   calibration/drop-runs-y/validate.sh, calibration/drop-runs-x/validate.sh: one-line calls of this script
#
# Environment: OUT (tables; summary in OUT.md, or SUMMARY), REPLICATIONS (default 3), GRID (us, default
# "0 1 2 3 4 5 6 7 8 10 20"), SPREADS (ms; unset: variants are wNNus, no spread key), BASE (a folder of wNNus.csv at
# the same runs and replications used as spread 0 instead of simulating it), SETUP_GROUPS ("label=setup,setup ..."
# extra columns of the in-sample table; default: the five scattering setups), FANOUTSIM (the CLI, default ./fanoutsim,
# e.g. "dotnet /tmp/base/fanoutsim.dll" while src/ is being edited), TITLE (the summary's first line), EXTRA (profile
# lines every variant carries, "key: value;key: value"); GRID_S, e.g.
# GRID_20="6 8 10": spread S's own grid.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ "$#" -ge 1 ] || { echo "drop-validate.sh: expected one or more run folders" >&2; exit 2; }
for d in "$@"; do
  compgen -G "$d/*.json" >/dev/null || { echo "drop-validate.sh: $d: no run JSONs" >&2; exit 2; }
done
out="${OUT:?drop-validate.sh: set OUT (the folder of the tables)}"
summary="${SUMMARY:-$out.md}"
fanoutsim="${FANOUTSIM:-./fanoutsim}"
made_out=0
[ -d "$out" ] || made_out=1
{ mkdir -p "$out" 2>/dev/null && [ -w "$out" ]; } || { echo "drop-validate.sh: cannot write $out" >&2; exit 3; }
work="$(mktemp -d)"
# A folder this run made and left empty (it failed before its first table) goes with the temp files.
trap 'rm -rf "$work"; [ "$made_out" = 0 ] || rmdir "$out" 2>/dev/null || true' EXIT
trap 'echo "drop-validate.sh: stopped; the variants whose tables are in $out are whole, no summary written" >&2; exit 130' INT TERM

scattering="n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32,n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32"
scattering+=",n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32,n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64"
scattering+=",n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64"
groups="${SETUP_GROUPS:-scattering=$scattering}"
anchor='  redis_idle_head_coalesced: true'
# Those keys out: since session Z local.yaml carries the pair this script chose (redis_probe_spread, redis_write_cpu)
# and since session AA the probe-heads keys (EXTRA puts them back); without them it is the profile every variant
# here was built on before.
grep -v '^  redis_write_cpu:\|^  redis_probe_spread:\|^  redis_probe_head_coalesced:\|^  redis_timer_hz:\|^  redis_send_buffer_kb:' \
  calibration/profiles/local.yaml > "$work/base.yaml"
grep -qx "$anchor" "$work/base.yaml" || { echo "drop-validate.sh: local.yaml has no '$anchor' line" >&2; exit 1; }
# EXTRA="key: value;key: value": lines every variant carries besides local's (a mechanism judged on its own base).
if [ -n "${EXTRA:-}" ]; then
  lines="$(printf '%s' "$EXTRA" | tr ';' '\n' | sed 's/^ */  /' | sed ':a;N;$!ba;s/\n/\\n/g')"
  sed -i "s/^$anchor\$/$anchor\n$lines/" "$work/base.yaml"
fi
grid="${GRID:-0 1 2 3 4 5 6 7 8 10 20}"
replications="${REPLICATIONS:-3}"
spreads="${SPREADS:-}"
runs=()
for d in "$@"; do runs+=("$d"/*.json); done

# predict NAME WRITE_US SPREAD_MS: one variant's calibrate table, OUT/NAME.md and .csv.
predict() {
  local v="$1" us="$2" ms="$3" add=""
  [ "$us" = 0 ] || add="\n  redis_write_cpu: ${us}us"
  [ "$ms" = 0 ] || add="$add\n  redis_probe_spread: ${ms}ms"
  sed "s/^$anchor\$/$anchor$add/" "$work/base.yaml" > "$work/$v.yaml"
  if ! $fanoutsim calibrate "${runs[@]}" --start "$work/$v.yaml" --speed-rule in-run --predict-only \
    --replications "$replications" --table "$out/$v.md" >/dev/null 2>"$work/err"; then
    echo "drop-validate.sh: variant $v: $(grep -v '^calibrate: ' "$work/err" | tail -1)" >&2
    exit 2
  fi
  sed -i "s#$work/\([a-z0-9-]*\)\.yaml#(local.yaml without redis_write_cpu, + \1)#" "$out/$v.md"
}
mkdir -p "$work/all" "$work/base"
if [ -z "$spreads" ]; then
  for us in $grid; do
    v="w$(printf '%02d' "$us")us"
    predict "$v" "$us" 0
    cp "$out/$v.csv" "$work/all/"
  done
else
  for ms in $spreads; do
    g="GRID_$ms"
    for us in ${!g:-$grid}; do
      v="s$(printf '%03d' "$ms")ms-w$(printf '%02d' "$us")us"
      if [ "$ms" = 0 ] && [ -n "${BASE:-}" ]; then
        continue
      fi
      predict "$v" "$us" "$ms"
      cp "$out/$v.csv" "$work/all/"
      [ "$ms" != 0 ] || cp "$out/$v.csv" "$work/base/"
    done
  done
  if [ -n "${BASE:-}" ]; then
    for f in "$BASE"/w*.csv; do
      cp "$f" "$work/all/s000ms-$(basename "$f")"
      cp "$f" "$work/base/s000ms-$(basename "$f")"
    done
  fi
fi

command="calibration/drop-validate.sh $*"
for k in EXTRA SPREADS GRID $(compgen -v GRID_ || true) OUT REPLICATIONS; do
  [ -z "${!k:-}" ] || command="$k=\"${!k}\" $command"
done
[ -z "${BASE:-}" ] || command="BASE=$BASE $command"
[ -z "${SETUP_GROUPS:-}" ] || command="SETUP_GROUPS=\"...\" $command"
{
  echo "# ${TITLE:-Issue 13: local held out on the drop runs}"
  echo
  echo "Made by"
  echo
  echo '```bash'
  echo "$command"
  echo '```'
  echo
  echo "(\`calibrate --predict-only --replications $replications --speed-rule in-run\` of ${#runs[@]} runs in"
  for d in "$@"; do echo "$d"; done
  echo "from calibration/profiles/local.yaml without \`redis_write_cpu\`, plus \`redis_write_cpu: Nus\`"
  [ -z "$spreads" ] || echo "and \`redis_probe_spread: Sms\` (variant sSSSms-wNNus; S = 0: no spread key),"
  echo "tables in $out/)."
  echo "Mean / worst abs error, pp, in sample; lockstep per connection = the \`ramp0s\` per-connection setups;"
  echo "the extra columns' setups are listed under the table."
  echo
  python3 - "$work/all" "$groups" <<'PY'
import csv, glob, os, sys
folder, groups = sys.argv[1], [g.split("=", 1) for g in sys.argv[2].split()]
rows = {}
for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
    with open(path, newline="") as f:
        rows[os.path.basename(path)[:-4]] = {r["run"]: float(r["abs_error_pp"]) for r in csv.DictReader(f)}
setups = sorted(next(iter(rows.values())))
# A group's column only where every one of its setups was run (the folders given may not hold them all).
missing = [label for label, names in groups if not set(names.split(",")) <= set(setups)]
for label in missing:
    print(f"(no column {label}: not all of its setups are among these runs)", file=sys.stderr)
groups = [(label, names) for label, names in groups if label not in missing]
lock = [s for s in setups if "ramp0s" in s and "perconn" in s]
cols = [(f"{len(setups)} drop setups", setups), (f"lockstep per connection ({len(lock)})", lock)]
cols += [(f"{label} ({len(names.split(','))})", names.split(",")) for label, names in groups]
def sort_key(v):
    return [int("".join(c for c in part if c.isdigit()) or 0) for part in v.split("-")]
print("| variant | " + " | ".join(c for c, _ in cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for v in sorted(rows, key=sort_key):
    def mw(names):
        e = [rows[v][s] for s in names]
        return f"{sum(e) / len(e):.1f} / {max(e):.1f}"
    print(f"| {v} | " + " | ".join(mw(names) for _, names in cols) + " |")
for label, names in groups:
    print()
    print(f"{label}:")
    for n in names.split(","):
        print(f"- {n}")
PY
  first="$(ls "$work"/all/*.csv | head -1)"
  n="$(python3 -c 'import csv, sys; print(len(list(csv.DictReader(open(sys.argv[1])))))' "$first")"
  if [ -z "$spreads" ]; then
    echo
    echo "Chosen 4-fold by setup (\`calibration/drop-variant-select.py --folds 4\`):"
    echo
    python3 calibration/drop-variant-select.py --folds 4 "$work/all"
    echo
    echo "Leave one setup out (\`--folds $n\`):"
    echo
    python3 calibration/drop-variant-select.py --folds "$n" "$work/all"
  else
    echo
    echo "Candidate: (spread, write_cpu) chosen 4-fold by setup over every variant"
    echo "(\`calibration/drop-variant-select.py --folds 4\`):"
    echo
    python3 calibration/drop-variant-select.py --folds 4 --per-setup "$work/all"
    echo
    if compgen -G "$work/base/*.csv" >/dev/null; then
      echo "Against: local as it is, redis_write_cpu chosen 4-fold over the spread-0 variants alone:"
      echo
      python3 calibration/drop-variant-select.py --folds 4 --per-setup "$work/base"
      echo
      echo "Leave one setup out (\`--folds $n\`), candidate then local:"
      echo
      python3 calibration/drop-variant-select.py --folds "$n" "$work/all"
      echo
      python3 calibration/drop-variant-select.py --folds "$n" "$work/base"
    else
      echo "(No spread-0 variant in SPREADS: nothing to compare against.) Leave one setup out (\`--folds $n\`):"
      echo
      python3 calibration/drop-variant-select.py --folds "$n" "$work/all"
    fi
  fi
} > "$work/summary.md"
cp "$work/summary.md" "$summary"
cat "$summary"
