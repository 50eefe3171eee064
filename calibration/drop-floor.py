#!/usr/bin/env python3
"""The floor of the drop setups (issue 13): how closely a perfect model, one that knew each setup's true mean
delivery, could at best predict the mean of that setup's measured runs, given the runs' own scatter.

    calibration/drop-floor.py [--out FILE] [--errors CSV] [--goal MEAN/WORST] [--scatter PP] [--calm PCT] [FOLDER...]

FOLDER: run files (default calibration/drop-runs; several folders pool their runs); a setup is a file name less
`.rK`; `*.ss.json` and runs flagged `environment.contaminated` are left out (named). The approach is
calibration/python-pooled/floor.py's, with two changes the drop runs need:
- A session is one `calibration/run-local` invocation, read from the run's `environment.network_namespace`
  (`fanoutsim-cal-<its pid>`), not a folder: the repeats of one folder were measured in several invocations.
  sd_w (pooled within-session sd of one run, over setup-session cells with 2+ runs) and sd_b (the session means'
  variance less what sd_w explains, over setups in 2+ sessions, at least 0) are floor.py's; a setup mean of n runs
  from sessions of n_k runs scatters by sqrt(sd_w^2 / n + sd_b^2 x sum(n_k^2) / n^2).
- The scatter is far from equal across setups (0.1 pp of one run at 99 % delivered, 18 pp where subscribers starve),
  so beside the pooled floor a per-setup one: each setup's own sd of one run over its runs (all sessions); a setup
  of one run borrows the pooled sd of one run of the calm setups (2+ runs, mean >= --calm, default 95 %).
The floor of a setup set: the expected mean |miss| is sqrt(2/pi) x the mean of the setup means' sds, the expected
worst |miss| a Monte Carlo over normal misses (20000 draws, fixed seed; floor.py's). Then the repeats the goal
(--goal, default 2/6 pp) needs: the per-setup floor with every scattering setup (own sd of one run >= --scatter,
default 4 pp) measured n times, for n from its present count up. --errors: a `calibrate --table` CSV (columns run,
measured_ratio, abs_error_pp) whose misses are set beside each setup mean's sd. With several folders, each setup
measured in two or more of them is compared folder by folder (each folder after the first against the other
folders' runs: difference of the means, its sd, and a two-sided permutation p). Standard library only; bad input =>
one line, exit 2.
"""
import argparse
import csv
import glob
import itertools
import json
import math
import os
import random
import re
import statistics
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import outfile  # noqa: E402
K = math.sqrt(2 / math.pi)


def shown(path):
    """A path as the Made-by line gives it: from the repository's root when inside it."""
    full = os.path.abspath(path)
    return os.path.relpath(full, ROOT) if full.startswith(ROOT + os.sep) else path


def setup_of(path):
    return re.sub(r"\.r\d+$", "", os.path.basename(path)[:-len(".json")])


def read(folders, left_out, by_folder=None):
    cells = {}  # setup -> session -> [ratio %]
    for folder in folders:
        paths = sorted(p for p in glob.glob(os.path.join(folder, "*.json")) if not p.endswith(".ss.json"))
        if not paths:
            raise ValueError(f"{folder}: no run files (*.json)")
        for path in paths:
            try:
                with open(path) as f:
                    run = json.load(f)
                env = run.get("environment") or {}
                if env.get("contaminated") in ("true", True):
                    left_out.append(shown(path))
                    continue
                ratio = float(run["metrics"]["delivery_ratio"]) * 100
            except (KeyError, TypeError, ValueError) as e:
                raise ValueError(f"{path}: not a measured run ({e})") from None
            session = env.get("network_namespace") or f"{folder}:{os.path.basename(path)}"
            cells.setdefault(setup_of(path), {}).setdefault(session, []).append(ratio)
            if by_folder is not None:
                by_folder.setdefault(setup_of(path), {}).setdefault(folder, []).append(ratio)
    return cells


def permutation_p(xs, ys, draws=20000, seed=17):
    """Two-sided permutation p of the difference of two samples' means: the share of the ways to split the pooled
    runs into groups of len(xs) and len(ys) whose means differ at least as much (all splits when there are at most
    `draws`, else `draws` random ones, fixed seed)."""
    pooled, k = xs + ys, len(xs)
    total = sum(pooled)
    observed = abs(statistics.fmean(xs) - statistics.fmean(ys)) - 1e-9

    def far(group_sum):
        return abs(group_sum / k - (total - group_sum) / (len(pooled) - k)) >= observed
    if math.comb(len(pooled), k) <= draws:
        splits = [far(sum(c)) for c in itertools.combinations(pooled, k)]
    else:
        rng = random.Random(seed)
        splits = [far(sum(rng.sample(pooled, k))) for _ in range(draws)]
    return sum(splits) / len(splits)


