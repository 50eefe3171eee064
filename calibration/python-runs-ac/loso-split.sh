#!/usr/bin/env bash
# Issue 17: loso.sh RULE (six v1272 sessions, each held out from a fit on the other five) with a per-connection
# connect and close priced apart from the handshake and close every connection pays: redis_connect_cpu and
# redis_disconnect_cpu fitted too (charged only where a connection opens its own Redis client, as the replica's
# per-connection mode does; a per-task connection only joins its task's room). Start 1.5 ms + 2.4 ms for the
# handshake (the start profile's 3.9 ms split), 1 ms + 1.5 ms for the close (its 2.5 ms).
#   calibration/python-runs-ac/loso-split.sh in-run      # 6 fits, about 8-10 minutes
# Writes calibration/python-runs-ac/by-session-v1272ac-RULE-split/ as loso.sh writes its folder.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
rule="${1:-}"
[ -n "$rule" ] || { echo "usage: calibration/python-runs-ac/loso-split.sh RULE" >&2; exit 2; }
exec "$here/../python-pooled/loso.sh" --out "calibration/python-runs-ac/by-session-v1272ac-$rule-split" --rule "$rule" \
  --set handshake_cpu=1.5ms --set redis_connect_cpu=2.4ms --set close_cpu=1ms --set redis_disconnect_cpu=1.5ms \
  --also-free redis_connect_cpu,redis_disconnect_cpu \
  --per-run python-runs-ac python-runs-r python-runs-s python-runs-w python-runs-x python-runs-y python-runs-ac
