#!/usr/bin/env python3
"""How many TCP data segments the servers sent their clients a copy written, run by run (issue 17, session AD): each
run file's NAME.ss.gz (run-local's socket sampler with SS_PORTS on the servers' ports, `ss -tinm` every 500 ms) gives
every server-to-client socket's data_segs_out and bytes_sent, the largest value seen per socket (local and peer
address); summed over the sockets and set against the copies the replica wrote (server_counters, settled
messages_out) and to the writers' turns (writer_waits: copies and segments a turn; a dash per connection, where no
writer waits on a queue). A socket's last half second before it closed is not seen, so both sums fall a little short;
the handshake's 101 reply and the close frame are in them (one or two segments a connection).

    python3 calibration/python-runs-ad/segments/segments.py calibration/python-runs-ad/segments/*.json

Standard library only; a run file without its .ss.gz or counters is one line and exit 2.
"""
import gzip
import json
import re
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # calibration/
import run_table  # noqa: E402 - found through the path above

FIELD = re.compile(r"\b(data_segs_out|bytes_sent):(\d+)")


def sockets(path):
    """The largest data_segs_out and bytes_sent seen per socket."""
    seen, key = {}, None
    with gzip.open(path, "rt") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            if not line[0].isspace():
                parts = line.split()
                key = (parts[3], parts[4]) if len(parts) >= 5 else None
                continue
            if key is None:
                continue
            values = {name: int(v) for name, v in FIELD.findall(line)}
            segs, sent = seen.get(key, (0, 0))
            seen[key] = (max(segs, values.get("data_segs_out", 0)), max(sent, values.get("bytes_sent", 0)))
    return seen


def row(path):
    with open(path) as f:
        run = json.load(f)
    written = run["server_counters"]["settled"]["messages_out"]
    waits = run["server_counters"]["settled"]["writer_waits"]
    seen = sockets(path[:-len(".json")] + ".ss.gz")
    segments = sum(s for s, _ in seen.values())
    sent = sum(b for _, b in seen.values())
    if not segments:
        raise ValueError("no server socket in its .ss.gz")
    return (f"| {run['setup']['name']} | {100 * run['metrics']['delivery_ratio']:.1f} | {written} | {len(seen)} | "
            f"{segments} | {segments / written:.2f} | {sent / segments:.0f} | "
            f"{f'{written / waits:.1f} | {segments / waits:.1f}' if waits else '- | -'} |")


HEADER = ["run", "ratio %", "copies written", "client sockets seen", "data segments to clients", "segments a copy",
          "bytes a segment", "copies a writer's turn", "segments a turn"]


if __name__ == "__main__":
    sys.exit(run_table.main("segments.py", "RUN.json...", sys.argv[1:], row, HEADER,
                            "a run file with server counters and socket samples"))
