#!/usr/bin/env python3
"""First seconds of a setup, measured against modelled, second by second (issue 16, churn's first seconds).
Standard library only.

Usage: timeline.py [--seconds N] LABEL=FILE.json[,FILE.json...] ...
  FILE.json: measured run files (`fanoutsim load --json`) or `fanoutsim run --json --sample 1s` results; a label's
  files are averaged second by second.
Markdown on stdout: per label, connections open, messages sent/s, copies delivered/s per second for the first N
seconds (default 15), then the second at which sent/s first reached 90 % of its mean over seconds 16-25 (clients
send once a second from their open, so this is when the first connects are done; `open` itself counts
client-side opens in a measured run but dialled connections in the model), the copies delivered in the first 10 s,
the mean delivered/s over seconds 21-60 and the mean sent/s and copies per message sent there (each run's), and the run's connect avg / p95 (ws_connecting).
"""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def main(argv):
    seconds, groups, i = 15, [], 0
    while i < len(argv):
        if argv[i] == "--seconds" and i + 1 < len(argv):
            seconds = int(argv[i + 1])
            i += 2
            continue
        if "=" not in argv[i]:
            sys.exit(__doc__)
        label, paths = argv[i].split("=", 1)
        groups.append((label, [load(p) for p in paths.split(",")]))
        i += 1
    if not groups:
        sys.exit(__doc__)
    cols = ("open_connections", "sent_per_second", "delivered_per_second")
    print("| source | what | " + " | ".join(str(s + 1) for s in range(seconds)) + " |")
    print("|---|---|" + "---|" * seconds)
    summary = []
    for label, runs in groups:
        series = [r["time_series"]["samples"] for r in runs]
        for col in cols:
            row = []
            for t in range(seconds):
                vals = [s[t][col] for s in series if len(s) > t]
                row.append(sum(vals) / len(vals) if vals else float("nan"))
            print(f"| {label} | {col.split('_')[0]} | " + " | ".join(f"{v:.0f}" for v in row) + " |")
        first = []
        for s in series:
            late = [x["sent_per_second"] for x in s if 15.5 < x["time"] <= 25.5]
            goal = 0.9 * sum(late) / len(late) if late else float("inf")
            first.append(next((x["time"] for x in s if x["sent_per_second"] >= goal), float("nan")))
        first10 = [sum(x["delivered_per_second"] for x in s if x["time"] <= 10.5) for s in series]
        late = [[x["delivered_per_second"] for x in s if 20.5 < x["time"] <= 60.5] for s in series]
        sent = [[x["sent_per_second"] for x in s if 20.5 < x["time"] <= 60.5] for s in series]
        sent = [sum(v) / len(v) for v in sent if v]
        late = [sum(v) / len(v) for v in late if v]
        copies = [d / m for d, m in zip(late, sent) if m > 0]
        conn = [r["metrics"].get("ws_connecting") for r in runs]
        conn = [c for c in conn if isinstance(c, dict)]
        avg = sum(c["avg"] for c in conn) / len(conn) if conn else None
        p95 = sum(c["p95"] for c in conn) / len(conn) if conn else None
        ratio = sum(r["metrics"]["delivery_ratio"] for r in runs) / len(runs)
        summary.append((label, len(runs), ratio, first, first10, late, sent, copies, avg, p95))
    print()
    print("| source | runs | delivered | sent at 90 % by s | copies in the first 10 s | delivered/s in seconds 21-60 |"
          " sent/s there | copies per message there | connect avg / p95 s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, n, ratio, first, first10, late, sent, copies, avg, p95 in summary:
        c = f"{avg:.2f} / {p95:.2f}" if avg is not None else "- / -"
        print(f"| {label} | {n} | {ratio:.1%} | {', '.join(f'{t:.0f}' for t in first)} | "
              f"{sum(first10) / len(first10):,.0f} | {', '.join(f'{v:,.0f}' for v in late)} | "
              f"{', '.join(f'{v:.0f}' for v in sent)} | {', '.join(f'{v:.2f}' for v in copies)} | {c} |")


if __name__ == "__main__":
    main(sys.argv[1:])
