#!/usr/bin/env python3
"""Issues 12 and 17: each run predicted at one speed (`--speed-rule in-run`) against replayed second by second
(`--speed-rule in-run-trace`), predict-only, run by run and on setup means, and how much of the runs' scatter about
their setup-day mean each reproduces.

Usage (from the repository root; ./fanoutsim built):
  python3 calibration/transfer/speed-trace/predict.py NAME PROFILE [--set K=V ...] [--rules R1,R2] [--reverse] \
      -- FILES|FOLDERS...
writes calibration/transfer/speed-trace/NAME.tsv (file, session, setup, rule, measured %, predicted %) and prints
the tables (NAME.md). Each file is copied under a name of its own (so calibrate does not join repeats into one mean
at one speed) and all are predicted by one `./fanoutsim calibrate COPIES --start PROFILE --predict-only
--replications 2 --speed-rule RULE [--set ...]` per rule. A run's session is its folder's name, its setup its file
name without the `.rN` repeat suffix; contaminated runs (environment.contaminated) are left out. --reverse (a
control) replays each run's seconds in reverse order: the same speeds and the same in-run index, another timing.

Tables: run by run, mean / worst |predicted - measured| pp and signed mean; setup means over every session at once
(each setup's measured mean over its runs against the mean of their predictions: setup-means.py --together's
rows); setup-day means (one per session and setup); scatter explained within a setup-day: 1 - sum (dm - dp)^2 /
sum dm^2, dm = measured - setup-day measured mean, dp the same of the predictions, with r and the slope of dm on dp.
Standard library only.
"""
import csv
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def run_key(path):
    session = os.path.basename(os.path.dirname(os.path.abspath(path)))
    setup = re.sub(r"(\.r\d+)?\.json$", "", os.path.basename(path))
    return session, setup


def reversed_timeline(report):
    """The run's per-second CPU speeds and the servers' seconds per CPU in reverse time order (the control: the same
    seconds, so the same in-run index, in another order)."""
    samples = report["time_series"]["samples"]
    for key in ("cpu_speed", "server_cpu_seconds_percpu"):
        values = [x.get(key) for x in samples][::-1]
        for x, v in zip(samples, values):
            x[key] = v


def predict(files, profile, sets, rules, reverse=False):
    rows = []
    with tempfile.TemporaryDirectory(prefix="speed-trace-") as scratch:
        copies = {}
        for path in files:
            with open(path, encoding="utf-8") as f:
                report = json.load(f)
            if report.get("environment", {}).get("contaminated") == "true":
                continue
            if reverse:
                reversed_timeline(report)
            session, setup = run_key(path)
            m = re.search(r"\.(r\d+)\.json$", path)
            name = f"{session}--{setup}--{m.group(1) if m else 'r1'}"
            report["setup"]["name"] = name
            with open(os.path.join(scratch, name + ".json"), "w", encoding="utf-8") as f:
                json.dump(report, f)
            copies[name] = (os.path.relpath(path, ROOT), session, setup)
        for rule in rules:
            table = os.path.join(scratch, f"{rule}.md")
            cmd = [os.path.join(ROOT, "fanoutsim"), "calibrate", *sorted(os.path.join(scratch, c + ".json")
                   for c in copies), "--start", profile, "--predict-only", "--replications", "2",
                   "--speed-rule", rule, "--table", table]
            for s in sets:
                cmd += ["--set", s]
            done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                sys.exit(f"predict.py: calibrate failed: {done.stderr.strip().splitlines()[-1:]}")
            notes = [ln for ln in done.stderr.splitlines() if "--speed-rule" in ln]
            print(f"<!-- {rule}: {notes[0] if notes else ''} -->")
            with open(table[:-3] + ".csv", encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    path, session, setup = copies[r["run"]]
                    rows.append((path, session, setup, rule, float(r["measured_ratio"]) * 100,
                                 float(r["predicted_ratio"]) * 100))
    return rows


def judge(pairs):
    """(n, mean |p - m|, worst, signed mean) of (measured, predicted) pairs."""
    errors = [p - m for m, p in pairs]
    return len(errors), statistics.mean(abs(e) for e in errors), max(abs(e) for e in errors), statistics.mean(errors)


def means(rows, key):
    groups = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    return [(statistics.mean(r[4] for r in g), statistics.mean(r[5] for r in g)) for g in groups.values()]


def explained(rows):
    groups = {}
    for r in rows:
        groups.setdefault((r[1], r[2]), []).append(r)
    pairs = []
    for g in groups.values():
        if len(g) < 2:
            continue
        mm, mp = statistics.mean(r[4] for r in g), statistics.mean(r[5] for r in g)
        pairs.extend((r[4] - mm, r[5] - mp) for r in g)
    sy = sum(y * y for y, _ in pairs)
    sx = sum(x * x for _, x in pairs)
    sxy = sum(x * y for y, x in pairs)
    r = sxy / math.sqrt(sx * sy) if sx and sy else float("nan")
    slope = sxy / sx if sx else float("nan")
    return len(pairs), 1 - sum((y - x) ** 2 for y, x in pairs) / sy, r, slope


def tables(rows, rules):
    out = ["| rule | runs: n, mean / worst pp, signed | setup means (all sessions) | setup-day means "
           "| scatter explained within a setup-day (runs, explained, r, slope) |", "|---|---|---|---|---|"]
    for rule in rules:
        rr = [r for r in rows if r[3] == rule]
        a = judge([(r[4], r[5]) for r in rr])
        b = judge(means(rr, lambda r: r[2]))
        c = judge(means(rr, lambda r: (r[1], r[2])))
        n, e, cor, slope = explained(rr)
        out.append(f"| `{rule}` | {a[0]}: {a[1]:.1f} / {a[2]:.1f}, {a[3]:+.1f} | {b[0]}: {b[1]:.1f} / {b[2]:.1f}, "
                   f"{b[3]:+.1f} | {c[0]}: {c[1]:.1f} / {c[2]:.1f}, {c[3]:+.1f} | {n}: {e:.2f}, {cor:.2f}, "
                   f"{slope:.2f} |")
    return "\n".join(out)


def main(argv):
    if "--" not in argv or len(argv) < 4:
        sys.exit(__doc__.split("\n\n")[1])
    cut = argv.index("--")
    head, files = argv[:cut], []
    for a in argv[cut + 1:]:
        files += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".json")) if os.path.isdir(a) else [a]
    name, profile = head[0], head[1]
    sets, rules, reverse = [], ["in-run", "in-run-trace"], False
    i = 2
    while i < len(head):
        if head[i] == "--set":
            sets.append(head[i + 1])
        elif head[i] == "--rules":
            rules = head[i + 1].split(",")
        elif head[i] == "--reverse":
            reverse = True
            i -= 1
        else:
            sys.exit(f"predict.py: unknown argument {head[i]}")
        i += 2
    rows = predict(files, profile, sets, rules, reverse)
    with open(os.path.join(HERE, name + ".tsv"), "w", encoding="utf-8") as f:
        f.write("file\tsession\tsetup\trule\tmeasured\tpredicted\n")
        for r in sorted(rows):
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]:.2f}\t{r[5]:.2f}\n")
    command = "python3 calibration/transfer/speed-trace/predict.py " + " ".join(argv)
    text = f"`{command}`\n\nprofile {profile}{' ' + ' '.join(sets) if sets else ''}; mean / worst pp, signed " \
           f"(predicted - measured)\n\n{tables(rows, rules)}\n"
    with open(os.path.join(HERE, name + ".md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
