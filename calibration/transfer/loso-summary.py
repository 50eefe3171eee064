#!/usr/bin/env python3
"""Sums up the leave-one-session-out tables (calibration/transfer/leave-one-session-out.sh) as Markdown on stdout.

Reads cross/loso-S-by-others.csv for each held-out session S (each setup's mean over its repeats that day, predicted
by the profile fitted on the other sessions) and the run files of every session, and prints: per held-out session
the mean and worst |error| of the delivery ratio, the same pooled over every setup and session, the knee rows
(measured 50-95 %), each setup's mean |error| over the sessions (where the model is weakest), and the floor repeat
scatter sets: what a model that knew each setup's true mean would still miss a mean of n repeats by
(sqrt(2/pi) x the pooled within-session standard deviation / sqrt(n)). Standard library only.
"""
import csv
import math
import os
import statistics
import sys

from knee_runs import SESSIONS, knee_setups, session_reports

HERE = os.path.dirname(os.path.abspath(__file__))


def session_runs(s, knee):
    """{setup: [ratio, ...]} of one session's uncontaminated run files."""
    runs = {}
    for setup, report in session_reports(s, knee):
        runs.setdefault(setup, []).append(report["metrics"]["delivery_ratio"] * 100)
    return runs


def main():
    knee = knee_setups()
    # The tables' folder: calibration/transfer/cross unless given (leave-one-session-out.sh's CROSS).
    cross = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "cross")
    # The speed rule the tables were fitted and predicted at (leave-one-session-out.sh's SPEED_RULE).
    rule = sys.argv[2] if len(sys.argv) > 2 else "probes"
    runs = {s: session_runs(s, knee) for s in SESSIONS}
    # Pooled within-session standard deviation of one run, over every setup with repeats on its day.
    ss = sum(sum((x - statistics.mean(v)) ** 2 for x in v) for r in runs.values() for v in r.values() if len(v) > 1)
    dof = sum(len(v) - 1 for r in runs.values() for v in r.values() if len(v) > 1)
    sd = math.sqrt(ss / dof)
    rows = []
    for s in SESSIONS:
        path = os.path.join(cross, f"loso-{s}-by-others.csv")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for r in csv.DictReader(f):
                n = int(r["repeats"])
                rows.append({"session": s, "run": r["run"], "n": n, "measured": float(r["measured_ratio"]) * 100,
                             "predicted": float(r["predicted_ratio"]) * 100, "error": float(r["abs_error_pp"]),
                             "floor": math.sqrt(2 / math.pi) * sd / math.sqrt(n)})
    out = sys.stdout
    out.write("# Leave-one-session-out transfer validation\n\n")
    speed = "every run at the profile's own speed" if rule == "none" else "each run at its own speed"
    out.write(f"Each session's knee setups predicted by a profile fitted on the other sessions only ({speed}, "
              f"`--speed-rule {rule}`), made by `calibration/transfer/leave-one-session-out.sh`. Error: |measured "
              "- predicted| delivery ratio of a setup's mean over its repeats that day, in pp. Floor: what a model that "
              "knew each setup's true mean would still miss that mean by, from repeat scatter alone "
              f"(pooled within-session standard deviation of one run {sd:.1f} pp over {dof} degrees of freedom).\n\n")
    out.write("| held-out session | setups (repeats) | mean error pp | worst pp | worst setup | floor pp |\n")
    out.write("|---|---|---|---|---|---|\n")
    for s, what in SESSIONS.items():
        rs = [r for r in rows if r["session"] == s]
        if not rs:
            continue
        worst = max(rs, key=lambda r: r["error"])
        reps = sorted({r["n"] for r in rs})
        out.write(f"| {s}: {what} | {len(rs)} (x{'-'.join(map(str, reps)) if len(reps) > 1 else reps[0]}) | "
                  f"{statistics.mean(r['error'] for r in rs):.1f} | {worst['error']:.1f} | {worst['run']} | "
                  f"{statistics.mean(r['floor'] for r in rs):.1f} |\n")
    knee_rows = [r for r in rows if 50 <= r["measured"] <= 95]
    for label, rs in (("pooled, every setup and session", rows), ("... measured 50-95 %", knee_rows)):
        if rs:
            worst = max(rs, key=lambda r: r["error"])
            out.write(f"| {label} | {len(rs)} | {statistics.mean(r['error'] for r in rs):.1f} | "
                      f"{worst['error']:.1f} | {worst['run']} ({worst['session']}) | "
                      f"{statistics.mean(r['floor'] for r in rs):.1f} |\n")
    out.write("\nGoal (issue 12 item 5): mean <= 2 pp, worst <= 6 pp across sessions.\n\n")
    out.write("## By setup, over the held-out sessions\n\n")
    out.write("| setup | sessions | mean error pp | worst pp | mean signed (predicted - measured) pp |\n")
    out.write("|---|---|---|---|---|\n")
    by_setup = {}
    for r in rows:
        by_setup.setdefault(r["run"], []).append(r)
    for run, rs in sorted(by_setup.items(), key=lambda kv: -statistics.mean(r["error"] for r in kv[1])):
        out.write(f"| {run} | {len(rs)} | {statistics.mean(r['error'] for r in rs):.1f} | "
                  f"{max(r['error'] for r in rs):.1f} | "
                  f"{statistics.mean(r['predicted'] - r['measured'] for r in rs):+.1f} |\n")


if __name__ == "__main__":
    main()
