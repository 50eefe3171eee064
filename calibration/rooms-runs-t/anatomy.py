#!/usr/bin/env python3
"""Measured against modelled, second by second, for one per-task rooms setup. Standard library only.

Usage: anatomy.py --measured RUN.json [RUN.json ...] --model LABEL=RESULT.json [--model ...]
  RUN.json: measured run files (`fanoutsim load --json`) of one setup; their per-second samples are averaged.
  RESULT.json: `fanoutsim run SCENARIO --json RESULT.json --sample 1s` of the same setup (replication 0's series).
Markdown on stdout: connect / close times, CPU, and per second delivered/s, sent/s and the mean task CPU (share
of the quota) measured (mean of the runs) and modelled; open connections measured only (the model counts a
connection open from its dial, the load generator from its handshake's end).
"""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def times(m, key):
    x = m.get(key)
    return f"{x['avg']:.2f} / {x['p95']:.2f}" if x else "- / -"


def series(report):
    out = {}
    for s in report["time_series"]["samples"]:
        second = int(round(s["time"]))
        cpu = s.get("task_cpu") or []
        out[second] = (s.get("delivered_per_second", 0), s.get("sent_per_second", 0), s.get("open_connections", 0),
                       sum(cpu) / len(cpu) if cpu else 0.0)
    return out


def main(argv):
    measured, models, i = [], [], 0
    while i < len(argv):
        if argv[i] == "--measured":
            i += 1
            while i < len(argv) and not argv[i].startswith("--"):
                measured.append(argv[i])
                i += 1
        elif argv[i] == "--model":
            label, path = argv[i + 1].split("=", 1)
            models.append((label, path))
            i += 2
        else:
            sys.exit(f"anatomy.py: unknown argument {argv[i]}")
    if not measured or not models:
        sys.exit(__doc__)
    runs = [load(p) for p in measured]
    sims = [(label, load(p)) for label, p in models]
    print("| source | delivered | duration s | connect avg / p95 s | close avg / p95 s | server CPU-s |")
    print("|---|---|---|---|---|---|")
    for path, r in zip(measured, runs):
        m = r["metrics"]
        env = r.get("environment", {})
        cpu = sum(float(v) for k, v in env.items() if k.startswith("server_cpu_seconds_pid"))
        print(f"| {path.split('/')[-2]}/{path.split('/')[-1].split('-rooms-')[-1]} | {m['delivery_ratio']:.1%} | "
              f"{m['duration_seconds']:.1f} | {times(m, 'ws_connecting')} | {times(m, 'ws_closing')} | {cpu:.2f} |")
    for label, r in sims:
        m = r["metrics"]
        util = [x["utilization"] for x in r["resources"] if x["name"].endswith("cpu") and "redis" not in x["name"]]
        print(f"| model {label} | {m['delivery_ratio']:.1%} | {m['duration_seconds']:.1f} | "
              f"{times(m, 'ws_connecting')} | {times(m, 'ws_closing')} | busy {', '.join(f'{u:.0%}' for u in util)} |")
    print()
    ms = [series(r) for r in runs]
    ss = [(label, series(r)) for label, r in sims]
    seconds = sorted(set().union(*[set(s) for s in ms], *[set(s) for _, s in ss]))
    head = "| s | measured deliv/s | sent/s | open | CPU |"
    for label, _ in ss:
        head += f" {label} deliv/s | sent/s | CPU |"
    print(head)
    print("|" + "---|" * (5 + 3 * len(ss)))
    for t in seconds:
        vals = [s[t] for s in ms if t in s]
        row = f"| {t} |"
        if vals:
            avg = [sum(v[k] for v in vals) / len(vals) for k in range(4)]
            row += f" {avg[0]:.0f} | {avg[1]:.0f} | {avg[2]:.0f} | {avg[3]:.2f} |"
        else:
            row += " - | - | - | - |"
        for _, s in ss:
            v = s.get(t)
            row += f" {v[0]:.0f} | {v[1]:.0f} | {v[3]:.2f} |" if v else " - | - | - |"
        print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
