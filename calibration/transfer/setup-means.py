#!/usr/bin/env python3
"""A knee session judged on its setup means (issue 12): each setup's mean over its repeats against the prediction,
beside the floor that session's own repeat scatter sets for a mean of that many runs.

Usage (from any folder):
  calibration/transfer/setup-means.py SESSION [TABLE.csv ...]   # default: every validation-session-SESSION*.csv
  calibration/transfer/setup-means.py --together S1 S2 [S3 ...] [TABLE.csv ...]   # default: validation-session-S1S2*.csv
  calibration/transfer/setup-means.py --self-test

A TABLE is the .csv `fanoutsim calibrate --predict-only --table` writes beside its .md (judge-reference.sh and the
README's calibrate commands make them): one row per setup, its measured ratio already the mean of the setup's
repeats (calibrate joins files of one name), predicted at the repeats' mean speed. The floor is repeat-scatter.py's:
a model that knew each setup's true mean on the day would still miss the mean of n runs by sqrt(2/pi) x sd / sqrt(n)
on average, sd being the session's pooled within-setup sd of one run; its expected worst over the table's setups is
the expected largest of their |N(0, sd / sqrt(n))| misses. A second table judges every run alone against its setup's
prediction (exact at `--speed-rule none`, where the repeats are predicted alike). Markdown on stdout; bad input is
one line on stderr, exit 2. Standard library only.

--together S1 S2 [S3 ...]: the sessions' runs as one set, each setup's mean over the repeats of both (its TABLEs made by
calibrate on both sessions' files at once, which joins the files of one setup name: 6 repeats where each session has
3); the floor from the two sessions' pooled within-setup-day sd (a day's own level is not scatter), beside the sd
of the runs of a setup over both days. A last table says whether S2 differs from S1 beyond repeat scatter: per
setup the signed difference of the two sessions' means, its standard error from that pooled sd and a two-sided t
test at 95 %, and the same for the mean difference over the setups.
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
    """(pooled within-setup sd of one run's ratio in pp, dof, [(setup, run label, ratio %)]) of session s's
    uncontaminated runs (repeat-scatter.py's); the run label is rK for the setup's K-th repeat."""
    runs = repeat_scatter.session_runs(s, knee_setups(), repeat_scatter.sweep_order())
    sd, dof = repeat_scatter.pooled_sd(repeat_scatter.groups_of(runs))
    return sd, dof, [(setup, f"r{rep}", f["ratio"]) for setup, rep, f, _ in runs]


def pooled(parts):
    """(sd, dof) pooled over parts [(sd, dof)] of independent groups (None for a part without repeats)."""
    dof = sum(d for sd, d in parts if sd is not None)
    return (math.sqrt(sum(sd ** 2 * d for sd, d in parts if sd is not None) / dof) if dof else None), dof


def t_critical(dof, level=0.95, steps=2000):
    """Two-sided critical value of Student's t with dof degrees of freedom: bisection on the density's integral
    (Simpson's rule from 0), standard library only."""
    c = math.exp(math.lgamma((dof + 1) / 2) - math.lgamma(dof / 2)) / math.sqrt(dof * math.pi)

    def central(x):  # P(|T| < x)
        h = x / steps
        f = [c * (1 + (i * h) ** 2 / dof) ** (-(dof + 1) / 2) for i in range(steps + 1)]
        return 2 * h / 3 * (f[0] + f[-1] + 4 * sum(f[1:-1:2]) + 2 * sum(f[2:-1:2]))

    low, high = 0.0, 1000.0
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if central(mid) < level else (low, mid)
    return (low + high) / 2


def difference_rows(first, second, sd, dof):
    """Per setup measured in both: (setup, n1, mean1, n2, mean2, difference 2 - 1, its standard error, t, beyond
    scatter at 95 %), and a last row "mean over setups" for the mean difference. first, second: [(setup, label,
    ratio %)]; sd, dof: the pooled within-setup-day sd of one run and its degrees of freedom."""
    def by_setup(runs):
        groups = {}
        for setup, _, ratio in runs:
            groups.setdefault(setup, []).append(ratio)
        return groups

    a, b = by_setup(first), by_setup(second)
    critical = t_critical(dof)
    rows, variances = [], []
    for setup in sorted(set(a) & set(b)):
        d = statistics.mean(b[setup]) - statistics.mean(a[setup])
        variance = sd ** 2 * (1 / len(a[setup]) + 1 / len(b[setup]))
        variances.append(variance)
        se = math.sqrt(variance)
        rows.append((setup, len(a[setup]), statistics.mean(a[setup]), len(b[setup]), statistics.mean(b[setup]), d,
                     se, d / se, abs(d / se) > critical))
    mean_d = statistics.mean(r[5] for r in rows)
    se = math.sqrt(sum(variances)) / len(rows)
    rows.append(("mean over setups", sum(r[1] for r in rows), statistics.mean(r[2] for r in rows),
                 sum(r[3] for r in rows), statistics.mean(r[4] for r in rows), mean_d, se, mean_d / se,
                 abs(mean_d / se) > critical))
    return rows


def difference_report(s1, s2, rows, dof, out):
    out.write(f"\n## Session {s2} against session {s1}: does a setup's mean differ beyond repeat scatter?\n\n"
              f"Difference {s2} - {s1} of the sessions' measured means, its standard error sd x sqrt(1/n1 + 1/n2) from "
              f"the pooled within-setup-day sd above, t and a two-sided test at 95 % (critical t {t_critical(dof):.3f} "
              f"at {dof} degrees of freedom; were ten setups alike on both days, 4 tables in 10 would show at least "
              "one setup beyond by chance). The last row: the mean of the setups' differences, its standard error the "
              "root of the summed variances / setups.\n\n"
              f"| setup | {s1} runs | {s1} mean % | {s2} runs | {s2} mean % | {s2} - {s1} pp | se pp | t | beyond "
              "scatter |\n|---|---|---|---|---|---|---|---|---|\n")
    for setup, n1, m1, n2, m2, d, se, t, beyond in rows:
        out.write(f"| {setup} | {n1} | {m1:.1f} | {n2} | {m2:.1f} | {d:+.1f} | {se:.1f} | {t:+.2f} | "
                  f"{'yes' if beyond else 'no'} |\n")


def label(path, s):
    """The table's rule as its file name says it (validation-session-n-by-l-reference -> by-l-reference)."""
    name = os.path.splitext(os.path.basename(path))[0]
    stem = f"validation-session-{s}"
    if name.startswith(stem + "-"):
        return name[len(stem) + 1:]
    # Another table (a leave-one-session-out one): its folder says which fit made it.
    return "probes" if name == stem else f"{os.path.basename(os.path.dirname(path))}/{name}"


def report(s, tables, runs, sd, dof, out, command, together=None):
    """runs: [(setup, run label, measured ratio %)] of the session's uncontaminated runs. together: the sessions s
    joins (s is their letters run together), with the sd of one run over a setup's runs of every day and its dof."""
    if together:
        sessions, day_sd, day_dof = together
        out.write(f"# Sessions {' + '.join(sessions)} together on their setup means\n\nThe runs of sessions "
                  f"{', '.join(sessions)} as one set: each setup's mean over the repeats of every session. ")
    else:
        out.write(f"# Session {s} on its setup means\n\n")
    out.write(f"Made by `{command}`. Each setup's measured ratio is the mean of "
              "its repeats (contaminated runs left out), the prediction that of the table's profile (`local`'s unless "
              "the table's name says otherwise: a loso-S-by-others table is the fit on the other sessions) at the rule "
              "it was made with (tables: " + ", ".join(os.path.basename(p) for p, _ in tables) + ").\n\n")
    if sd is None:
        out.write(f"Session {s} has no setup measured twice: no scatter, no floor.\n\n")
    elif together:
        out.write(f"Their scatter: one run's sd {sd:.1f} pp ({dof} degrees of freedom, pooled within setup and day: "
                  "a day's own level is not scatter); floor for the mean of 1 / 3 / 6 runs "
                  + " / ".join(f"{floor_mean(sd, [n]):.1f}" for n in (1, 3, 6)) + " pp. Over a setup's runs of "
                  f"every day (the days' difference counted as scatter) one run's sd is {day_sd:.1f} pp ({day_dof} "
                  "degrees of freedom).\n\n")
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
        each = [(m - predicted[setup], f"{setup} {rep}") for setup, rep, m in runs if setup in predicted]
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
    report("n", [("x/validation-session-n-speed-none.csv", table)],
           [("a", "r1", 70.0), ("a", "r2", 86.0), ("b", "r1", 50.0)],
           None, 0, out, "test")
    assert "| speed-none | 3 | 5.3 | 10.0 (a r1) | - | +1.3 |" in out.getvalue(), out.getvalue()
    # Student's t: the tabulated two-sided 95 % values.
    for dof, t in ((1, 12.706), (5, 2.571), (10, 2.228), (40, 2.021)):
        assert abs(t_critical(dof) - t) < 2e-3, (dof, t_critical(dof))
    # Two sessions: setup a 70, 72, 74 then 80, 82, 84 (+10 pp, se 3 x sqrt(2/3) = 2.45: beyond at 4 dof);
    # b 50, 54 then 52, 52 (+0 pp: not). Mean difference +5.0, se sqrt(6 + 9 x (1/2 + 1/2)) / 2 = 1.94: t 2.58,
    # not beyond (critical 2.776 at 4 dof).
    first = [("a", "r1", 70.0), ("a", "r2", 72.0), ("a", "r3", 74.0), ("b", "r1", 50.0), ("b", "r2", 54.0)]
    second = [("a", "r1", 80.0), ("a", "r2", 82.0), ("a", "r3", 84.0), ("b", "r1", 52.0), ("b", "r2", 52.0)]
    rows = difference_rows(first, second, 3.0, 4)
    assert [(r[0], round(r[5], 6), round(r[6], 2), r[8]) for r in rows] == [
        ("a", 10.0, 2.45, True), ("b", 0.0, 3.0, False), ("mean over setups", 5.0, 1.94, False)], rows
    assert pooled([(3.0, 4), (4.0, 12), (None, 0)]) == (math.sqrt((9 * 4 + 16 * 12) / 16), 16)
    out = io.StringIO()
    runs = [("a", "n r1", 70.0), ("a", "q r1", 86.0)]
    report("nq", [("x/validation-session-nq-by-host-in-run.csv", table)], runs, 8.0, 4, out, "test",
           together=(["n", "q"], 11.3, 1))
    text = out.getvalue()
    assert text.startswith("# Sessions n + q together") and "| by-host-in-run | 2 |" in text, text
    assert "one run's sd 8.0 pp (4 degrees" in text and "one run's sd is 11.3 pp (1 degrees" in text, text
    assert "10.0 (a q r1)" in text or "10.0 (a n r1)" in text, text
    print("setup-means.py: self-test passed")
    return 0


def read_tables(paths):
    """[(path, rows)] of the TABLE.csv files, or None once the reason is on stderr."""
    try:
        return [(p, read_table(p)) for p in paths]
    except (OSError, ValueError, KeyError) as e:
        sys.stderr.write(f"setup-means.py: {e}\n")
        return None


def together_main(argv):
    """--together S1 S2 [S3 ...] [TABLE.csv ...]."""
    sessions = []
    for a in argv:
        if a.endswith(".csv"):
            break
        sessions.append(a)
    if (len(sessions) < 2 or any(s not in SESSIONS or s == "a" for s in sessions)
            or len(set(sessions)) != len(sessions)):
        sys.stderr.write("usage: calibration/transfer/setup-means.py --together S1 S2 [S3 ...] [TABLE.csv ...] (two "
                         f"or more sessions of {' '.join(s for s in SESSIONS if s != 'a')})\n")
        return 2
    s = "".join(sessions)
    paths = argv[len(sessions):] or sorted(glob.glob(os.path.join(HERE, f"validation-session-{s}-*.csv")))
    if not paths:
        sys.stderr.write(f"setup-means.py: no calibration/transfer/validation-session-{s}-*.csv tables; make them "
                         "with calibrate --predict-only --table on both sessions' files\n")
        return 2
    tables = read_tables(paths)
    if tables is None:
        return 2
    parts = [session_runs(x) for x in sessions]
    sd, dof = pooled([(p[0], p[1]) for p in parts])
    if sd is None:
        sys.stderr.write(f"setup-means.py: sessions {' '.join(sessions)} have no setup measured twice\n")
        return 2
    runs = [(setup, f"{x} {label}", ratio) for x, p in zip(sessions, parts) for setup, label, ratio in p[2]]
    by_setup = {}
    for setup, _, ratio in runs:
        by_setup.setdefault(setup, []).append({"ratio": ratio})
    day_sd, day_dof = repeat_scatter.pooled_sd(list(by_setup.values()))
    command = "calibration/transfer/setup-means.py --together " + " ".join(argv)
    report(s, tables, runs, sd, dof, sys.stdout, command, together=(sessions, day_sd, day_dof))
    # Each later session against the first: does it differ beyond the repeats' scatter?
    for k in range(1, len(sessions)):
        difference_report(sessions[0], sessions[k], difference_rows(parts[0][2], parts[k][2], sd, dof), dof,
                          sys.stdout)
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if argv[:1] == ["--together"]:
        return together_main(argv[1:])
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
    tables = read_tables(paths)
    if tables is None:
        return 2
    sd, dof, runs = session_runs(s)
    command = "calibration/transfer/setup-means.py " + " ".join(argv)
    report(s, tables, runs, sd, dof, sys.stdout, command)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
