#!/usr/bin/env python3
"""The rooms validation's mean / worst |ratio error| by kind of setup (README "Many rooms", the table under the rooms
validation), from one or more `fanoutsim calibrate --table X.md` CSVs (X.csv) of calibration/rooms-runs. Standard
library only.

Usage: calibration/rooms-runs/evidence/by-kind.py LABEL=TABLE.csv [LABEL=TABLE.csv ...]
"""
import csv
import sys

# (kind, test on the run name) in the README table's order; every run falls in exactly one kind.
KINDS = [
    ("one node / client / cluster-sharded, 60 x 10, egress", lambda n: "rooms-60x10" in n and "-cl3-" not in n),
    ("classic cluster, 3 masters, egress", lambda n: "-cl3-" in n),
    ("per-connection, 30 x 10 + 1 x 100, 0.06-0.12 core", lambda n: "perconn-rooms-30x10+1x100" in n),
    ("per-task, 0.025-0.03 core", lambda n: "pertask-rooms-30x10+1x100" in n),
    ("churn, 0.03-0.06 core", lambda n: "churn" in n),
    ("mixed traffic, 0.05-0.06 core", lambda n: "mixed-traffic" in n),
    ("groups with / without personal rooms, 0.04 core", lambda n: n.endswith("rooms-30x10") or "personal" in n),
]


def kind_of(name):
    found = [k for k, test in KINDS if test(name)]
    if len(found) != 1:
        raise SystemExit(f"by-kind.py: run {name} falls in {len(found)} kinds, not one")
    return found[0]


def main(argv):
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    tables = []
    for arg in argv:
        label, sep, path = arg.partition("=")
        if not sep or not path:
            raise ValueError(f"'{arg}': expected LABEL=CSV (a calibrate --table's .csv)")
        with open(path, newline="") as f:
            tables.append((label, {r["run"]: float(r["abs_error_pp"]) for r in csv.DictReader(f)}))
    print("| setups | kind | " + " | ".join(f"{label}: mean / worst pp" for label, _ in tables) + " |")
    print("|---|---|" + "---|" * len(tables))
    for kind, _ in KINDS + [("all", None)]:
        cells, count = [], 0
        for _, errors in tables:
            e = [v for n, v in errors.items() if kind == "all" or kind_of(n) == kind]
            count = len(e)
            cells.append("%.1f / %.1f" % (sum(e) / len(e), max(e)) if e else "-")
        print(f"| {count} | {kind} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    # A missing or malformed input is one line and exit 2, never a traceback.
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError, KeyError) as e:
        print(f"by-kind: {e}", file=sys.stderr)
        sys.exit(2)