def folder_rows(by_folder, folders, order):
    """Each setup measured in 2+ folders: each folder after the first against the other folders' runs (difference
    of means, its sd from the two groups' pooled sd of one run, and the permutation p)."""
    rows = []
    for s in order:
        groups = by_folder.get(s, {})
        if len(groups) < 2:
            continue
        for folder in folders[1:]:
            xs = groups.get(folder)
            if not xs:
                continue
            ys = [y for f, g in groups.items() if f != folder for y in g]
            dof = len(xs) + len(ys) - 2
            ss = sum((x - statistics.fmean(xs)) ** 2 for x in xs) + sum((y - statistics.fmean(ys)) ** 2 for y in ys)
            sd = math.sqrt(ss / dof) if dof else 0.0
            diff = statistics.fmean(xs) - statistics.fmean(ys)
            sd_diff = sd * math.sqrt(1 / len(xs) + 1 / len(ys))
            sd_text = f"{statistics.stdev(xs):.1f}" if len(xs) > 1 else "-"
            rows.append(f"| {s} | {shown(folder)} | {len(xs)} | {statistics.fmean(xs):.1f} | {sd_text} | "
                        f"{statistics.fmean(ys):.1f} ({len(ys)}) | {diff:+.1f} | {sd_diff:.1f} | "
                        + (f"{diff / sd_diff:+.1f}" if sd_diff > 0 else "-")
                        + f" | {permutation_p(xs, ys):.2f} |")
    return rows


def floor_of(sds, goal, draws=20000, seed=17):
    """Expected mean |miss| (sqrt(2/pi) x the mean sd), expected worst |miss| (Monte Carlo over normal misses, as
    floor.py), and the chances that the mean and the worst |miss| of one draw are within the goal's."""
    rng = random.Random(seed)
    worst_sum = mean_ok = worst_ok = 0
    for _ in range(draws):
        miss = [abs(rng.gauss(0, s)) for s in sds]
        worst = max(miss)
        worst_sum += worst
        mean_ok += statistics.fmean(miss) <= goal[0]
        worst_ok += worst <= goal[1]
    return K * statistics.fmean(sds), worst_sum / draws, mean_ok / draws, worst_ok / draws


def components(cells):
    ss_w = dof_w = 0.0
    for by in cells.values():
        for xs in by.values():
            if len(xs) > 1:
                m = statistics.fmean(xs)
                ss_w += sum((x - m) ** 2 for x in xs)
                dof_w += len(xs) - 1
    sd_w = math.sqrt(ss_w / dof_w) if dof_w else 0.0
    b_terms = [statistics.variance([statistics.fmean(xs) for xs in by.values()])
               - statistics.fmean([sd_w ** 2 / len(xs) for xs in by.values()])
               for by in cells.values() if len(by) > 1]
    var_b = max(0.0, statistics.fmean(b_terms)) if b_terms else 0.0
    return sd_w, int(dof_w), var_b, len(b_terms)


def parse_goal(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)", text)
    if not m:
        raise ValueError(f"--goal {text}: expected MEAN/WORST in pp, e.g. 2/6")
    return float(m.group(1)), float(m.group(2))


