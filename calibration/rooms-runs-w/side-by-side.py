#!/usr/bin/env python3
"""Session W beside 2026-12-02 (calibration/rooms-runs), setup by setup: measured mean and committed `local`'s
prediction at `in-run` and `none` (the four CSVs calibration/rooms-runs-w/tables.sh writes). Markdown on stdout.
Usage: side-by-side.py (from anywhere). Standard library only.
"""
import csv
import os

W = os.path.dirname(os.path.abspath(__file__))


def read(name):
    with open(os.path.join(W, name)) as f:
        return {r["run"]: r for r in csv.DictReader(f)}


def main():
    old = {rule: read(f"rooms-runs-same-setups-local-{rule}.csv") for rule in ("in-run", "none")}
    new = {rule: read(f"validation-local-{rule}.csv") for rule in ("in-run", "none")}
    print("| setup | 12-02 measured % | predicted in-run / none % | signed pp in-run / none | W measured % |"
          " predicted in-run / none % | signed pp in-run / none |")
    print("|---|---|---|---|---|---|---|")
    sums = {"old": {"in-run": [], "none": []}, "new": {"in-run": [], "none": []}}
    for run in new["in-run"]:
        cells = []
        for key, side in (("old", old), ("new", new)):
            if run not in side["in-run"]:
                cells.append("- | - | -")
                continue
            m = float(side["in-run"][run]["measured_ratio"]) * 100
            p = {rule: float(side[rule][run]["predicted_ratio"]) * 100 for rule in ("in-run", "none")}
            for rule in p:
                sums[key][rule].append(p[rule] - m)
            cells.append(f"{m:.1f} | {p['in-run']:.1f} / {p['none']:.1f} | "
                         f"{p['in-run'] - m:+.1f} / {p['none'] - m:+.1f}")
        print(f"| {run.replace('-bwnone', '')} | " + " | ".join(cells) + " |")
    for key, label in (("old", "12-02"), ("new", "W")):
        s = sums[key]
        print(f"\n{label}: mean |error| in-run {sum(abs(x) for x in s['in-run']) / len(s['in-run']):.1f} pp, signed "
              f"{sum(s['in-run']) / len(s['in-run']):+.1f}; none {sum(abs(x) for x in s['none']) / len(s['none']):.1f}"
              f" pp, signed {sum(s['none']) / len(s['none']):+.1f} ({len(s['in-run'])} setups).")


if __name__ == "__main__":
    main()
