#!/usr/bin/env python3
"""Mean / worst |ratio error| pp and the signed mean over the setup rows of in-brief.sh's CSVs, for each set the
README's In-brief table names. Usage: python3 calibration/joint-local/in-brief/pool.py"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = [
    ("knee J-P, none", [f"knee-{s}-none" for s in "jklmnop"]),
    ("knee P, none", ["knee-p-none"]),
    ("knee Q, none", ["knee-q-none"]),
    ("knee J-Q, none", [f"knee-{s}-none" for s in "jklmnopq"]),
    ("knee R, none", ["knee-r-none"]),
    ("knee S, none", ["knee-s-none"]),
    ("knee R + S, none", ["knee-rs-none"]),
    ("knee R, in-run", ["knee-r-in-run"]),
    ("knee S, in-run", ["knee-s-in-run"]),
    ("knee R + S, in-run", ["knee-rs-in-run"]),
    ("rooms-runs-n x 4, none", ["rooms-runs-n-none"]),
    ("rooms-runs-n x 2 (session N), none", ["rooms-runs-n-session-n-none"]),
    ("rooms-runs-conn (churn), none", ["rooms-runs-conn-none"]),
    ("12 drop setups, in-run", ["drop-in-run"]),
]

print("| set | setups | mean / worst pp, signed |")
print("|---|---|---|")
for label, tables in SETS:
    errs = []
    for t in tables:
        path = os.path.join(HERE, t + ".csv")
        if not os.path.exists(path):
            errs = None
            break
        with open(path, newline="") as f:
            errs += [100 * (float(r["predicted_ratio"]) - float(r["measured_ratio"])) for r in csv.DictReader(f)]
    if not errs:
        print(f"| {label} | - | - |")
        continue
    a = [abs(e) for e in errs]
    print(f"| {label} | {len(errs)} | {sum(a) / len(a):.1f} / {max(a):.1f}, {sum(errs) / len(errs):+.1f} |")
