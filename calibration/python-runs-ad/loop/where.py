#!/usr/bin/env python3
"""Where a per-task replica task's quota went besides messages and copies, run by run (issue 17, session AD): from
server_counters (settled) of the given run files, a second of the run: copies written, messages published, the
writers' waits and the copies a writer's turn sent (messages_out / writer_waits), the copies a subscriber's turn read
(copies_from_redis / poll_turns: per connection, a forwarder's turn), the subscribers' empty polls and the
share of the quota they would take at the busy-poll micro-benchmark's 16.5 us each (calibration/python-start.yaml,
measured at speed index 2.49 million, scaled to the run's in-run speed), the garbage collector's runs (full ones
apart) and the share of the quota its measured CPU took. A counter the replica did not yet keep when the run was
measured (writer_waits came first, ../turns; the others with ../loop) is a dash.

    python3 calibration/python-runs-ad/loop/where.py calibration/python-runs-ad/loop/*.json

Standard library only; a file that is not a run file with server counters is one line and exit 2.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # calibration/
import run_table  # noqa: E402 - found through the path above

POLL_CPU_S = 16.5e-6
POLL_SPEED = 2.49e6


def row(path):
    with open(path) as f:
        run = json.load(f)
    counters, metrics, setup = run["server_counters"]["settled"], run["metrics"], run["setup"]
    seconds, quota = metrics["duration_seconds"], setup["task_vcpu"] * setup["tasks"]
    speed = float(run["environment"]["speed_index_server"])
    written = counters["messages_out"]

    def rate(key, scale=1.0, digits=0):
        return f"{counters[key] * scale / seconds:.{digits}f}" if key in counters else "-"

    waits = counters.get("writer_waits")
    per_turn = f"{written / waits:.1f}" if waits else "-"
    turns = counters.get("poll_turns")
    per_read = f"{counters['copies_from_redis'] / turns:.1f}" if turns else "-"
    polls = rate("empty_polls", 100 * POLL_CPU_S * POLL_SPEED / speed / quota, 1)
    collector = rate("gc_cpu_ns", 100 / 1e9 / quota, 1)
    return (f"| {setup['name']} | {100 * metrics['delivery_ratio']:.1f} | {written / seconds:.0f} | "
            f"{counters['published'] / seconds:.1f} | {rate('writer_waits')} | {per_turn} | {per_read} | "
            f"{rate('empty_polls')} | "
            f"{polls} | {rate('gc_collections')} | {rate('gc_full_collections', digits=2)} | {collector} | "
            f"{speed / 1e6:.2f} |")


HEADER = ["run", "ratio %", "written/s", "published/s", "writer waits/s", "copies a turn", "copies a read turn",
          "empty polls/s", "their quota %", "collections/s", "full/s", "collector's quota %", "in-run speed (M)"]


if __name__ == "__main__":
    sys.exit(run_table.main("where.py", "RUN.json...", sys.argv[1:], row, HEADER, "a run file with server counters"))
