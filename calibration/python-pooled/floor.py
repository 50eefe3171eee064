#!/usr/bin/env python3
"""The floor of a pooled Python dataset (issue 17): how closely a model that knew each setup's true mean on this
host kind could at best predict the mean of that setup's measured runs, when the runs of several measuring sessions
(one folder each) count as repeats of one setup.

    floor.py --out FILE [--residuals CSV] FOLDER...
    floor.py --copies DIR FOLDER...

--copies writes each clean run once more into DIR with the setup name SESSION__SETUP__rK (SESSION: the folder's name
directly under calibration/, else PARENT-FOLDER, e.g. python-runs-ag-session), so that `fanoutsim
calibrate DIR/*.json --predict-only --table T.md` predicts every run alone (at its own speed indexes) instead of
joining the repeats; --residuals T.csv (that table's .csv) then judges each run's measured less predicted ratio in
place of its measured ratio: the scatter the speed rule of that prediction leaves unexplained.

Per setup: its runs in each folder, their mean, the sd of one run over every run, and the sd within a session. The
variance of one run is split into a within-session part (sd_w, pooled over setup-session cells with 2+ runs) and a
between-session part (sd_b^2: the session means' variance less what sd_w explains, pooled over setups measured in
2+ sessions, at least 0). A setup mean of n runs from sessions of n_k runs then scatters by
sqrt(sd_w^2 / n + sd_b^2 x sum(n_k^2) / n^2) around the true mean: the floor is sqrt(2/pi) x that, on average over
the setups, and the expected worst |miss| over them (Monte Carlo, 20000 draws, fixed seed). The same floor with the
runs taken as independent (sd of one run over all runs, the between-session part in it) is given beside, and the
floor of each session's own setup means (what the by-session check predicts): sqrt(sd_w^2 / n + sd_b^2), and of
every session's means together (what leave one session out scores over all of them), also split into the means of
three or more runs and those of one or two. Contaminated runs
(environment.contaminated) are left out and named. Standard library only; bad input => one line, exit 2; an --out
whose folder is missing or not writable => one line, exit 3, before any work; Ctrl-C => exit 130, nothing written.
"""
import csv
import glob
import json
import math
import os
import random
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import outfile  # noqa: E402


def session_of(folder):
    """A session's name: its folder's directly under calibration/, else parent-folder (python-runs-ag/session and
    python-runs-af/session are two sessions, not one called session)."""
    parts = os.path.normpath(folder).split(os.sep)
    return parts[-1] if len(parts) < 2 or parts[-2] == "calibration" else f"{parts[-2]}-{parts[-1]}"


def setup_of(path):
    return re.sub(r"\.r\d+$", "", os.path.basename(path)[:-len(".json")])


def read(folders, left_out, residuals=None, copies=None):
    cells = {}  # setup -> folder -> [ratio %]
    for folder in folders:
        paths = sorted(glob.glob(os.path.join(folder, "*.json")))
        if not paths:
            raise ValueError(f"{folder}: no run files (*.json)")
        for path in paths:
            with open(path) as f:
                run = json.load(f)
            if (run.get("environment") or {}).get("contaminated") in ("true", True):
                left_out.append(path)
                continue
            ratio = float(run["metrics"]["delivery_ratio"]) * 100
            done = cells.get(setup_of(path), {}).get(folder.rstrip("/"), [])
            key = f"{session_of(folder)}__{setup_of(path)}__r{len(done) + 1}"
            if copies is not None:
                run["setup"]["name"] = key
                with open(os.path.join(copies, key + ".json"), "w") as f:
                    json.dump(run, f)
            if residuals is not None:
                ratio -= residuals[key]
            cells.setdefault(setup_of(path), {}).setdefault(folder.rstrip("/"), []).append(ratio)
    return cells


def expected_worst(sds, draws=20000, seed=17):
    rng = random.Random(seed)
    return sum(max(abs(rng.gauss(0, s)) for s in sds) for _ in range(draws)) / draws


