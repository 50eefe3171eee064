#!/usr/bin/env bash
# The knee setups measured on each kernel build of the 2096 MHz host kind, setup by setup (issue 16, session W):
# sessions F, G, H, I (kernel 6.18.44-fc-v1045, 2026-12-03) pooled against R and S (v1272, 2026-12-04), the same ten
# setups, through calibration/python-sessions-compared.py (each session's repeats renumbered .r(10 x session + K) so
# that the pools keep every run). Writes calibration/rooms-runs-w/knee-fghi-vs-rs.md. One command from anywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pool() {
  local name=$1 i=0
  shift
  mkdir -p "$tmp/$name"
  for s in "$@"; do
    i=$((i + 1))
    for f in calibration/transfer/session-$s/*.json; do
      base=$(basename "$f" .json)
      k=1
      case $base in *.r[0-9]*) k=${base##*.r}; base=${base%.r*} ;; esac
      ln -s "$PWD/$f" "$tmp/$name/$base.r$((i * 10 + k)).json"
    done
  done
}
pool knee-FGHI-v1045 f g h i
pool knee-RS-v1272 r s
python3 calibration/python-sessions-compared.py --out "$tmp/out.md" "$tmp/knee-FGHI-v1045" "$tmp/knee-RS-v1272"
sed "s#$tmp/out.md#calibration/rooms-runs-w/knee-fghi-vs-rs.md#; s#$tmp/##g" "$tmp/out.md" \
  > calibration/rooms-runs-w/knee-fghi-vs-rs.md
