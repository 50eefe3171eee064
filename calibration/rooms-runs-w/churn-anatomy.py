#!/usr/bin/env python3
"""Measured against modelled for one churn or mixed-traffic setup, sessions side by side (issue 16, session W).
Standard library only.

Usage: churn-anatomy.py --measured LABEL=RUN.json[,RUN.json...] [...] --model LABEL=RESULT.json [...] [--bin S]
  RUN.json: measured run files (`fanoutsim load --json`) of one setup, grouped under LABEL (a session).
  RESULT.json: `fanoutsim run SCENARIO --json RESULT.json --sample 1s` (replication 0's series).
Markdown on stdout: one row per run and per model (delivered, delivered/s, run length, connect and close avg / p95,
closes abandoned, server CPU-s, copies delivered per server CPU-second and the in-run speed index), then delivered/s
and the mean task CPU (share of the quota, measured from the cgroup each second) in bins of S seconds (default 5),
each group the mean of its runs.
"""
import os
import sys

# The run reading and per-second series of the per-task anatomy (calibration/rooms-runs-t/anatomy.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rooms-runs-t"))
from anatomy import load, times  # noqa: E402
import anatomy  # noqa: E402


def series(report):
    """{second: (delivered/s, mean task CPU share)} from the anatomy's fuller series."""
    return {t: (v[0], v[3]) for t, v in anatomy.series(report).items()}


def binned(seriess, width):
    """{bin start: (delivered/s, cpu)} averaged over the seconds of the bin and the runs that have them."""
    acc = {}
    for s in seriess:
        for t, v in s.items():
            b = (t - 1) // width * width + 1 if t >= 1 else 0
            acc.setdefault(b, []).append(v)
    return {b: (sum(v[0] for v in vs) / len(vs), sum(v[1] for v in vs) / len(vs)) for b, vs in acc.items()}


def main(argv):
    measured, models, width, i = [], [], 5, 0
    while i < len(argv):
        if argv[i] in ("--measured", "--model") and i + 1 < len(argv):
            label, paths = argv[i + 1].split("=", 1)
            (measured if argv[i] == "--measured" else models).append((label, paths.split(",")))
            i += 2
        elif argv[i] == "--bin" and i + 1 < len(argv):
            width = int(argv[i + 1])
            i += 2
        else:
            sys.exit(f"churn-anatomy.py: unknown argument {argv[i]}\n{__doc__}")
    if not measured or not models:
        sys.exit(__doc__)
    print("| source | delivered | delivered/s | run s | connect avg / p95 s | close avg / p95 s | closes abandoned |"
          " server CPU-s | copies per server CPU-s | in-run speed |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    groups = []
    for label, paths in measured:
        runs = [load(p) for p in paths]
        for path, r in zip(paths, runs):
            m, env = r["metrics"], r.get("environment", {})
            cpu = sum(float(v) for k, v in env.items() if k.startswith("server_cpu_seconds_pid"))
            name = path.split("/")[-1]
            repeat = name.split(".")[-2] if name.count(".") > 1 and name.split(".")[-2].startswith("r") else "r1"
            print(f"| {label} {repeat} | {m['delivery_ratio']:.1%} | {m['delivered_per_second']:.0f} | "
                  f"{m['duration_seconds']:.1f} | {times(m, 'ws_connecting')} | {times(m, 'ws_closing')} | "
                  f"{env.get('closes_abandoned', '-')} | {cpu:.2f} | "
                  f"{m['delivered_per_second'] * m['duration_seconds'] / cpu:,.0f} | "
                  f"{env.get('speed_index_server', '-')} |")
        groups.append((label, [series(r) for r in runs]))
    for label, paths in models:
        r = load(paths[0])
        m = r["metrics"]
        util = [x["utilization"] for x in r["resources"] if x["name"].endswith("cpu") and "redis" not in x["name"]]
        print(f"| model {label} | {m['delivery_ratio']:.1%} | {m['delivered_per_second']:.0f} | "
              f"{m['duration_seconds']:.1f} | {times(m, 'ws_connecting')} | {times(m, 'ws_closing')} | - | "
              f"busy {', '.join(f'{u:.0%}' for u in util)} | - | - |")
        groups.append(("model " + label, [series(r)]))
    print()
    bins = [(label, binned(s, width)) for label, s in groups]
    starts = sorted(set().union(*[set(b) for _, b in bins]))
    print("| seconds | " + " | ".join(f"{label} deliv/s | CPU" for label, _ in bins) + " |")
    print("|---|" + "---|---|" * len(bins))
    for b in starts:
        cells = []
        for _, d in bins:
            cells.append(f"{d[b][0]:.0f} | {d[b][1]:.2f}" if b in d else "- | -")
        print(f"| {b}-{b + width - 1} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