def main(argv):
    if len(argv) < 3 or argv[0] not in ("--out", "--copies"):
        print(__doc__.strip().splitlines()[4].strip(), file=sys.stderr)
        return 2
    if argv[0] == "--copies":
        left_out = []
        os.makedirs(argv[1], exist_ok=True)
        read(argv[2:], left_out, copies=argv[1])
        return 0
    out, folders = argv[1], argv[2:]
    try:
        outfile.check(out)
    except OSError as e:
        print(f"floor.py: {e}", file=sys.stderr)
        return 3
    residuals = None
    if folders and folders[0] == "--residuals":
        with open(folders[1]) as f:
            residuals = {r["run"]: float(r["predicted_ratio"]) * 100 for r in csv.DictReader(f)}
        folders = folders[2:]
    left_out = []
    try:
        cells = read(folders, left_out, residuals)
    except (OSError, KeyError, TypeError, ValueError) as e:
        print(f"not a measured run set: {e}", file=sys.stderr)
        return 2
    ss_w = dof_w = 0.0
    ss_t = dof_t = 0.0
    b_terms = []
    for setup, by in cells.items():
        for xs in by.values():
            if len(xs) > 1:
                m = statistics.fmean(xs)
                ss_w += sum((x - m) ** 2 for x in xs)
                dof_w += len(xs) - 1
        allx = [x for xs in by.values() for x in xs]
        if len(allx) > 1:
            m = statistics.fmean(allx)
            ss_t += sum((x - m) ** 2 for x in allx)
            dof_t += len(allx) - 1
    sd_w = math.sqrt(ss_w / dof_w) if dof_w else float("nan")
    for setup, by in cells.items():
        if len(by) > 1:
            means = [statistics.fmean(xs) for xs in by.values()]
            b_terms.append(statistics.variance(means) - statistics.fmean([sd_w ** 2 / len(xs) for xs in by.values()]))
    var_b = max(0.0, statistics.fmean(b_terms)) if b_terms else 0.0
    sd_t = math.sqrt(ss_t / dof_t) if dof_t else float("nan")
    lines = ["# Floor of the pooled Python dataset", "", "Made by:", "", "```bash",
             "python3 calibration/python-pooled/floor.py --out " + out + " " + " ".join(argv[2:]), "```", ""]
    if residuals is not None:
        lines += ["Each run's measured less predicted ratio (pp) in place of its measured ratio.", ""]
    if left_out:
        lines += [f"Left out as contaminated: {', '.join(left_out)}.", ""]
    lines += ["| setup | runs by session | mean % | sd of one run (all) | mean of each session % |",
              "|---|---|---|---|---|"]
    sds_c, sds_i = [], []
    for setup in sorted(cells, key=lambda s: (int(re.search(r"-n(\d+)", s).group(1)), s)):
        by = cells[setup]
        allx = [x for xs in by.values() for x in xs]
        n = len(allx)
        nk2 = sum(len(xs) ** 2 for xs in by.values())
        sds_c.append(math.sqrt(sd_w ** 2 / n + var_b * nk2 / n ** 2))
        sds_i.append(sd_t / math.sqrt(n))
        sd1 = f"{statistics.stdev(allx):.1f}" if n > 1 else "-"
        counts = " + ".join(f"{session_of(k)} {len(v)}" for k, v in by.items())
        means = ", ".join(f"{statistics.fmean(v):.1f}" for v in by.values())
        lines.append(f"| {setup} | {counts} | {statistics.fmean(allx):.1f} | {sd1} | {means} |")
    k = math.sqrt(2 / math.pi)
    lines += ["", f"Setups: {len(cells)}; runs: {sum(len(xs) for by in cells.values() for xs in by.values())}.",
              f"sd of one run within a session (sd_w): {sd_w:.2f} pp on {int(dof_w)} dof; between sessions (sd_b): "
              f"{math.sqrt(var_b):.2f} pp ({len(b_terms)} setups in 2+ sessions); one run over all sessions: "
              f"{sd_t:.2f} pp on {int(dof_t)} dof.", "",
              "| floor of a setup mean | mean abs miss pp | expected worst abs miss pp |", "|---|---|---|",
              f"| sessions as a component (sd_w, sd_b) | {k * statistics.fmean(sds_c):.1f} | "
              f"{expected_worst(sds_c):.1f} |",
              f"| runs independent (sd of one run over all) | {k * statistics.fmean(sds_i):.1f} | "
              f"{expected_worst(sds_i):.1f} |"]
    sds_all, runs_all = [], []
    for folder in folders:
        counts = [len(by[folder.rstrip("/")]) for by in cells.values() if folder.rstrip("/") in by]
        sds_f = [math.sqrt(sd_w ** 2 / n + var_b) for n in counts]
        sds_all += sds_f
        runs_all += counts
        lines.append(f"| one session's means ({session_of(folder)}, {len(sds_f)} setups; "
                     f"sd_w^2 / n + sd_b^2) | {k * statistics.fmean(sds_f):.1f} | {expected_worst(sds_f):.1f} |")
    # What a leave-one-session-out check scores at best: every session's means, each predicted from the others; and
    # the same split by how many runs a session gave the setup (a mean of one or two runs scatters most).
    lines.append(f"| every session's means together ({len(sds_all)} session-setup means; leave one session out) | "
                 f"{k * statistics.fmean(sds_all):.1f} | {expected_worst(sds_all):.1f} |")
    for label, keep in (("of three or more runs", lambda n: n >= 3), ("of one or two runs", lambda n: n < 3)):
        part = [sd for sd, n in zip(sds_all, runs_all) if keep(n)]
        if part:
            lines.append(f"| every session's means {label} ({len(part)}) | {k * statistics.fmean(part):.1f} | "
                         f"{expected_worst(part):.1f} |")
    lines.append("")
    outfile.write(out, "\n".join(lines))
    print("\n".join(lines[next(i for i, line in enumerate(lines) if line.startswith("Setups: ")):]))
    return 0


if __name__ == "__main__":
    outfile.main("floor.py", main, errors=(OSError, KeyError, TypeError, ValueError))
