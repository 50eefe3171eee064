#!/usr/bin/env python3
"""Mean / worst absolute and signed (predicted less measured) error of calibrate --table CSVs, one line each.

    python3 calibration/python-runs-x/signed.py [--together] [--by-mode] calibration/python-runs-x/*.csv

--together adds one line over every table's setups at once (e.g. all sessions held out in a leave-one-out);
--by-mode adds, under each line, one line per subscription mode (the table's subscription column).
"""
import csv
import sys


def main(args):
    together = "--together" in args
    by_mode = "--by-mode" in args
    paths = [a for a in args if a not in ("--together", "--by-mode")]
    everything = []
    for path in paths:
        try:
            with open(path, newline="") as f:
                rows = list(csv.DictReader(f))
        except OSError as e:
            print(f"signed.py: cannot read {path}: {e.strerror}", file=sys.stderr)
            sys.exit(2)
        if not rows or "abs_error_pp" not in rows[0]:
            continue
        everything += rows
        line(path, rows, by_mode)
    if together and everything:
        line("together", everything, by_mode)


def line(path, rows, by_mode=False):
    signed = [100 * (float(r["predicted_ratio"]) - float(r["measured_ratio"])) for r in rows]
    absolute = [abs(s) for s in signed]
    worst = max(range(len(rows)), key=lambda i: absolute[i])
    low = sum(1 for s in signed if s < 0)
    print(f"{path}: {len(rows)} setups, mean {sum(absolute) / len(rows):.1f} pp, worst {absolute[worst]:.1f} "
          f"({rows[worst]['run']}, {signed[worst]:+.1f}), signed {sum(signed) / len(rows):+.1f}, "
          f"{low} of {len(rows)} too low")
    if by_mode:
        for mode in sorted({r["subscription"] for r in rows}):
            line(f"  {mode}", [r for r in rows if r["subscription"] == mode])


if __name__ == "__main__":
    main(sys.argv[1:])
