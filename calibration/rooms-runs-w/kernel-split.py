#!/usr/bin/env python3
"""Does the kernel build split the 2096 MHz host kind's sessions? (issue 16, session W.) Standard library only.

Usage: kernel-split.py   (from anywhere; reads the tables calibration/rooms-runs-w/tables.sh wrote)
For each 2096 MHz session folder: its kernel build(s) (environment.machine_kernel of its run files), the server's
git commit(s), its runs' mean loadavg_before (1 and 15 min), and committed `local`'s error at `in-run` over its
setup means: mean |error|, signed mean (predicted - measured) and worst, pp. Then the sessions' signed means by
kernel build. Markdown on stdout.
"""
import csv
import glob
import json
import os
import statistics
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
W = os.path.join(ROOT, "calibration", "rooms-runs-w")


def folder_env(folder):
    kernels, commits, load1, load15 = set(), set(), [], []
    for path in glob.glob(os.path.join(folder, "*.json")):
        with open(path) as f:
            env = json.load(f).get("environment", {})
        kernels.add(env.get("machine_kernel", env.get("kernel", "?")))
        commits.add(env.get("git_commit", "?"))
        if "loadavg_before" in env:
            parts = env["loadavg_before"].split()
            load1.append(float(parts[0]))
            load15.append(float(parts[2]))
    return kernels, commits, load1, load15


def errors(table):
    with open(table) as f:
        rows = list(csv.DictReader(f))
    signed = [(float(r["predicted_ratio"]) - float(r["measured_ratio"])) * 100 for r in rows]
    return signed


def main():
    sessions = [(f"knee {s.upper()}", os.path.join(ROOT, "calibration", "transfer", f"session-{s}"),
                 os.path.join(W, "tables", f"session-{s}-local-in-run.csv")) for s in "bcdefghirs"]
    for d in ["rooms-runs", "rooms-runs-s", "rooms-runs-t", "rooms-runs-u", "rooms-runs-u-spin0", "rooms-runs-v"]:
        sessions.append((d, os.path.join(ROOT, "calibration", d), os.path.join(W, "tables", f"{d}-local-in-run.csv")))
    sessions.append(("rooms-runs-w", W, os.path.join(W, "validation-local-in-run.csv")))
    print("| session | kernel | server commit | loadavg before, 1 / 15 min | setups | mean abs pp | signed mean pp |"
          " worst pp |")
    print("|---|---|---|---|---|---|---|---|")
    by_kernel = {}
    for label, folder, table in sessions:
        if not os.path.exists(table):
            sys.exit(f"kernel-split.py: {table} missing: run calibration/rooms-runs-w/tables.sh first")
        kernels, commits, l1, l15 = folder_env(folder)
        signed = errors(table)
        kernel = ", ".join(sorted(k.replace("6.18.44-fc-", "") for k in kernels))
        mean_signed = statistics.mean(signed)
        by_kernel.setdefault(kernel, []).append((label, mean_signed))
        worst = max(signed, key=abs)
        print(f"| {label} | {kernel} | {', '.join(sorted(commits))} | {statistics.mean(l1):.1f} / "
              f"{statistics.mean(l15):.1f} | {len(signed)} | {statistics.mean(abs(x) for x in signed):.1f} | "
              f"{mean_signed:+.1f} | {worst:+.1f} |")
    print()
    print("| kernel | sessions | signed means, pp | their mean | range |")
    print("|---|---|---|---|---|")
    for kernel, items in by_kernel.items():
        vals = [v for _, v in items]
        print(f"| {kernel} | {len(items)} | {', '.join(f'{l} {v:+.1f}' for l, v in items)} | "
              f"{statistics.mean(vals):+.1f} | {min(vals):+.1f} to {max(vals):+.1f} |")


if __name__ == "__main__":
    main()
