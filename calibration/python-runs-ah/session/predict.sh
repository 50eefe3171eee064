#!/usr/bin/env bash
# Session AH's runs held out: predicted by local-python as committed at 0.45.0 (d819948: fitted on the ten sessions
# R-AG, AG's two runs of its setups among them; the copy beside the runs is that file), each run at its in-run speed.
# The four setups no session had measured are held out whole; AG's eleven setups are held out run by run (their third
# run), so the two groups are reported apart as well as together.
#   calibration/python-runs-ah/session/predict.sh      # three predictions, about 30 s
# Writes calibration/python-runs-ah/session/predicted-local-python{,-new,-ag-third}{.md,.csv} and
# plots/python-session-ah/*.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
. calibration/python-pooled/common.sh
here=calibration/python-runs-ah/session
profile="$here/local-python-0.45.0.yaml"
new=(py-n125-i1-t2-q0.25-bwnone-perconn py-n175-i1-t1-q1-bwnone-perconn py-n75-i0.5-t1-q0.5-bwnone-perconn
     py-n200-i1-t3-q0.25-bwnone-pertask)
new_files=() third_files=()
for f in "$here"/*.json; do
  base="$(basename "$f")"
  base="${base%.json}"
  base="${base%.r[0-9]}"
  if printf '%s\n' "${new[@]}" | grep -qx "$base"; then new_files+=("$f"); else third_files+=("$f"); fi
done
py_predict all "$profile" "$here/predicted-local-python.md" plots/python-session-ah "$here"/*.json
py_predict "new setups" "$profile" "$here/predicted-local-python-new.md" "" "${new_files[@]}"
py_predict "AG's setups, third run" "$profile" "$here/predicted-local-python-ag-third.md" "" "${third_files[@]}"
