#!/usr/bin/env python3
"""Stall seconds in real runs (issue 17): whole seconds in which the clients kept sending and received next to nothing.

    python3 calibration/python-stall-seconds.py FOLDER...        # e.g. calibration/python-runs-ai/session

A run's per-second timeline (time_series.samples, from `fanoutsim load`) is read second by second, its first and last
sample left out. A "sending second" has at least half the setup's send rate (N / interval) and at least 90 % of its
users connected, so session changes do not count; it is a "stall second" when the clients received less than 2 % of
the full rate (N x N / interval) in it. The table counts both by mode, quota and task count, and lists the runs with
stall seconds. The rates are the whole run's, so with several tasks one task stalling alone is not seen (it takes a
third of the rate at three tasks): the multi-task rows undercount.
Run files without a timeline are skipped and counted; a folder that does not exist, or a file that is not a run
file, is one line on stderr and exit 2.
"""
import json
import os
import signal
import sys
from collections import defaultdict

SEND_SHARE = 0.5
OPEN_SHARE = 0.9
STALL_SHARE = 0.02


def stalls_of(run: dict) -> tuple[int, int]:
    """(stall seconds, sending seconds) of one run's timeline."""
    setup = run["setup"]
    users, interval = setup["users"], setup["interval_seconds"]
    samples = run["time_series"]["samples"]
    stalls = sending = 0
    for sample in samples[1:-1]:
        if sample["sent_per_second"] < SEND_SHARE * users / interval:
            continue
        if sample["open_connections"] < OPEN_SHARE * users:
            continue
        sending += 1
        if sample["delivered_per_second"] < STALL_SHARE * users * users / interval:
            stalls += 1
    return stalls, sending


def main(folders: list[str]) -> int:
    if not folders:
        print("usage: python3 calibration/python-stall-seconds.py FOLDER...", file=sys.stderr)
        return 2
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    listed, skipped = [], 0
    for folder in folders:
        if not os.path.isdir(folder):
            print(f"python-stall-seconds.py: {folder}: no such folder", file=sys.stderr)
            return 2
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, encoding="utf-8") as f:
                    run = json.load(f)
                setup = run["setup"]
            except (OSError, ValueError, KeyError, TypeError) as e:
                print(f"python-stall-seconds.py: {path}: not a run file ({e})", file=sys.stderr)
                return 2
            if not isinstance(run.get("time_series"), dict):
                skipped += 1
                continue
            stalls, sending = stalls_of(run)
            key = (setup["subscription"], setup["task_vcpu"], setup["tasks"])
            groups[key][0] += stalls
            groups[key][1] += sending
            groups[key][2] += 1
            if stalls:
                listed.append((path, stalls, sending, run["metrics"]["delivery_ratio"]))
    print("| mode | quota cores | tasks | runs | sending seconds | stall seconds | share |")
    print("|---|---|---|---|---|---|---|")
    for (mode, quota, tasks), (stalls, sending, runs) in sorted(groups.items()):
        share = f"{100 * stalls / sending:.1f} %" if sending else "-"
        print(f"| {mode} | {quota} | {tasks} | {runs} | {sending} | {stalls} | {share} |")
    print()
    print(f"runs without a timeline (skipped): {skipped}")
    for path, stalls, sending, ratio in listed:
        print(f"  {path}: {stalls} of {sending} sending seconds stalled; delivered {100 * ratio:.1f} %")
    return 0


if __name__ == "__main__":
    # Piped into head: stop quietly when the reader has gone.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
