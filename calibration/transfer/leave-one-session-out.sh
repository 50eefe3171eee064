#!/usr/bin/env bash
# Leave-one-session-out transfer validation over the knee sessions: for each session S of a (the ten knee setups of
# calibration/runs), b, c, d, e and f, fit local.yaml's free parameters on the other sessions' runs
# (cross/loso-fit-without-S.{yaml,md}), predict S at each run's own speed (`--speed-rule probes` unless SPEED_RULE
# says otherwise; cross/loso-S-by-others.md), then sum up into cross/leave-one-session-out.md.
# Every fit starts from calibration/local-start.yaml, never from local.yaml: local.yaml is fitted on some of these
# sessions (a until 2026-12-03, now f g h i), and a fit holding one of them out must not start from what it was fitted
# on (tables made before 2026-12-03 13:00 UTC started from local.yaml except for session a).
# Usage (from the repository root): calibration/transfer/leave-one-session-out.sh [EVALUATIONS] [SESSIONS...]
# To judge a mechanism the same way: EXTRA_FREE=field[,field] frees it besides local-free.txt, SET='field=value ...'
# starts it there (calibrate --set), CROSS=folder writes every table there instead of calibration/transfer/cross.
# POOL='f g' takes the sessions to fit from and hold out from that list instead of a-f (e.g. only the days with a 5 ms
# speed timeline); SPEED_RULE=in-run fits and predicts every run at that `calibrate --speed-rule` instead of probes.
# SESSIONS_DIR=folder reads session S (b and later) from folder/session-S instead of calibration/transfer/session-S
# (e.g. copies whose speed timelines were rewritten: repeat-scatter.py --slowest-copies).
# SPEED_RULE=reference anchors both the fit and the held-out prediction on the fitted sessions' own runs
# (`--speed-reference-from` them): the fitted profile's speed stands for their mean speed reference, and a held-out run
# is predicted at that speed x their reference / its own.
# FIT_ALL=file.yaml makes only the fit step, on every session of the pool (none held out), into file.yaml with its
# table beside it (file.md, file.csv): the candidate a leave-one-session-out judged (e.g. local-host.yaml on J-O).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
evals="${1:-120}"
shift || true
pool="${POOL:-a b c d e f}"
held_out=("${@:-$pool}")
rule="${SPEED_RULE:-probes}"
free="$(cat calibration/local-free.txt)${EXTRA_FREE:+,$EXTRA_FREE}"
cross="${CROSS:-calibration/transfer/cross}"
mkdir -p "$cross"
set_args=()
for kv in ${SET:-}; do set_args+=(--set "$kv"); done
session_files() {
  if [ "$1" = a ]; then
    awk '!/^#/ && NF == 6 {printf "n%s-i%s-t%s-q%s-bw%s-%s\n", $1, $2, $3, $4, $5, ($6 == "per-connection" ? "perconn" : "pertask")}' \
      calibration/transfer/sweep-knee.txt | while read -r setup; do ls calibration/runs/"$setup".json calibration/runs/"$setup".r*.json 2>/dev/null || true; done
  else
    ls "${SESSIONS_DIR:-calibration/transfer}"/session-"$1"/*.json
  fi
}
# fit OUT.yaml HELD: local's free costs fitted on every session of the pool but HELD (none held out: "").
fit() {
  local files=() s
  for s in $pool; do
    [ "$s" = "$2" ] || mapfile -t -O "${#files[@]}" files < <(session_files "$s")
  done
  anchors=()  # global: the held-out prediction after a fit is anchored on the same runs
  [ "$rule" = reference ] && anchors=(--speed-reference-from "${files[@]}")
  ./fanoutsim calibrate "${files[@]}" --out "$1" --start calibration/local-start.yaml \
    "${set_args[@]}" \
    --speed-rule "$rule" "${anchors[@]}" \
    --free "$free" --folds 0 --max-evaluations "$evals" --replications 2 \
    --table "${1%.yaml}".md
}
if [ -n "${FIT_ALL:-}" ]; then
  fit "$FIT_ALL" ""
  echo "wrote $FIT_ALL (fitted on: $pool)"
  exit 0
fi
for held in ${held_out[*]}; do
  fit "$cross"/loso-fit-without-"$held".yaml "$held"
  mapfile -t held_files < <(session_files "$held")
  ./fanoutsim calibrate "${held_files[@]}" --predict-only --replications 2 --speed-rule "$rule" "${anchors[@]}" \
    --start "$cross"/loso-fit-without-"$held".yaml \
    --table "$cross"/loso-"$held"-by-others.md
done
python3 calibration/transfer/loso-summary.py "$cross" "$rule" > "$cross"/leave-one-session-out.md
echo "wrote $cross/leave-one-session-out.md"
