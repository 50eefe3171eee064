#!/usr/bin/env python3
"""A Python session's own scatter (issue 17): per setup the held session's runs, their mean and sd, beside the same
setup's session means in earlier sessions; pooled, the sd of one run within the held session (and within the first
earlier one, S by default, which repeated Y's eight setups three times), the sd of the session means between sessions,
and the between-session part of it (the variance of the session means less what the within-session sd explains,
floor.py's sd_b, over the held session's setups only).

    python3 calibration/python-pooled/scatter.py --out FILE [--residuals CSV] [--session FOLDER]
        [--earlier FOLDER,FOLDER...]

--session: the held session (default python-runs-y); --earlier: the sessions it is set beside (default
python-runs-s,python-runs-r,python-runs-w,python-runs-x), folders under calibration/. --residuals CSV (a calibrate
--table .csv of the runs copied by floor.py --copies) judges each run's measured less predicted ratio in place of its
measured ratio, as floor.py does. Contaminated runs are left out (floor.py's read). Standard library only.
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

DEFAULT_SESSION = "python-runs-y"
DEFAULT_EARLIER = ["python-runs-s", "python-runs-r", "python-runs-w", "python-runs-x"]
USAGE = "usage: scatter.py --out FILE [--residuals CSV] [--session FOLDER] [--earlier FOLDER,FOLDER...]"


def letter(folder):
    return os.path.basename(folder).replace("python-runs-", "").upper()


def parse(argv):
    """(out, residuals csv or None, held folder, earlier folders), or None on bad input."""
    opts, rest = {}, list(argv)
    while rest:
        if len(rest) < 2 or rest[0] not in ("--out", "--residuals", "--session", "--earlier") or rest[0] in opts:
            return None
        opts[rest[0]] = rest[1]
        rest = rest[2:]
    if "--out" not in opts:
        return None
    earlier = opts.get("--earlier", ",".join(DEFAULT_EARLIER)).split(",")
    held = opts.get("--session", DEFAULT_SESSION)
    if held in earlier or not all(earlier):
        return None
    return opts["--out"], opts.get("--residuals"), "calibration/" + held, ["calibration/" + f for f in earlier]


def sd_text(sd, dof):
    return f"{sd:.2f}" if dof else "-"


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
    parsed = parse(argv)
    if parsed is None:
        print(USAGE, file=sys.stderr)
        return 2
    out, residuals_csv, held, earlier = parsed
    outfile.check(out)
    os.chdir(os.path.join(HERE, "..", ".."))
    for folder in earlier + [held]:
        if not os.path.isdir(folder):
            print(f"scatter.py: no session folder {folder}", file=sys.stderr)
            return 2
    residuals = None
    if residuals_csv is not None:
        with open(residuals_csv) as f:
            residuals = {r["run"]: float(r["predicted_ratio"]) * 100 for r in csv.DictReader(f)}
    left_out = []
    cells = floor.read(earlier + [held], left_out, residuals)
    setups = sorted((s for s in cells if held in cells[s]), key=lambda s: (int(s.split("-n")[1].split("-")[0]), s))
    names = [letter(f) for f in earlier]
    y, first, all_earlier = letter(held), names[0], " ".join(names)
    span = f"{names[0]}-{names[-1]}"
    lines = [f"# Session {y}'s scatter beside the earlier v1272 sessions'", "", "Made by:", "", "```bash",
             "python3 calibration/python-pooled/scatter.py " + " ".join(argv), "```", ""]
    if residuals is not None:
        lines += ["Each run's measured less predicted ratio (pp) in place of its measured ratio.", ""]
    lines += [f"Left out as contaminated: {', '.join(left_out) if left_out else 'none'}.", "",
              f"| setup | {y} runs % | {y} mean | {y} sd | " + " | ".join(f"{n} mean (runs)" for n in names)
              + f" | sd of session means {span} | {y} mean less {span} mean |", "|---" * (6 + len(names)) + "|"]
    shifts = []
    for s in setups:
        ys = cells[s][held]
        cols = []
        for f in earlier:
            xs = cells[s].get(f)
            cols.append(f"{statistics.fmean(xs):.1f} ({len(xs)})" if xs else "-")
        means = [statistics.fmean(cells[s][f]) for f in earlier if f in cells[s]]
        spread = f"{statistics.stdev(means):.1f}" if len(means) > 1 else "-"
        shift = "-"
        if means:
            shifts.append(statistics.fmean(ys) - statistics.fmean(means))
            shift = f"{shifts[-1]:+.1f}"
        lines.append(f"| {s} | {', '.join(f'{x:.1f}' for x in ys)} | {statistics.fmean(ys):.1f} | "
                     f"{statistics.stdev(ys) if len(ys) > 1 else float('nan'):.1f} | " + " | ".join(cols)
                     + f" | {spread} | {shift} |")
    sd_y, dof_y = pooled_sd([cells[s][held] for s in setups])
    sd_s, dof_s = pooled_sd([cells[s].get(earlier[0], []) for s in setups])
    sd_w, dof_w = pooled_sd([cells[s][f] for s in setups for f in earlier + [held] if f in cells[s]])
    sd_m4, dof_m4, sd_b4 = between(cells, setups, earlier, sd_w)
    sd_m5, dof_m5, sd_b5 = between(cells, setups, earlier + [held], sd_w)
    lines += ["", f"Setups: {len(setups)}.", "",
              "| scatter over these setups | sd pp | dof |", "|---|---|---|",
              f"| one run within {y} (pooled) | {sd_text(sd_y, dof_y)} | {dof_y} |",
              f"| one run within {first} (pooled) | {sd_text(sd_s, dof_s)} | {dof_s} |",
              f"| one run within a session, every session with repeats (sd_w) | {sd_text(sd_w, dof_w)} | {dof_w} |",
              f"| session means about the setup's mean, {all_earlier} (pooled) | {sd_text(sd_m4, dof_m4)} | {dof_m4} |",
              f"| session means about the setup's mean, {all_earlier} {y} (pooled) | {sd_text(sd_m5, dof_m5)} | {dof_m5} |",
              f"| between sessions beyond sd_w (sd_b), {all_earlier} | {sd_b4:.2f} | - |",
              f"| between sessions beyond sd_w (sd_b), {all_earlier} {y} | {sd_b5:.2f} | - |",
              "", f"{y}'s setup means less the earlier sessions' mean of means: {statistics.fmean(shifts):+.1f} pp on "
              f"average over the {len(setups)} setups (sd {statistics.stdev(shifts):.1f}).", ""]
    outfile.write(out, "\n".join(lines))
    print("\n".join(lines[-14:]))
    return 0


if __name__ == "__main__":
    outfile.main("scatter.py", main)
