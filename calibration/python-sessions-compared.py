#!/usr/bin/env python3
"""Two measuring sessions of one host kind, setup by setup (issue 17): each setup's mean delivery ratio in session A
and in session B, B less A, and whether that is beyond the runs' repeat scatter (a two-sided t test at 95 % on the
pooled sd of one run over both sessions' runs of that setup; `-` where neither side has a repeat).

    python-sessions-compared.py --out FILE A_FOLDER B_FOLDER

Runs the run's contamination guard marked (environment.contaminated) are left out, as `fanoutsim calibrate` leaves
them, and named. Standard library only; bad input => one line, exit 2; an output that cannot be written => one
line, exit 3, before any work.
"""
import glob
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from student_t import t95  # noqa: E402


def setup_of(path: str) -> str:
    return re.sub(r"\.r\d+$", "", os.path.basename(path)[:-len(".json")])


def read_folder(folder: str, left_out: list) -> dict:
    runs = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        try:
            with open(path) as f:
                run = json.load(f)
            ratio = float(run["metrics"]["delivery_ratio"]) * 100
        except (OSError, KeyError, TypeError, ValueError) as e:
            print(f"{path}: not a measured run ({e})", file=sys.stderr)
            sys.exit(2)
        if (run.get("environment") or {}).get("contaminated") in ("true", True):
            left_out.append(os.path.relpath(path, os.path.dirname(folder.rstrip("/"))))
            continue
        runs.setdefault(setup_of(path), []).append(ratio)
    return runs


def mean(xs):
    return sum(xs) / len(xs)


def main(argv):
    if len(argv) != 4 or argv[0] != "--out":
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out, a_dir, b_dir = argv[1], argv[2], argv[3]
    if not os.path.isdir(os.path.dirname(os.path.abspath(out))):
        print(f"{out}: cannot write (no such folder)", file=sys.stderr)
        return 3
    for folder in (a_dir, b_dir):
        if not glob.glob(os.path.join(folder, "*.json")):
            print(f"{folder}: no run files (*.json)", file=sys.stderr)
            return 2
    left_out = []
    a, b = read_folder(a_dir, left_out), read_folder(b_dir, left_out)
    a_name, b_name = os.path.basename(a_dir.rstrip("/")), os.path.basename(b_dir.rstrip("/"))
    lines = ["# Two sessions of one host kind, setup by setup", "",
             f"Made by: `python3 calibration/python-sessions-compared.py --out {out} {a_dir} {b_dir}`", "",
             "Left out, contaminated: " + (", ".join(left_out) if left_out else "none") + ".", "",
             f"| setup | {a_name} runs | {a_name} mean % | {b_name} runs | {b_name} mean % | {b_name} less {a_name} pp "
             "| sd of one run pp | t (dof) | beyond scatter |",
             "|---|---|---|---|---|---|---|---|---|"]
    diffs = []
    for setup in sorted(set(a) & set(b), key=lambda s: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", s)]):
        xa, xb = a[setup], b[setup]
        d = mean(xb) - mean(xa)
        diffs.append(d)
        dof = len(xa) + len(xb) - 2
        ss = sum((x - mean(xa)) ** 2 for x in xa) + sum((x - mean(xb)) ** 2 for x in xb)
        if dof > 0 and ss > 0 and (len(xa) > 1 or len(xb) > 1):
            sd = math.sqrt(ss / dof)
            t = d / (sd * math.sqrt(1 / len(xa) + 1 / len(xb)))
            sd_s, t_s, beyond = f"{sd:.1f}", f"{t:+.2f} ({dof})", "yes" if abs(t) > t95(dof) else "no"
        else:
            sd_s, t_s, beyond = "-", "-", "-"
        lines.append(f"| {setup} | {len(xa)} | {mean(xa):.1f} | {len(xb)} | {mean(xb):.1f} | {d:+.1f} | {sd_s} "
                     f"| {t_s} | {beyond} |")
    lines += ["", f"Setups in both: {len(diffs)}; mean {b_name} less {a_name} {mean(diffs):+.1f} pp, "
              f"mean |difference| {mean([abs(d) for d in diffs]):.1f} pp." if diffs else "No setup in both.", ""]
    try:
        with open(out + ".tmp", "w") as f:
            f.write("\n".join(lines))
        os.replace(out + ".tmp", out)
    except OSError as e:
        print(f"{out}: cannot write ({e})", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
