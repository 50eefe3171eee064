#!/usr/bin/env python3
"""Where a task's quota went, step by step, run by run (issue 17, session AE): the replica's step timers
(--step-times: the event loop thread's CPU in its id calls, persistence enqueues, sends and per-task hand-outs to the
members' queues, from server_counters when the load generator ended, or settled where that snapshot did not answer)
set against the server's whole CPU over the run (the run file's server_cpu_seconds_pidN, user and kernel; the id
service runs outside the task and is not in it).

Columns: a message's id call and persistence enqueue (CPU and, where measured, wall us, over the messages read), a
copy's send (us, over the sends that did not wait: sends_waited are not timed), the per-task hand-out (us a message
read, and a copy handed out: over copies_from_redis x N), and what is left of the server's CPU (us a copy written,
and its share of the whole).

    python3 calibration/python-runs-ae/steps/steps.py calibration/python-runs-ae/steps/*.json

Standard library only; a run file without step timers is one line and exit 2.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # calibration/
import run_table  # noqa: E402 - found through the path above


def wall(c, key, messages):
    """A blocking call's wall time a message (us), or a dash for runs measured before the wall timers."""
    return f"{c[key] / messages / 1e3:.0f}" if key in c else "-"


def row(path):
    with open(path) as f:
        run = json.load(f)
    # The counters when the load generator ended, the window the server's CPU was read over; the settled ones (they
    # take in the drain after it, so the rest comes out short) where the end's snapshot did not answer.
    c = run["server_counters"].get("at_end") or run["server_counters"]["settled"]
    window = "end" if run["server_counters"].get("at_end") else "settled"
    env = run["environment"]
    setup = run["setup"]
    whole_ns = 1e9 * sum(float(v) for k, v in env.items() if k.startswith("server_cpu_seconds_pid"))
    if not whole_ns or not c["id_cpu_ns"]:
        raise ValueError("no server CPU or no step timers (measured without CHAT_STEP_TIMES=1)")
    messages, sends = c["messages_in"], c["messages_out"] + c["send_failures"] - c["sends_waited"]
    steps = c["id_cpu_ns"] + c["persist_cpu_ns"] + c["send_cpu_ns"] + c["fanout_cpu_ns"]
    rest = whole_ns - steps
    per_task = setup["subscription"] == "per-task"
    handed = c["copies_from_redis"] * setup["users"]
    cells = [os.path.basename(path)[:-len(".json")], f"{100 * run['metrics']['delivery_ratio']:.1f}",
             f"{messages / run['metrics']['duration_seconds']:.1f}",
             f"{c['messages_out'] / run['metrics']['duration_seconds']:.0f}",
             f"{c['id_cpu_ns'] / messages / 1e3:.0f}", wall(c, "id_wall_ns", messages),
             f"{c['persist_cpu_ns'] / messages / 1e3:.0f}", wall(c, "persist_wall_ns", messages),
             f"{c['send_cpu_ns'] / sends / 1e3:.1f}",
             f"{c['fanout_cpu_ns'] / c['copies_from_redis'] / 1e3:.0f}" if per_task else "-",
             f"{c['fanout_cpu_ns'] / handed / 1e3:.2f}" if per_task else "-",
             f"{rest / c['messages_out'] / 1e3:.1f}", f"{rest / whole_ns:.2f}", window]
    return (setup["subscription"], setup["task_vcpu"], setup["users"]), "| " + " | ".join(cells) + " |"


HEADER = ["run", "ratio %", "read/s", "written/s", "id call us a message", "its wall us", "persistence us a message",
          "its wall us", "send us a copy", "hand-out us a message", "hand-out us a copy", "rest us a copy written",
          "rest's share", "counters at"]


if __name__ == "__main__":
    sys.exit(run_table.main("steps.py", "RUN.json...", sys.argv[1:], row, HEADER, "a run file with step timers"))
