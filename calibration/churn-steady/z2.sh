#!/usr/bin/env bash
# Issue 16, session Z's churn runs held out: `local` and the two optional candidates of "Churn's steady state" and
# "Slow connects in churn's steady state (session Z)" (handshake_round_trips R, redis_connect_timeout T; both off in
# every committed profile) at the values the README names, predicted with no fit at `--speed-rule in-run`, 2
# replications, on session W's and Z2's churn runs (calibration/rooms-runs-w/*churn*, calibration/rooms-runs-z2):
#  - per set (Z2's 6 runs, W's churn, W + Z2 pooled as setup means): calibrate tables into calibration/churn-steady/z2/
#  - per run (each file alone, at its own in-run speed): z2/per-run.csv
#  - the model's own runs at each run's in-run speed (fanoutsim run scenarios/rooms-churn-local.yaml, 2 replications,
#    seed 1): its refusals (events_ClientOpen - events_Subscribe: a refused handshake opens to its client and never
#    subscribes), sessions and connect times, z2/model-runs.csv
#  - `local`'s ratio at churn 0.03 core against the machine speed, 1.8 M to 2.6 M (the same runs), z2/speed-curve.csv
# Then python3 calibration/churn-steady/z2.py --out calibration/churn-steady/z2.md. About eight minutes, one process
# at a time (calibrate --parallel 1).
# One command from anywhere: calibration/churn-steady/z2.sh [R:T ...]   (T in seconds; 0:0 = `local` as committed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/churn-steady/z2
mkdir -p $out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(0:0 1:0 4:0 0:3 0:6 2:6)
w=(calibration/rooms-runs-w/*churn*.json)
z2=(calibration/rooms-runs-z2/*churn*.json)
sets_of() { # R T -> the --set options
  [ "$1" = 0 ] || echo "--set handshake_round_trips=$1"
  [ "$2" = 0 ] || echo "--set redis_connect_timeout=${2}s"
}
predict() { # TABLE R T -- RUNS...
  local table=$1 r=$2 t=$3
  shift 4
  # shellcheck disable=SC2046
  ./fanoutsim calibrate "$@" --start local $(sets_of "$r" "$t") --speed-rule in-run --predict-only --replications 2 \
    --parallel 1 --table "$table" > /dev/null 2>&1
}
per_run() { # PAIR RUN CSV: the one row of a calibrate table of one run
  python3 - "$@" <<'PY'
import csv, sys
row = next(csv.DictReader(open(sys.argv[3])))
print(f"{sys.argv[1]},{sys.argv[2]},{row['measured_ratio']},{row['predicted_ratio']}")
PY
}
in_run() { # RUN: its quota and in-run speed (each second's CPU speeds weighted by the servers' seconds on them)
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
pairs = [(v, u) for x in d["time_series"]["samples"]
         for v, u in zip(x["cpu_speed"], x["server_cpu_seconds_percpu"]) if u > 0]
print(d["setup"]["task_vcpu"], round(sum(v * u for v, u in pairs) / sum(u for _, u in pairs)))
PY
}
model_row() { # PAIR RUN SPEED JSON: the model run's ratio, sessions, refusals, connect times, sends a second
  python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[4]))
m, e = d["metrics"], d["environment"]
c = m["ws_connecting"]
refused = float(e["events_ClientOpen"]) - float(e["events_Subscribe"])
print(f"{sys.argv[1]},{sys.argv[2]},{sys.argv[3]},{m['delivery_ratio']:.5f},{m['ws_sessions']},{refused:g},"
      f"{c['avg']:.3f},{c['med']:.3f},{c['p95']:.3f},{m['sent_per_second']:.2f}")
PY
}
echo "pair,run,measured_ratio,predicted_ratio" > "$tmp/per-run.csv"
echo "pair,run,speed,model_ratio,model_sessions,model_refused,model_connect_avg,model_connect_med,model_connect_p95,\
model_sent_per_s" > "$tmp/model-runs.csv"
for pair in "${pairs[@]}"; do
  r=${pair%%:*} t=${pair##*:} k="r${pair%%:*}-t${pair##*:}"
  predict "$out/z2-$k.md" "$r" "$t" -- "${z2[@]}"
  predict "$out/w-$k.md" "$r" "$t" -- "${w[@]}"
  predict "$out/wz2-$k.md" "$r" "$t" -- "${w[@]}" "${z2[@]}"
  echo "$k: Z2 $(grep -m1 '^Predicted' "$out/z2-$k.md" | sed 's/.*; mean/mean/')"
  cp calibration/profiles/local.yaml "$tmp/p.yaml"
  # The costs block is local.yaml's last: the optional keys go at its end.
  [ "$r" = 0 ] || echo "  handshake_round_trips: $r" >> "$tmp/p.yaml"
  [ "$t" = 0 ] || echo "  redis_connect_timeout: $((t * 1000))ms" >> "$tmp/p.yaml"
  for f in "${w[@]}" "${z2[@]}"; do
    run=${f#calibration/}
    predict "$tmp/one.md" "$r" "$t" -- "$f" --include-contaminated
    per_run "$k" "$run" "$tmp/one.csv" >> "$tmp/per-run.csv"
    read -r q speed < <(in_run "$f")
    ./fanoutsim run scenarios/rooms-churn-local.yaml --set profile="$tmp/p.yaml" --set task_vcpu="$q" \
      --machine-speed "$speed" -r 2 -s 1 --json "$tmp/m.json" > /dev/null
    model_row "$k" "$run" "$speed" "$tmp/m.json" >> "$tmp/model-runs.csv"
  done
done
# `local`'s ratio against the speed at churn 0.03 core, over the five clean runs' span (1.98-2.38 M) and beyond.
echo "speed,model_ratio" > "$tmp/speed-curve.csv"
for speed in $(seq 1800000 50000 2600000); do
  ./fanoutsim run scenarios/rooms-churn-local.yaml --set task_vcpu=0.03 --machine-speed "$speed" -r 2 -s 1 \
    --json "$tmp/m.json" > /dev/null
  python3 - "$speed" "$tmp/m.json" <<'PY' >> "$tmp/speed-curve.csv"
import json, sys
print(f"{sys.argv[1]},{json.load(open(sys.argv[2]))['metrics']['delivery_ratio']:.5f}")
PY
done
cp "$tmp/per-run.csv" "$tmp/model-runs.csv" "$tmp/speed-curve.csv" $out/
python3 calibration/churn-steady/z2.py --out calibration/churn-steady/z2.md > /dev/null
echo "written: calibration/churn-steady/z2.md, $out/"
