#!/usr/bin/env bash
# The many-room dataset by host kind (issue 16 item 5, issue 12; README "The many-room dataset by host kind"): every
# many-room run file predicted by its own host kind's profile, no fit, at the in-run speed rule and at none.
# The 2096 MHz kind: every calibration/rooms-runs*/ folder but rooms-runs-n and rooms-runs-conn (rooms-runs, -s, -t,
# -u, -u-spin0, -v, -w; repeats of one name across folders are one setup; -u-spin0's runs, the servers' spinning off,
# have names of their own since 2026-12-05 and are three setups apart), by committed `local` (the joint fit),
# by the `local` before it (calibration/joint-local/local-before-joint.yaml) and by
# calibration/rooms-runs-t/local-candidate.yaml. The 2596 MHz kind: rooms-runs-n and rooms-runs-conn, by
# calibration/profiles/local-epyc-2c-2596mhz.yaml. Then summary.py sums every table up in summary.md.
# Also the 2096 MHz kind without rooms-runs-w at in-run (2096-before-w-*). One command from anywhere:
# calibration/rooms-by-kind/make.sh (about 10 minutes on a busy 2-core machine).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=calibration/rooms-by-kind
slow=(calibration/rooms-runs/*.json calibration/rooms-runs-s/*.json calibration/rooms-runs-t/*.json
  calibration/rooms-runs-u/*.json calibration/rooms-runs-u-spin0/*.json calibration/rooms-runs-v/*.json
  calibration/rooms-runs-w/*.json)
before=(); for f in "${slow[@]}"; do [[ $f == calibration/rooms-runs-w/* ]] || before+=("$f"); done
fast=(calibration/rooms-runs-n/*.json calibration/rooms-runs-conn/*.json)
predict() { # TABLE PROFILE RULE RUNS...
  local table=$1 start=$2 rule=$3
  shift 3
  echo "== $table" >&2
  ./fanoutsim calibrate "$@" --start "$start" --speed-rule "$rule" --predict-only --replications 2 \
    --table "$table" > /dev/null
}
for rule in in-run none; do
  predict $out/2096-local-$rule.md local $rule "${slow[@]}"
  predict $out/2096-local-before-joint-$rule.md calibration/joint-local/local-before-joint.yaml $rule "${slow[@]}"
  predict $out/2096-candidate-$rule.md calibration/rooms-runs-t/local-candidate.yaml $rule "${slow[@]}"
  predict $out/2596-local-epyc-2c-2596mhz-$rule.md calibration/profiles/local-epyc-2c-2596mhz.yaml $rule "${fast[@]}"
done
# The 2096 MHz kind as it stood before session W (rooms-runs-w), to check the figures quoted before it was measured.
for rule in in-run; do
  predict $out/2096-before-w-local-before-joint-$rule.md calibration/joint-local/local-before-joint.yaml $rule \
    "${before[@]}"
  predict $out/2096-before-w-candidate-$rule.md calibration/rooms-runs-t/local-candidate.yaml $rule "${before[@]}"
done
python3 $out/summary.py --out $out/summary.md $out/*.csv
