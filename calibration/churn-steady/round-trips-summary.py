#!/usr/bin/env python3
"""The table of calibration/churn-steady/round-trips/ (made by round-trips-sweep.sh): mean / worst |error| pp per set
and pair of handshake_round_trips R and redis_connect_timeout T (R 0, T 0 = `local` as committed).
python3 calibration/churn-steady/round-trips-summary.py"""
import glob
import os
import re

rows = {}
for path in glob.glob("calibration/churn-steady/round-trips/*-r*-t*.md"):
    name = os.path.basename(path)[:-3]
    m = re.fullmatch(r"(.+)-r(\d+)-t(\d+)", name)
    line = next(l for l in open(path) if l.startswith("Predicted"))
    e = re.search(r"mean absolute error ([\d.]+) pp; worst ([\d.]+) pp", line)
    rows.setdefault(m.group(1), {})[(int(m.group(2)), int(m.group(3)))] = f"{e.group(1)} / {e.group(2)}"
order = ["churn-1202", "churn-w", "w-all", "knee-rs", "churn-2596"]
pairs = sorted({p for r in rows.values() for p in r})
label = lambda p: "`local`" if p == (0, 0) else f"R {p[0]}, T {p[1] or 'off'}{' s' if p[1] else ''}"
print("| set | " + " | ".join(label(p) for p in pairs) + " |")
print("|---|" + "---|" * len(pairs))
for s in order + sorted(set(rows) - set(order)):
    if s in rows:
        print(f"| {s} | " + " | ".join(rows[s].get(p, "-") for p in pairs) + " |")
