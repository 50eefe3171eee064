#!/usr/bin/env python3
"""How far the replayed speed swings (issues 12 and 17): per folder, over its uncontaminated runs with an in-run
timeline, the mean of each run's standard deviation of its per-second factors (`--speed-rule in-run-trace`'s: the
servers' per-second in-run speed over the run's in-run index; a second without the servers' CPU reads 1), the mean of
each run's slowest second, and the share of seconds below 0.8. Against it: cpu_drift's factor, uniform in
[1 - a, 1 + a], has sd a / sqrt(3) (`local`: a 0.95, sd 0.55, per 1.76 s window).
Usage: python3 calibration/transfer/speed-trace/swing.py FOLDER...   (standard library only)
"""
import json
import os
import statistics
import sys


def factors(report):
    samples = report["time_series"]["samples"]
    speeds, weights = [], []
    for x in samples:
        sec, cs = x["server_cpu_seconds_percpu"], x["cpu_speed"]
        used = [(c, s) for c, s in zip(cs, sec) if s > 0]
        total = sum(s for _, s in used)
        ok = total > 0 and all(c is not None for c, _ in used)
        speeds.append(sum(c * s for c, s in used) / total if ok else None)
        weights.append(total if ok else 0)
    mean = sum(v * w for v, w in zip(speeds, weights) if v) / sum(weights)
    return [v / mean if v else 1 for v in speeds]


def main(folders):
    print("| folder | runs | mean sd of the factors | mean slowest second | seconds below 0.8 |")
    print("|---|---|---|---|---|")
    for folder in folders:
        runs = []
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                report = json.load(f)
            if report.get("environment", {}).get("contaminated") == "true":
                continue
            samples = report.get("time_series", {}).get("samples") or []
            if not samples or any(x.get("cpu_speed") is None or x.get("server_cpu_seconds_percpu") is None
                                  for x in samples):
                continue
            runs.append(factors(report))
        below = sum(sum(1 for v in r if v < 0.8) for r in runs) / sum(len(r) for r in runs)
        print(f"| {folder} | {len(runs)} | {statistics.mean(statistics.pstdev(r) for r in runs):.3f} | "
              f"{statistics.mean(min(r) for r in runs):.2f} | {below:.1%} |")


if __name__ == "__main__":
    main(sys.argv[1:] or sys.exit(__doc__))
