#!/usr/bin/env python3
"""The table of calibration/churn-steady/sweep/ (made by sweep.sh): mean / worst |error| pp per set and
redis_connect_timeout T (0 = `local` as committed). python3 calibration/churn-steady/summary.py"""
import glob
import os
import re

rows = {}
for path in glob.glob("calibration/churn-steady/sweep/*-t*.md"):
    name = os.path.basename(path)[:-3]
    s, t = name.rsplit("-t", 1)
    line = next(l for l in open(path) if l.startswith("Predicted"))
    m = re.search(r"mean absolute error ([\d.]+) pp; worst ([\d.]+) pp", line)
    rows.setdefault(s, {})[int(t)] = f"{m.group(1)} / {m.group(2)}"
order = ["churn-1202", "churn-w", "w-all", "knee-rs", "perconn-2096", "churn-2596", "perconn-2596"]
ts = sorted({t for r in rows.values() for t in r})
print("| set | " + " | ".join("`local`" if t == 0 else f"T {t} s" for t in ts) + " |")
print("|---|" + "---|" * len(ts))
for s in order + sorted(set(rows) - set(order)):
    if s in rows:
        print(f"| {s} | " + " | ".join(rows[s].get(t, "-") for t in ts) + " |")
