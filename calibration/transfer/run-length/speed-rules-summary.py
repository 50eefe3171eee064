#!/usr/bin/env python3
"""Sums up run-length/speed-rules.tsv (predict-by-speed-rule.sh) as Markdown on stdout.

Per group of runs of one setup (2 sessions, 6 sessions, session F) and speed rule: each run's measured and predicted
delivery ratio, the mean and worst |error|, the spread (population standard deviation) of the measured ratios and of
the misses, and the share of the measured variance the rule's predictions explain, 1 - var(miss) / var(measured):
100 % when the prediction follows every run, 0 % for a constant prediction, negative when it adds scatter.
Standard library only.
"""
import csv
import statistics
import sys


def main():
    groups = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            path = r["file"]
            group = ("2 sessions" if "/sessions-2/" in path else "6 sessions" if "/sessions-6/" in path
                     else "session F")
            groups.setdefault((group, r["rule"]), []).append(
                (path.rsplit("/", 1)[-1], float(r["measured"]), float(r["predicted"])))
    out = sys.stdout
    out.write("# Run length and speed rules: n150-i1-t1-q0.05 per-connection, predicted run by run\n\n")
    out.write("Made by `calibration/transfer/run-length/predict-by-speed-rule.sh` (profile `local`, each file alone; "
              "session F's first run is the contaminated one). Explained: 1 - var(measured - predicted) / "
              "var(measured) over the group's runs.\n\n")
    out.write("| runs | speed rule | measured % | predicted % | mean error pp | worst pp | sd measured pp "
              "| sd of misses pp | explained |\n|---|---|---|---|---|---|---|---|---|\n")
    for (group, rule), rows in groups.items():
        measured = [m for _, m, _ in rows]
        predicted = [p for _, _, p in rows]
        misses = [m - p for m, p in zip(measured, predicted)]
        explained = 1 - statistics.pvariance(misses) / statistics.pvariance(measured)
        out.write(f"| {group} | {rule} | {' / '.join(f'{m:.1f}' for m in measured)} | "
                  f"{' / '.join(f'{p:.1f}' for p in predicted)} | {statistics.mean(abs(x) for x in misses):.1f} | "
                  f"{max(abs(x) for x in misses):.1f} | {statistics.pstdev(measured):.1f} | "
                  f"{statistics.pstdev(misses):.1f} | {explained * 100:.0f} % |\n")


if __name__ == "__main__":
    main()
