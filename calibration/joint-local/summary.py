#!/usr/bin/env python3
"""Summarises calibration/joint-local/tables.sh's CSVs: mean / worst |ratio error| pp over setup means and the signed
mean (predicted - measured), one row per set, one column per profile. Usage:
python3 calibration/joint-local/summary.py [PROFILE...] (default: before candidate joint8 joint adopted) > summary.md"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = [
    ("knee-rs", "knee sessions R + S (6 repeats a setup)"),
    ("knee-r", "session R alone"),
    ("knee-s", "session S alone"),
    ("rooms-runs-t", "`rooms-runs-t`, per-task"),
    ("rooms-runs-u", "`rooms-runs-u`, per-task at 0.5 core"),
    ("rooms-runs-u-spin0", "`rooms-runs-u-spin0`, spinning off"),
    ("rooms-runs-v", "`rooms-runs-v`, per-task"),
    ("rooms-runs-w-pertask", "`rooms-runs-w` per-task room-affine (fit set's setups, new session)"),
    ("PERTASK", "the five per-task sets above together"),
    ("perconn", "per-connection rooms setups, `rooms-runs` + `-s` + `-w`"),
    ("rooms-runs-w-perconn", "`rooms-runs-w` per-connection (churn, mixed, 1 x 0.12) alone"),
    ("fitset-rooms", "in-sample: per-task `rooms-runs` + `-s` (the joint fit's)"),
    ("knee-fghi", "in-sample: knee sessions F-I (`local`'s and the joint fit's)"),
]
PERTASK = ["rooms-runs-t", "rooms-runs-u", "rooms-runs-u-spin0", "rooms-runs-v", "rooms-runs-w-pertask"]


def errors(name, profile):
    path = os.path.join(HERE, f"{name}-{profile}.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return [100 * (float(r["predicted_ratio"]) - float(r["measured_ratio"])) for r in csv.DictReader(f)]


def cell(errs):
    if not errs:
        return "-"
    absolute = [abs(e) for e in errs]
    return f"{sum(absolute) / len(absolute):.1f} / {max(absolute):.1f}, {sum(errs) / len(errs):+.1f}"


def main():
    profiles = sys.argv[1:] or ["before", "candidate", "joint8", "joint", "adopted"]
    print("| set (setups) | " + " | ".join(profiles) + " |")
    print("|---|" + "---|" * len(profiles))
    for name, label in SETS:
        cells, count = [], None
        for p in profiles:
            if name == "PERTASK":
                parts = [errors(s, p) for s in PERTASK]
                errs = None if any(x is None for x in parts) else [e for x in parts for e in x]
            else:
                errs = errors(name, p)
            if errs is not None:
                count = len(errs)
            cells.append(cell(errs))
        print(f"| {label} ({count}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
