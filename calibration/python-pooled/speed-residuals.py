#!/usr/bin/env python3
"""How a profile's misses of single runs follow the runs' speed (issue 17, session AK): each run's measured less
predicted delivery ratio, by band of the speed it was predicted at (environment.speed_index_server, the in-run rule's),
for the runs on a knee (measured or predicted below 98.5 %: where the speed answer matters).

    speed-residuals.py --residuals T.csv FOLDER...

T.csv is the table of `fanoutsim calibrate` over floor.py --copies of the same FOLDERs (every run predicted alone, its
name SESSION__SETUP__rK; calibration/python-runs-ag/floor.sh keeps one as per-run-in-run-N.csv). A model whose speed
answer is as steep as the runs' has no trend over the bands; one too steep misses slow runs low (positive residuals)
and fast ones high. Bands: below 1.7, 1.7-2.0, 2.0-2.3, 2.3-2.5 and 2.5 million or more; each row also by mode.
Contaminated runs are left out as floor.py leaves them. Standard library only; bad input (a missing folder or table, a
run the table does not name) => one line, exit 2; Ctrl-C => exit 130.
"""
import csv
import glob
import json
import os
import signal
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from floor import session_of, setup_of  # noqa: E402

KNEE = 98.5
BANDS = [(0, 1.7e6), (1.7e6, 2.0e6), (2.0e6, 2.3e6), (2.3e6, 2.5e6), (2.5e6, float("inf"))]


def band_name(lo, hi):
    if lo == 0:
        return f"< {hi / 1e6:.1f}"
    return f">= {lo / 1e6:.1f}" if hi == float("inf") else f"{lo / 1e6:.1f}-{hi / 1e6:.1f}"


def residuals_of(table):
    with open(table) as f:
        return {r["run"]: (float(r["measured_ratio"]) * 100, float(r["predicted_ratio"]) * 100)
                for r in csv.DictReader(f)}


def points(folders, table):
    """(speed, mode, measured - predicted) of every clean knee run, keyed as floor.py --copies names them."""
    out = []
    for folder in folders:
        paths = sorted(glob.glob(os.path.join(folder, "*.json")))
        if not paths:
            raise ValueError(f"{folder}: no run files (*.json)")
        counts = {}
        for path in paths:
            with open(path) as f:
                run = json.load(f)
            env = run.get("environment") or {}
            if env.get("contaminated") in ("true", True):
                continue
            setup = setup_of(path)
            counts[setup] = counts.get(setup, 0) + 1
            key = f"{session_of(folder)}__{setup}__r{counts[setup]}"
            if key not in table:
                raise ValueError(f"{path}: {key} is not in the table")
            measured, predicted = table[key]
            if measured >= KNEE and predicted >= KNEE:
                continue
            out.append((float(env["speed_index_server"]), run["setup"]["subscription"], measured - predicted))
    return out


def row(label, values):
    if not values:
        return f"| {label} | 0 | - | - |"
    return f"| {label} | {len(values)} | {statistics.mean(values):+.1f} | {statistics.mean(map(abs, values)):.1f} |"


def main(argv):
    if len(argv) < 3 or argv[0] != "--residuals":
        print("usage: speed-residuals.py --residuals T.csv FOLDER...", file=sys.stderr)
        return 2
    try:
        table = residuals_of(argv[1])
        pts = points(argv[2:], table)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as e:
        print(f"speed-residuals.py: {e}", file=sys.stderr)
        return 2
    print("| speed (million) | runs | measured - predicted (pp) | mean abs |")
    print("|---|---|---|---|")
    for lo, hi in BANDS:
        inside = [p for p in pts if lo <= p[0] < hi]
        print(row(band_name(lo, hi), [p[2] for p in inside]))
        for mode in sorted({p[1] for p in inside}):
            print(row(f"{band_name(lo, hi)}, {mode}", [p[2] for p in inside if p[1] == mode]))
    print(row("all", [p[2] for p in pts]))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    sys.exit(main(sys.argv[1:]))
