#!/usr/bin/env python3
"""A knee session judged on its setup means (issue 12): each setup's mean over its repeats against the prediction,
beside the floor that session's own repeat scatter sets for a mean of that many runs.

Usage (from any folder):
  calibration/transfer/setup-means.py SESSION [TABLE.csv ...]   # default: every validation-session-SESSION*.csv
  calibration/transfer/setup-means.py --self-test

A TABLE is the .csv `fanoutsim calibrate --predict-only --table` writes beside its .md (judge-reference.sh and the
README's calibrate commands make them): one row per setup, its measured ratio already the mean of the setup's
repeats (calibrate joins files of one name), predicted at the repeats' mean speed. The floor is repeat-scatter.py's:
a model that knew each setup's true mean on the day would still miss the mean of n runs by sqrt(2/pi) x sd / sqrt(n)
on average, sd being the session's pooled within-setup sd of one run; its expected worst over the table's setups is
the expected largest of their |N(0, sd / sqrt(n))| misses. A second table judges every run alone against its setup's
prediction (exact at `--speed-rule none`, where the repeats are predicted alike). Markdown on stdout; bad input is
one line on stderr, exit 2. Standard library only.
"""
import csv
import glob
import io
import math
import os
import statistics
import sys

from knee_runs import HERE, SESSIONS, knee_setups, load_script

repeat_scatter = load_script("repeat-scatter.py")
RANGE = (50.0, 95.0)  # the goal's "50-95 % range", in %


def read_table(path):
    """[{setup, repeats, measured, low, high, predicted}] (ratios in %) of a calibrate --table .csv."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    need = {"run", "repeats", "measured_ratio", "measured_ratio_min", "measured_ratio_max", "predicted_ratio"}
    if not rows or not need <= set(rows[0]):
        raise ValueError(f"{path}: not a calibrate --table .csv (needs the columns {', '.join(sorted(need))})")
    return [{"setup": r["run"], "repeats": int(r["repeats"]), "measured": float(r["measured_ratio"]) * 100,
             "low": float(r["measured_ratio_min"]) * 100, "high": float(r["measured_ratio_max"]) * 100,
             "predicted": float(r["predicted_ratio"]) * 100} for r in rows]


def floor_mean(sd, repeats):
    """What a model that knew every setup's true mean misses the mean of repeats[i] runs by, on average over them."""
    return statistics.mean(math.sqrt(2 / math.pi) * sd / math.sqrt(n) for n in repeats)


def floor_worst(sd, repeats, steps=4000):
    """The expected largest of independent |N(0, sd / sqrt(n))| misses, one per setup: the integral over x > 0 of
    P(max > x) = 1 - prod(erf(x / (s sqrt 2))) (trapezoid rule out to 8 of the largest s)."""
    scales = [sd / math.sqrt(n) for n in repeats]
    top = 8 * max(scales)
    h = top / steps
    tail = [1 - math.prod(math.erf(i * h / (s * math.sqrt(2))) for s in scales) for i in range(steps + 1)]
    return h * (sum(tail) - (tail[0] + tail[-1]) / 2)


def session_runs(s):
    """(pooled within-setup sd of one run's ratio in pp, dof, [(setup, repeat, ratio %)]) of session s's uncontaminated
    runs (repeat-scatter.py's)."""
    runs = repeat_scatter.session_runs(s, knee_setups(), repeat_scatter.sweep_order())
    sd, dof = repeat_scatter.pooled_sd(repeat_scatter.groups_of(runs))
    return sd, dof, [(setup, rep, f["ratio"]) for setup, rep, f, _ in runs]


def label(path, s):
    """The table's rule as its file name says it (validation-session-n-by-l-reference -> by-l-reference)."""
    name = os.path.splitext(os.path.basename(path))[0]
    stem = f"validation-session-{s}"
    if name.startswith(stem + "-"):
        return name[len(stem) + 1:]
    # Another table (a leave-one-session-out one): its folder says which fit made it.
    return "probes" if name == stem else f"{os.path.basename(os.path.dirname(path))}/{name}"


