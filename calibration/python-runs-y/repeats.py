#!/usr/bin/env python3
"""How many runs a setup one session needs (issue 17): the floor of one session's setup means, i.e. what a model
that knew every setup's true mean (over sessions) would at best score on one session, with n runs of each setup,
at the sd within (sd_w) and between (sd_b) sessions that a floor.py table states. A session's setup mean of n runs
misses the true mean by N(0, sqrt(sd_w^2 / n + sd_b^2)): the floor is sqrt(2/pi) x that on average and the expected
largest |miss| over the session's setups (floor.py's Monte Carlo, 20000 draws, fixed seed) at worst, for 8 setups
(session Y's) and 21 (a whole python-a sweep). The goal is mean <= 3 pp, worst <= 8 pp.

    python3 calibration/python-runs-y/repeats.py --out FILE FLOOR.md

Standard library only.
"""
import importlib.util
import math
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outfile  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("floor", os.path.join(HERE, "..", "python-pooled", "floor.py"))
floor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(floor)
GOAL = (3.0, 8.0)
SETUPS = (8, 21)
RUNS = (1, 2, 3, 4, 5, 6, 8, 10, 12)


def main(argv):
    if len(argv) != 3 or argv[0] != "--out":
        print("usage: repeats.py --out FILE FLOOR.md", file=sys.stderr)
        return 2
    outfile.check(argv[1])
    with open(argv[2]) as f:
        text = f.read()
    m = re.search(r"\(sd_w\): ([0-9.]+) pp.*?\(sd_b\): ([0-9.]+) pp", text)
    if not m:
        print(f"{argv[2]}: no sd_w / sd_b line (not a floor.py table)", file=sys.stderr)
        return 2
    sd_w, sd_b = float(m.group(1)), float(m.group(2))
    k = math.sqrt(2 / math.pi)
    lines = ["# Floor of one session's setup means against the number of runs a setup", "", "Made by:", "",
             "```bash", "python3 calibration/python-runs-y/repeats.py " + " ".join(argv), "```", "",
             f"From {argv[2]}: sd within a session sd_w {sd_w:.2f} pp, between sessions sd_b {sd_b:.2f} pp.", "",
             "| runs a setup | sd of a setup mean pp | " + " | ".join(f"{s} setups: mean / worst pp" for s in SETUPS)
             + " |", "|---|---|" + "---|" * len(SETUPS)]
    first = {}
    for n in RUNS + (math.inf,):
        sd = math.sqrt(sd_w ** 2 / n + sd_b ** 2)
        cells = []
        for s in SETUPS:
            mean, worst = k * sd, floor.expected_worst([sd] * s) if sd > 0 else 0.0
            ok = mean <= GOAL[0] and worst <= GOAL[1]
            if ok and s not in first:
                first[s] = n
            cells.append(f"{mean:.1f} / {worst:.1f}{' (goal met)' if ok else ''}")
        label = "unlimited" if n == math.inf else str(n)
        lines.append(f"| {label} | {sd:.2f} | " + " | ".join(cells) + " |")
    lines.append("")
    for s in SETUPS:
        if s in first:
            lines.append(f"{s} setups: the goal ({GOAL[0]:g} / {GOAL[1]:g}) is within the floor from "
                         f"{'unlimited' if first[s] == math.inf else first[s]} runs a setup (of those tabled).")
        else:
            lines.append(f"{s} setups: the goal is below the floor at any number of runs (sd_b alone).")
    lines.append("")
    outfile.write(argv[1], "\n".join(lines))
    print("\n".join(lines[8:]))
    return 0


if __name__ == "__main__":
    outfile.main("repeats.py", main)
