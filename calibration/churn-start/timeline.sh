#!/usr/bin/env bash
# The tables of calibration/churn-start/first-seconds.md (issue 16, churn's first seconds): the first 15 seconds of
# churn at 0.03 / 0.04 core (session W, calibration/rooms-runs-w) and of the per-connection many-room setups 30 x 10 +
# 1 x 100 at 0.06 core (calibration/rooms-runs, -s) and 30 x 10 at 0.04 (calibration/rooms-runs), measured against
# `fanoutsim run` with `local` (calibration/profiles/local.yaml) and with three variants of it that change one
# existing key each (handshake_steps 4; redis_connect_cpu halved; task_overhead_cores 0), at the mean
# speed_index_server of the setup's clean runs (12-02's 30 x 10 + 1 x 100 runs have none: S's speed), 2 replications,
# seed 1. Markdown on stdout, under a minute. One command from anywhere: calibration/churn-start/timeline.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=calibration/churn-start

clean() { # FILES... : the files the contamination guard did not flag, comma-separated
  python3 -c 'import json,sys
def bad(p): return str(json.load(open(p))["environment"].get("contaminated")).lower() == "true"
print(",".join(p for p in sys.argv[1:] if not bad(p)))' "$@"
}
speed() { # FILES (comma-separated): the mean of their speed_index_server
  python3 -c 'import json,sys
ps=sys.argv[1].split(",")
print(sum(float(json.load(open(p))["environment"]["speed_index_server"]) for p in ps)/len(ps))' "$1"
}
variant() { # NAME SED : local.yaml with one key changed
  sed -e "$2" calibration/profiles/local.yaml > "$tmp/$1.yaml"
  cmp -s calibration/profiles/local.yaml "$tmp/$1.yaml" && { echo "variant $1 changed nothing" >&2; exit 1; }
  return 0
}
cp calibration/profiles/local.yaml "$tmp/local.yaml"
variant hs4 's/^  handshake_steps: 1$/  handshake_steps: 4/'
variant connect-half 's/^  redis_connect_cpu: .*/  redis_connect_cpu: 0.3223594048370871ms/'
variant overhead0 's/^  task_overhead_cores: .*/  task_overhead_cores: 0/'

# case LABEL SCENARIO QUOTA SPEED MEASURED-GROUPS...
case_() {
  local label=$1 scenario=$2 q=$3 s=$4 key
  key=$(echo "$label" | tr -c 'a-z0-9.\n' '-')
  shift 4
  local models=()
  for p in local hs4 connect-half overhead0; do
    ./fanoutsim run "$scenario" --set profile="$tmp/$p.yaml" --set task_vcpu="$q" --machine-speed "$s" -r 2 -s 1 \
      --json "$tmp/$key-$p.json" --sample 1s > /dev/null
    models+=("model $p=$tmp/$key-$p.json")
  done
  echo "### $label (model at speed $(printf '%.0f' "$s"))"
  echo
  python3 $here/timeline.py "$@" "${models[0]}" | sed '/^$/,$d'
  echo
  python3 $here/timeline.py "$@" "${models[@]}" | sed -n '/^| source | runs/,$p'
  echo
}

for q in 0.03 0.04; do
  w=$(clean calibration/rooms-runs-w/n300-i1-t2-q$q-bwnone-perconn-rooms-churn-local*.json)
  case_ "churn $q core" scenarios/rooms-churn-local.yaml $q "$(speed "$w")" "W=$w"
done
p=calibration/rooms-runs/n400-i1-t2-q0.06-bwnone-perconn-rooms-30x10+1x100
s=calibration/rooms-runs-s/n400-i1-t2-q0.06-bwnone-perconn-rooms-30x10+1x100
case_ "per-connection 30 x 10 + 1 x 100, 0.06 core" $here/perconn-30x10+1x100.yaml 0.06 \
  "$(speed "$s.json,$s.r2.json")" "12-02=$p.json,$p.r2.json" "S=$s.json,$s.r2.json"
p=calibration/rooms-runs/n300-i1-t2-q0.04-bwnone-perconn-rooms-30x10.json
case_ "per-connection 30 x 10, 0.04 core" $here/perconn-30x10.yaml 0.04 "$(speed "$p")" "12-02=$p"
