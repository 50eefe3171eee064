#!/usr/bin/env python3
"""Sums up calibrate --table CSVs (one per profile and speed rule) setup by setup: mean / worst |error| pp over the
setups, signed mean (predicted - measured), the five worst setups, and the same per kind of setup.

Usage: python3 calibration/rooms-by-kind/summary.py --out calibration/rooms-by-kind/summary.md TABLE.csv...
"""
import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import outfile  # noqa: E402

SUBSETS = ["per-connection", "per-task round-robin", "room-affine", "cluster/sharded", "churn", "mixed traffic"]


def subset(name):
    """The kind of setup a run name is (one of SUBSETS), from calibration/run-local's naming."""
    if "churn" in name:
        return "churn"
    if "mixed-traffic" in name:
        return "mixed traffic"
    if any(f"-{k}3-" in name for k in ("cl", "cs", "ks")):
        return "cluster/sharded"
    if "lbroom-affine" in name:
        return "room-affine"
    if "-pertask" in name:
        return "per-task round-robin"
    if "-perconn" in name:
        return "per-connection"
    raise ValueError(f"run {name}: no kind of setup")


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError(f"{path}: no rows")
    out = []
    for r in rows:
        measured, predicted = float(r["measured_ratio"]), float(r["predicted_ratio"])
        out.append({"run": r["run"], "repeats": int(r["repeats"]), "measured": measured * 100,
                    "predicted": predicted * 100, "signed": (predicted - measured) * 100,
                    "abs": abs(predicted - measured) * 100, "subset": subset(r["run"])})
    return out


def figures(rows):
    return (f"{sum(r['abs'] for r in rows) / len(rows):.1f} / {max(r['abs'] for r in rows):.1f}, "
            f"{sum(r['signed'] for r in rows) / len(rows):+.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("tables", nargs="+")
    a = ap.parse_args()
    outfile.check(a.out)
    lines = ["# The many-room dataset by host kind: summary", "",
             f"Made by `python3 calibration/rooms-by-kind/summary.py --out {a.out} "
             f"{' '.join(a.tables)}` from the tables of `calibration/rooms-by-kind/make.sh`. Each figure is over setup"
             " means (a setup's repeats are one case): mean / worst |predicted - measured| pp, signed mean"
             " (predicted - measured) pp.", ""]
    lines += ["| table | setups (files) | mean / worst, signed | " + " | ".join(SUBSETS) + " |",
              "|---|---|---|" + "---|" * len(SUBSETS)]
    worst = []
    for t in a.tables:
        rows = read(t)
        name = os.path.basename(t)[:-4]
        cells = []
        for s in SUBSETS:
            sub = [r for r in rows if r["subset"] == s]
            cells.append(f"({len(sub)}) {figures(sub)}" if sub else "-")
        lines.append(f"| {name} | {len(rows)} ({sum(r['repeats'] for r in rows)}) | {figures(rows)} | "
                     + " | ".join(cells) + " |")
        top = sorted(rows, key=lambda r: -r["abs"])[:5]
        worst.append((name, top))
    lines += ["", "Five worst setups of each table (measured -> predicted %, signed pp):", ""]
    for name, top in worst:
        lines.append(f"- {name}: " + "; ".join(
            f"{r['run']} ({r['repeats']}) {r['measured']:.1f} -> {r['predicted']:.1f} ({r['signed']:+.1f})"
            for r in top))
    outfile.write(a.out, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as e:
        print(f"summary.py: {e}", file=sys.stderr)
        sys.exit(2)