def report(s, tables, runs, sd, dof, out, command):
    """runs: [(setup, repeat, measured ratio %)] of the session's uncontaminated runs."""
    out.write(f"# Session {s} on its setup means\n\nMade by `{command}`. Each setup's measured ratio is the mean of "
              "its repeats (contaminated runs left out), the prediction that of the table's profile (`local`'s unless "
              "the table's name says otherwise: a loso-S-by-others table is the fit on the other sessions) at the rule "
              "it was made with (tables: " + ", ".join(os.path.basename(p) for p, _ in tables) + ").\n\n")
    if sd is None:
        out.write(f"Session {s} has no setup measured twice: no scatter, no floor.\n\n")
    else:
        out.write(f"Session {s}'s own scatter: one run's sd {sd:.1f} pp ({dof} degrees of freedom, "
                  "repeat-scatter.py's pooled within-setup sd); floor for the mean of 1 / 2 / 3 runs "
                  + " / ".join(f"{floor_mean(sd, [n]):.1f}" for n in (1, 2, 3)) + " pp.\n\n")
    out.write(f"| table (rule) | setups | in {RANGE[0]:.0f}-{RANGE[1]:.0f} % (repeats) | mean abs error pp | worst pp "
              "(setup) | floor: mean / expected worst pp | signed mean pp |\n|---|---|---|---|---|---|---|\n")
    for path, rows in tables:
        errors = [r["predicted"] - r["measured"] for r in rows]
        worst = max(rows, key=lambda r: abs(r["predicted"] - r["measured"]))
        inside = [r for r in rows if RANGE[0] <= r["measured"] <= RANGE[1]]
        reps = "/".join(str(n) for n in sorted({r["repeats"] for r in inside})) or "-"
        floors = "-" if sd is None else (f"{floor_mean(sd, [r['repeats'] for r in rows]):.1f} / "
                                         f"{floor_worst(sd, [r['repeats'] for r in rows]):.1f}")
        out.write(f"| {label(path, s)} | {len(rows)} | {len(inside)} ({reps}) | "
                  f"{statistics.mean(abs(e) for e in errors):.1f} | "
                  f"{abs(worst['predicted'] - worst['measured']):.1f} ({worst['setup']}) | {floors} | "
                  f"{statistics.mean(errors):+.1f} |\n")
    out.write("\n## Every run alone: |the run's measured ratio - its setup's prediction|\n\nExact at "
              "`--speed-rule none`, "
              "where every repeat of a setup is predicted alike; at a rule that reads each run's speed, against the "
              "prediction at the repeats' mean speed. Floor: a model that knew each setup's true mean would miss one "
              "run by sqrt(2/pi) x sd.\n\n| table (rule) | runs | mean abs error pp | worst pp (run) | floor pp | "
              "signed mean pp |\n|---|---|---|---|---|---|\n")
    for path, rows in tables:
        predicted = {r["setup"]: r["predicted"] for r in rows}
        each = [(m - predicted[setup], f"{setup} r{rep}") for setup, rep, m in runs if setup in predicted]
        if not each:
            continue
        worst = max(each, key=lambda e: abs(e[0]))
        floor = "-" if sd is None else f"{floor_mean(sd, [1]):.1f}"
        out.write(f"| {label(path, s)} | {len(each)} | {statistics.mean(abs(e) for e, _ in each):.1f} | "
                  f"{abs(worst[0]):.1f} ({worst[1]}) | {floor} | {-statistics.mean(e for e, _ in each):+.1f} |\n")
    setups = sorted({r["setup"] for _, rows in tables for r in rows})
    out.write("\n## Every setup: measured mean (range of its repeats), predicted - measured pp per table\n\n"
              "| setup | repeats | measured mean % | range % | " + " | ".join(label(p, s) for p, _ in tables)
              + " |\n|---|---|---|---|" + "---|" * len(tables) + "\n")
    for setup in setups:
        first = next(r for _, rows in tables for r in rows if r["setup"] == setup)
        cells = []
        for _, rows in tables:
            r = next((r for r in rows if r["setup"] == setup), None)
            cells.append("-" if r is None else f"{r['predicted'] - r['measured']:+.1f}")
        out.write(f"| {setup} | {first['repeats']} | {first['measured']:.1f} | {first['low']:.1f}-{first['high']:.1f} "
                  "| " + " | ".join(cells) + " |\n")


def self_test():
    assert abs(floor_mean(10, [1]) - math.sqrt(2 / math.pi) * 10) < 1e-12
    assert abs(floor_mean(10, [4, 1]) - math.sqrt(2 / math.pi) * 7.5) < 1e-12
    # One setup: the expected |N(0, 1)| is sqrt(2/pi); two: E max(|Z1|, |Z2|) = 2 / sqrt(pi) (order statistics).
    assert abs(floor_worst(1, [1]) - math.sqrt(2 / math.pi)) < 1e-4, floor_worst(1, [1])
    assert abs(floor_worst(1, [1, 1]) - 2 / math.sqrt(math.pi)) < 1e-4, floor_worst(1, [1, 1])
    assert abs(floor_worst(2, [4]) - math.sqrt(2 / math.pi)) < 1e-4
    assert label("x/validation-session-n-speed-none.csv", "n") == "speed-none"
    assert label("x/validation-session-n.csv", "n") == "probes"
    assert label("t/cross-jklmno-none/loso-n-by-others.csv", "n") == "cross-jklmno-none/loso-n-by-others"
    # Every run alone: setup a predicted 80 %, its runs 70 and 86 (misses 10 and 6); b 50 %, its one run 50.
    table = [{"setup": "a", "repeats": 2, "measured": 78.0, "low": 70.0, "high": 86.0, "predicted": 80.0},
             {"setup": "b", "repeats": 1, "measured": 50.0, "low": 50.0, "high": 50.0, "predicted": 50.0}]
    out = io.StringIO()
    report("n", [("x/validation-session-n-speed-none.csv", table)], [("a", 1, 70.0), ("a", 2, 86.0), ("b", 1, 50.0)],
           None, 0, out, "test")
    assert "| speed-none | 3 | 5.3 | 10.0 (a r1) | - | +1.3 |" in out.getvalue(), out.getvalue()
    print("setup-means.py: self-test passed")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if not argv or argv[0] not in SESSIONS or argv[0] == "a":
        sys.stderr.write("usage: calibration/transfer/setup-means.py SESSION [TABLE.csv ...] (SESSION one of "
                         f"{' '.join(s for s in SESSIONS if s != 'a')})\n")
        return 2
    s = argv[0]
    paths = argv[1:] or sorted(glob.glob(os.path.join(HERE, f"validation-session-{s}.csv"))
                               + glob.glob(os.path.join(HERE, f"validation-session-{s}-*.csv")))
    if not paths:
        sys.stderr.write(f"setup-means.py: no calibration/transfer/validation-session-{s}*.csv tables; make them "
                         "with calibrate --predict-only --table (README, session N)\n")
        return 2
    try:
        tables = [(p, read_table(p)) for p in paths]
    except (OSError, ValueError, KeyError) as e:
        sys.stderr.write(f"setup-means.py: {e}\n")
        return 2
    sd, dof, runs = session_runs(s)
    command = "calibration/transfer/setup-means.py " + " ".join(argv)
    report(s, tables, runs, sd, dof, sys.stdout, command)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