def main(argv):
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--out")
    ap.add_argument("--errors")
    ap.add_argument("--goal", default="2/6")
    ap.add_argument("--scatter", type=float, default=4.0)
    ap.add_argument("--calm", type=float, default=95.0)
    ap.add_argument("--model-sd", action="append", default=[])
    ap.add_argument("--model-replications", type=int, default=3)
    ap.add_argument("folders", nargs="*")
    a, unknown = ap.parse_known_args(argv)
    if unknown:
        raise ValueError(f"unknown argument {unknown[0]} (see the file's header)")
    if a.out:
        outfile.check(a.out)
    goal = parse_goal(a.goal)
    goal_mean, goal_worst = goal
    folders = a.folders or [os.path.join(ROOT, "calibration", "drop-runs")]
    left_out = []
    by_folder = {}
    cells = read(folders, left_out, by_folder)
    errors = None
    if a.errors:
        with open(a.errors, newline="") as f:
            rows = list(csv.DictReader(f))
        if not rows or "abs_error_pp" not in rows[0] or "run" not in rows[0]:
            raise ValueError(f"{a.errors}: expected a `calibrate --table` CSV (columns run, abs_error_pp)")
        errors = {r["run"]: float(r["abs_error_pp"]) for r in rows}
        missing = sorted(set(cells) - set(errors))
        if missing:
            raise ValueError(f"{a.errors}: no row for setup {missing[0]}")

    sd_w, dof_w, var_b, n_b = components(cells)
    runs = {s: [x for xs in by.values() for x in xs] for s, by in cells.items()}
    own = {s: statistics.stdev(xs) for s, xs in runs.items() if len(xs) > 1}
    calm = [s for s in own if statistics.fmean(runs[s]) >= a.calm]
    if not calm:
        raise ValueError(f"no calm setup (2+ runs, mean >= {a.calm:g} %) to lend its sd to setups of one run")
    calm_sd = math.sqrt(sum(own[s] ** 2 * (len(runs[s]) - 1) for s in calm) / sum(len(runs[s]) - 1 for s in calm))
    sd1 = {s: own.get(s, calm_sd) for s in cells}
    model_sd = {}
    for item in a.model_sd:
        setup, _, value = item.partition("=")
        if setup not in cells or not re.fullmatch(r"\d+(?:\.\d+)?", value):
            raise ValueError(f"--model-sd {item}: expected SETUP=PP for one of the setups")
        model_sd[setup] = float(value)
    if a.model_replications < 1:
        raise ValueError("--model-replications: expected 1 or more")

    def sd_mean(s, n):
        """The setup's mean of n runs less the model's mean of --model-replications replications."""
        return math.sqrt(sd1[s] ** 2 / n + model_sd.get(s, 0.0) ** 2 / a.model_replications)
    order = sorted(cells, key=lambda s: (int(re.match(r"n(\d+)", s).group(1)) if re.match(r"n\d+", s) else 0, s))

    pooled, per_setup = [], []
    table = []
    for s in order:
        by, n = cells[s], len(runs[s])
        nk2 = sum(len(xs) ** 2 for xs in by.values())
        pooled.append(math.sqrt(sd_w ** 2 / n + var_b * nk2 / n ** 2))
        per_setup.append(sd_mean(s, n))
        sessions = " + ".join(str(len(xs)) for xs in by.values())
        sd_text = f"{own[s]:.1f}" if s in own else f"- ({calm_sd:.1f} lent)"
        row = (f"| {s} | {sessions} | {statistics.fmean(runs[s]):.1f} | "
               f"{', '.join(f'{x:.1f}' for x in runs[s])} | {sd_text}")
        row += f" | {per_setup[-1]:.1f} |"
        if errors is not None:
            row += f" {errors[s]:.1f} | {errors[s] / per_setup[-1]:.1f} |" if per_setup[-1] > 0 else \
                f" {errors[s]:.1f} | - |"
        table.append(row)

    cmd = "python3 calibration/drop-floor.py"
    for flag, value in (("--out", a.out), ("--errors", a.errors)):
        if value:
            cmd += f" {flag} {shown(value)}"
    if a.goal != "2/6":
        cmd += f" --goal {a.goal}"
    cmd += "".join(f" --model-sd {item}" for item in a.model_sd)
    if a.model_replications != 3:
        cmd += f" --model-replications {a.model_replications}"
    cmd += " " + " ".join(shown(f) for f in folders)
    lines = ["# Floor of the drop setups", "", "Made by:", "", "```bash", cmd, "```", ""]
    if left_out:
        lines += [textwrap.fill(f"Left out as contaminated: {', '.join(left_out)}.", 120), ""]
    head = "| setup | runs by session | mean % | runs % | sd of one run pp | sd of the setup mean pp |"
    rule = "|---|---|---|---|---|---|"
    if errors is not None:
        head += " model's abs miss pp | miss / sd of the mean |"
        rule += "---|---|"
    if model_sd:
        lines += [textwrap.fill("The model's own scatter added (--model-sd: the sd of one replication, pp, of "
                                + ", ".join(f"{s} {v:g}" for s, v in model_sd.items())
                                + f"; over {a.model_replications} replications): a setup mean's sd below is that "
                                "of the runs' mean less the model's.", 120, break_on_hyphens=False), ""]
    lines += [head, rule] + table
    f_pool, f_own = floor_of(pooled, goal), floor_of(per_setup, goal)
    lines += ["", textwrap.fill(f"Setups: {len(cells)}; runs: {sum(len(x) for x in runs.values())}; sessions: "
              f"{len({k for by in cells.values() for k in by})}. sd of one run within a session (sd_w): {sd_w:.2f} pp "
              f"on {dof_w} dof; between sessions (sd_b): {math.sqrt(var_b):.2f} pp ({n_b} setups in 2+ sessions). "
              f"Calm setups ({len(calm)}, 2+ runs, mean >= {a.calm:g} %): sd of one run {calm_sd:.2f} pp, lent to "
              f"the {len(cells) - len(own)} setups of one run.", 120), "",
              f"| floor of the setup means | mean abs miss pp | expected worst abs miss pp | chance mean <= "
              f"{goal_mean:g} pp | chance worst <= {goal_worst:g} pp |", "|---|---|---|---|---|",
              f"| pooled (sd_w, sd_b; floor.py's) | {f_pool[0]:.1f} | {f_pool[1]:.1f} | {f_pool[2]:.0%} | "
              f"{f_pool[3]:.0%} |",
              f"| per setup (its own sd of one run) | {f_own[0]:.1f} | {f_own[1]:.1f} | {f_own[2]:.0%} | "
              f"{f_own[3]:.0%} |"]
    if errors is not None:
        miss = [errors[s] for s in order]
        lines.append(f"| the model of --errors (for comparison) | {statistics.fmean(miss):.1f} | {max(miss):.1f} | - | - |")

    scattering = [s for s in order if sd1[s] >= a.scatter]
    lines += ["", textwrap.fill(f"Scattering setups (own sd of one run >= {a.scatter:g} pp): "
                                + ", ".join(f"{s} ({sd1[s]:.1f} pp, {len(runs[s])} runs)" for s in scattering)
                                + ".", 120, break_on_hyphens=False), "",
              textwrap.fill(f"Repeats the goal ({goal_mean:g} / {goal_worst:g} pp) needs: the per-setup floor with "
                            "every scattering setup measured n times (the others as they are):", 120), "",
              f"| n runs of each scattering setup | floor mean / expected worst pp | chance mean <= {goal_mean:g} pp "
              f"| chance worst <= {goal_worst:g} pp | meets the goal (expected) |", "|---|---|---|---|---|"]
    start = max([len(runs[s]) for s in scattering], default=1)
    met = None
    for n in sorted({*range(start, 13), 16, 20, 25, 30, 40, 50} - set(range(start))):
        sds = [sd_mean(s, n if s in scattering else len(runs[s])) for s in order]
        fm, fw, chance_mean, chance_worst = floor_of(sds, goal)
        ok = fm <= goal_mean and fw <= goal_worst
        if ok and met is None:
            met = n
        lines.append(f"| {n} | {fm:.1f} / {fw:.1f} | {chance_mean:.0%} | {chance_worst:.0%} | "
                     f"{'yes' if ok else 'no'} |")
    lines += ["", f"The floor first meets the goal at n = {met}." if met else "The floor does not meet the goal "
              "by n = 50.", ""]
    compared = folder_rows(by_folder, folders, order)
    if compared:
        lines += ["## The folders compared", "", textwrap.fill(
            "Each setup measured in two or more folders: each folder after the first against the other folders' runs "
            "(difference of the means; its sd from the two groups' pooled sd of one run, each about its own mean; "
            "the difference in units of that sd; and the two-sided permutation p of the difference: the share of the "
            "splits of the setup's runs into groups of those sizes whose means differ at least as much).", 120,
            break_on_hyphens=False), "",
            "| setup | folder | runs | mean % | sd of one run pp | the others' mean % (runs) | difference pp | "
            "sd of the difference pp | difference / sd | permutation p |", "|---|---|---|---|---|---|---|---|---|---|"]
        lines += compared + [""]
    text = "\n".join(lines)
    if a.out:
        outfile.write(a.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    if any(x in ("-h", "--help") for x in sys.argv[1:]):
        print(__doc__.strip())
        sys.exit(0)
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError) as e:
        print(f"drop-floor: {e}", file=sys.stderr)
        sys.exit(2)
