#!/usr/bin/env python3
"""Session means' errors of calibrate --table CSVs, one table per session (issue 17, session AK): over all of them, the
means of three or more runs and of one or two (a perfect model's worst differs between the two: floor.py), by kind
(mode, quota, tasks; signed = predicted less measured), and the six largest misses.

    by-session-summary.py CSV...

Standard library only; a table that cannot be read or is not calibrate's => one line, exit 2.
"""
import csv
import os
import signal
import sys
from collections import defaultdict

REQUIRED = {"predicted_ratio", "measured_ratio", "subscription", "task_vcpu", "tasks", "repeats", "run"}


def stats(rows):
    if not rows:
        return "0 means"
    errors = [r[0] for r in rows]
    return (f"{len(rows)} means: {sum(map(abs, errors)) / len(errors):.2f} / {max(map(abs, errors)):.1f} pp, "
            f"signed {sum(errors) / len(errors):+.2f}")


def main(paths):
    if not paths:
        print("usage: by-session-summary.py CSV...", file=sys.stderr)
        return 2
    rows = []
    for path in paths:
        try:
            with open(path, newline="") as f:
                reader = csv.DictReader(f)
                if not REQUIRED <= set(reader.fieldnames or []):
                    raise KeyError("columns " + ", ".join(sorted(REQUIRED)))
                for r in reader:
                    error = 100 * (float(r["predicted_ratio"]) - float(r["measured_ratio"]))
                    kind = (r["subscription"], r["task_vcpu"], r["tasks"])
                    rows.append((error, int(r["repeats"]), kind, os.path.basename(path)[:-4], r["run"]))
        except (OSError, KeyError, ValueError) as e:
            print(f"by-session-summary.py: {path}: not a calibrate table ({e})", file=sys.stderr)
            return 2
    print("all:", stats(rows))
    print("three or more runs:", stats([r for r in rows if r[1] >= 3]))
    print("one or two runs:", stats([r for r in rows if r[1] < 3]))
    kinds = defaultdict(list)
    for r in rows:
        kinds[r[2]].append(r)
    for kind in sorted(kinds):
        print(f"  {kind[0]}, {kind[1]} core, {kind[2]} task(s):", stats(kinds[kind]))
    for r in sorted(rows, key=lambda r: -abs(r[0]))[:6]:
        print(f"  {r[0]:+.1f} ({r[1]} runs) {r[3]} {r[4]}")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # a reader such as head may stop early
    sys.exit(main(sys.argv[1:]))
