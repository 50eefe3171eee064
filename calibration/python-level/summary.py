#!/usr/bin/env python3
"""Issue 17: leave one session out within v1272, the fits as they are against the same fits re-centred on the ratio
(recentred.sh), from calibrate's own tables: every setup of the held-out session and its steep setups (the eight of
python-rep.txt), setup means, mean / worst pp, signed (predicted less measured), beside the floor after the probes.

    python3 calibration/python-level/summary.py [--out FILE] RULE

Reads calibration/python-runs-y/by-session-v1272y-RULE/fit-all-but-S-predicts-S{,-per-run}.csv and
calibration/python-level/recentred-RULE/ the same. Standard library only; bad input => one line, exit 2.
"""
import csv
import importlib.util
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("level", os.path.join(HERE, "level.py"))
level = importlib.util.module_from_spec(spec)
spec.loader.exec_module(level)
ROOT = level.ROOT


def table(folder, session, per_run):
    path = os.path.join(ROOT, folder, f"fit-all-but-{session}-predicts-{session}{'-per-run' if per_run else ''}.csv")
    if not os.path.exists(path):
        fail(f"no {os.path.relpath(path, ROOT)}")
    with open(path) as f:
        return {r["run"]: 100 * (float(r["predicted_ratio"]) - float(r["measured_ratio"])) for r in csv.DictReader(f)}


def steep(run):
    return (run.split("__")[1] if "__" in run else run) in level.STEEP


def fail(msg):
    print(f"summary.py: {msg}", file=sys.stderr)
    sys.exit(2)


def main(argv):
    out, argv = level.take_out(argv, fail)
    if len(argv) != 1 or argv[0] not in ("in-run", "probes"):
        fail("usage: summary.py [--out FILE] in-run|probes")
    rule = argv[0]
    runs_of = {s: level.runs(s) for s in level.SESSIONS}
    before = f"calibration/python-runs-y/by-session-v1272y-{rule}"
    after = f"calibration/python-level/recentred-{rule}"
    lines = ["# Leave one session out, re-centred on the ratio (issue 17)\n", "Made by:\n", "```bash",
             f"calibration/python-level/recentred.sh {rule}",
             "python3 calibration/python-level/summary.py" + (f" --out {out}" if out else "") + f" {rule}", "```\n",
             f"Speed rule `{rule}`; setup means (a setup's repeats joined) unless run by run; mean / worst pp, signed.\n",
             "| held out | setups | floor | as fitted | re-centred | steep setups | floor | as fitted | re-centred |",
             "|---|---|---|---|---|---|---|---|---|"]
    tot = {k: [] for k in ("b", "a", "bs", "as")}
    for s in level.SESSIONS + ["python-runs-y-per-run"]:
        per_run = s.endswith("-per-run")
        src = s.replace("-per-run", "")
        b, a = table(before, src, per_run), table(after, src, per_run)
        if set(a) != set(b):
            fail(f"{src}: the two tables predict different setups")
        runs = sorted(b)
        st = [r for r in runs if steep(r)]
        setups = [r.split("__")[1] if per_run else r for r in runs]
        fl = level.floor_of(runs_of, src, setups, per_run)
        fls = level.floor_of(runs_of, src, [x for x in setups if x in level.STEEP], per_run)
        cells = [level.fmt(level.score([b[r] for r in runs])), level.fmt(level.score([a[r] for r in runs])),
                 level.fmt(level.score([b[r] for r in st])), level.fmt(level.score([a[r] for r in st]))]
        if not per_run:
            tot["b"] += [b[r] for r in runs]
            tot["a"] += [a[r] for r in runs]
            tot["bs"] += [b[r] for r in st]
            tot["as"] += [a[r] for r in st]
        name = level.short(src) + (" run by run" if per_run else "")
        lines.append(f"| {name} | {len(runs)} | {fl[0]:.1f} / {fl[1]:.1f} | {cells[0]} | {cells[1]} | {len(st)} | "
                     f"{fls[0]:.1f} / {fls[1]:.1f} | {cells[2]} | {cells[3]} |")
    lines.append(f"| together | {len(tot['b'])} | | {level.fmt(level.score(tot['b']))} | "
                 f"{level.fmt(level.score(tot['a']))} | {len(tot['bs'])} | | {level.fmt(level.score(tot['bs']))} | "
                 f"{level.fmt(level.score(tot['as']))} |")
    level.emit(out, lines, fail)


if __name__ == "__main__":
    level.outfile.main("summary.py", main)
