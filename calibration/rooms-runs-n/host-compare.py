#!/usr/bin/env python3
"""Each re-measured setup (calibration/rooms-runs-n) beside the older host's runs of the same name
(calibration/rooms-runs) and the model's predictions, from `fanoutsim calibrate --table X.md` CSVs (X.csv).
Standard library only.

Usage: calibration/rooms-runs-n/host-compare.py OLD.csv NEW_LABEL=NEW.csv [NEW_LABEL=NEW.csv ...]
  OLD.csv: the older host's table (calibration/rooms-runs/validation.csv: its measured ratios and predictions)
  each NEW.csv: a table of calibration/rooms-runs-n (same run names), one per speed rule or profile variant
"""
import csv
import sys


def read(path):
    with open(path, newline="") as f:
        return {r["run"]: r for r in csv.DictReader(f)}


def pct(v):
    return "%.1f %%" % (100 * float(v))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    old = read(argv[0])
    news = []
    for arg in argv[1:]:
        label, sep, path = arg.partition("=")
        if not sep or not path:
            raise ValueError(f"'{arg}': expected LABEL=CSV (a calibrate --table's .csv)")
        news.append((label, read(path)))
    first = news[0][1]
    head = ["setup", "older host: measured (predicted)", "this host: measured (range)"]
    head += [f"{label}: predicted (error pp)" for label, _ in news]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    sums = [[] for _ in news]
    for run, r in first.items():
        o = old.get(run)
        lo, hi = r["measured_ratio_min"], r["measured_ratio_max"]
        cells = [run, "%s (%s)" % (pct(o["measured_ratio"]), pct(o["predicted_ratio"])) if o else "-",
                 "%s (%.1f-%s)" % (pct(r["measured_ratio"]), 100 * float(lo), pct(hi))
                 if lo and lo != hi else pct(r["measured_ratio"]) + " (one run)"]
        for i, (_, table) in enumerate(news):
            p = table[run]
            sums[i].append(float(p["abs_error_pp"]))
            cells.append("%s (%.1f)" % (pct(p["predicted_ratio"]), float(p["abs_error_pp"])))
        print("| " + " | ".join(cells) + " |")
    cells = ["mean / worst", "", ""] + ["%.1f / %.1f pp" % (sum(s) / len(s), max(s)) for s in sums]
    print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError, KeyError) as e:
        print(f"host-compare: {e}", file=sys.stderr)
        sys.exit(2)
