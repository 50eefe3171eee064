#!/usr/bin/env python3
"""Sums up calibration/churn-start/judge/*.csv (judge.sh's tables): per table and profile, mean / worst |predicted -
measured| pp and signed mean over setup means, for all its setups, the churn ones and the others; then each setup's
signed error (predicted - measured, pp) by profile. Standard library only.

Usage: judge-summary.py [JUDGE_DIR]   (default: calibration/churn-start/judge next to this script)
"""
import csv
import os
import sys

PROFILES = ("local", "local-candidate", "local-candidate-perconn")
TABLES = ("w", "knee-rs", "perconn-2096", "conn-2596")


def rows(path):
    with open(path, newline="") as f:
        return {r["run"]: 100 * (float(r["predicted_ratio"]) - float(r["measured_ratio"])) for r in csv.DictReader(f)}


def stat(errors):
    if not errors:
        return "-"
    a = [abs(e) for e in errors]
    return f"({len(errors)}) {sum(a) / len(a):.1f} / {max(a):.1f}, {sum(errors) / len(errors):+.1f}"


def main(argv):
    d = argv[0] if argv else os.path.join(os.path.dirname(os.path.abspath(__file__)), "judge")
    print("| table | profile | all setups | churn | the others |")
    print("|---|---|---|---|---|")
    found = {}
    for t in TABLES:
        for p in PROFILES:
            path = os.path.join(d, f"{t}-{p}.csv")
            if not os.path.exists(path):
                continue
            e = found[(t, p)] = rows(path)
            churn = [v for k, v in e.items() if "churn" in k]
            other = [v for k, v in e.items() if "churn" not in k]
            print(f"| {t} | {p} | {stat(list(e.values()))} | {stat(churn)} | {stat(other)} |")
    print()
    print("| table | setup | " + " | ".join(PROFILES) + " |")
    print("|---|---|" + "---|" * len(PROFILES))
    for t in TABLES:
        runs = sorted({k for (tt, _), e in found.items() if tt == t for k in e})
        for r in runs:
            cells = [f"{found[(t, p)][r]:+.1f}" if (t, p) in found and r in found[(t, p)] else "-" for p in PROFILES]
            print(f"| {t} | {r} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
