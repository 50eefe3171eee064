#!/usr/bin/env python3
"""Session Y's own scatter (issue 17): per setup Y's three runs, their mean and sd, beside the same setup's session
means in the earlier v1272 sessions (S, R, W, X); pooled, the sd of one run within Y (and within S, which repeated
the same eight setups three times), the sd of the session means between sessions, and the between-session part of
it (the variance of the session means less what the within-session sd explains, floor.py's sd_b, over the same
eight setups only).

    python3 calibration/python-runs-y/scatter.py --out FILE [--residuals CSV]

--residuals CSV (a calibrate --table .csv of the runs copied by floor.py --copies) judges each run's measured less
predicted ratio in place of its measured ratio, as floor.py does. Contaminated runs are left out (floor.py's read).
Standard library only.
"""
import csv
import importlib.util
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outfile  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("floor", os.path.join(HERE, "..", "python-pooled", "floor.py"))
floor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(floor)

EARLIER = ["calibration/python-runs-s", "calibration/python-runs-r", "calibration/python-runs-w",
           "calibration/python-runs-x"]
Y = "calibration/python-runs-y"


def pooled_sd(groups):
    ss = sum(sum((x - statistics.fmean(g)) ** 2 for x in g) for g in groups if len(g) > 1)
    dof = sum(len(g) - 1 for g in groups if len(g) > 1)
    return (math.sqrt(ss / dof) if dof else float("nan")), dof


def between(cells, setups, folders, sd_w):
    """(pooled sd of the session means about their setup's mean, dof, sd_b) over setups with 2+ of folders."""
    groups, terms = [], []
    for s in setups:
        by = [cells[s][f] for f in folders if f in cells[s]]
        if len(by) > 1:
            means = [statistics.fmean(xs) for xs in by]
            groups.append(means)
            terms.append(statistics.variance(means) - statistics.fmean([sd_w ** 2 / len(xs) for xs in by]))
    sd, dof = pooled_sd(groups)
    return sd, dof, math.sqrt(max(0.0, statistics.fmean(terms))) if terms else float("nan")


def main(argv):
    if len(argv) not in (2, 4) or argv[0] != "--out" or (len(argv) == 4 and argv[2] != "--residuals"):
        print("usage: scatter.py --out FILE [--residuals CSV]", file=sys.stderr)
        return 2
    outfile.check(argv[1])
    os.chdir(os.path.join(HERE, "..", ".."))
    residuals = None
    if len(argv) == 4:
        with open(argv[3]) as f:
            residuals = {r["run"]: float(r["predicted_ratio"]) * 100 for r in csv.DictReader(f)}
    left_out = []
    cells = floor.read(EARLIER + [Y], left_out, residuals)
    setups = sorted((s for s in cells if Y in cells[s]), key=lambda s: (int(s.split("-n")[1].split("-")[0]), s))
    names = [os.path.basename(f).replace("python-runs-", "").upper() for f in EARLIER]
    lines = ["# Session Y's scatter beside the earlier v1272 sessions'", "", "Made by:", "", "```bash",
             "python3 calibration/python-runs-y/scatter.py " + " ".join(argv), "```", ""]
    if residuals is not None:
        lines += ["Each run's measured less predicted ratio (pp) in place of its measured ratio.", ""]
    lines += [f"Left out as contaminated: {', '.join(left_out) if left_out else 'none'}.", "",
              "| setup | Y runs % | Y mean | Y sd | " + " | ".join(f"{n} mean (runs)" for n in names)
              + " | sd of session means S-X | Y mean less S-X mean |", "|---" * (6 + len(names)) + "|"]
    shifts = []
    for s in setups:
        ys = cells[s][Y]
        cols = []
        for f in EARLIER:
            xs = cells[s].get(f)
            cols.append(f"{statistics.fmean(xs):.1f} ({len(xs)})" if xs else "-")
        means = [statistics.fmean(cells[s][f]) for f in EARLIER if f in cells[s]]
        shift = statistics.fmean(ys) - statistics.fmean(means)
        shifts.append(shift)
        lines.append(f"| {s} | {', '.join(f'{x:.1f}' for x in ys)} | {statistics.fmean(ys):.1f} | "
                     f"{statistics.stdev(ys):.1f} | " + " | ".join(cols)
                     + f" | {statistics.stdev(means):.1f} | {shift:+.1f} |")
    sd_y, dof_y = pooled_sd([cells[s][Y] for s in setups])
    sd_s, dof_s = pooled_sd([cells[s].get(EARLIER[0], []) for s in setups])
    sd_w, dof_w = pooled_sd([cells[s][f] for s in setups for f in EARLIER + [Y] if f in cells[s]])
    sd_m4, dof_m4, sd_b4 = between(cells, setups, EARLIER, sd_w)
    sd_m5, dof_m5, sd_b5 = between(cells, setups, EARLIER + [Y], sd_w)
    lines += ["", f"Setups: {len(setups)}.", "",
              "| scatter over these setups | sd pp | dof |", "|---|---|---|",
              f"| one run within Y (pooled) | {sd_y:.2f} | {dof_y} |",
              f"| one run within S (pooled) | {sd_s:.2f} | {dof_s} |",
              f"| one run within a session, every session with repeats (sd_w) | {sd_w:.2f} | {dof_w} |",
              f"| session means about the setup's mean, S R W X (pooled) | {sd_m4:.2f} | {dof_m4} |",
              f"| session means about the setup's mean, S R W X Y (pooled) | {sd_m5:.2f} | {dof_m5} |",
              f"| between sessions beyond sd_w (sd_b), S R W X | {sd_b4:.2f} | - |",
              f"| between sessions beyond sd_w (sd_b), S R W X Y | {sd_b5:.2f} | - |",
              "", f"Y's setup means less the earlier sessions' mean of means: {statistics.fmean(shifts):+.1f} pp on "
              f"average over the {len(setups)} setups (sd {statistics.stdev(shifts):.1f}).", ""]
    outfile.write(argv[1], "\n".join(lines))
    print("\n".join(lines[-14:]))
    return 0


if __name__ == "__main__":
    outfile.main("scatter.py", main)
