#!/usr/bin/env python3
"""Issue 17, a session's level: which quantity measured in a session follows its level? Per v1272 session, its level
L under each rule (level.py's part 1: the CPU-cost factor minimising the mean |error| of the fit that left the
session out) and its level relative to that fit's own (L over the fit's mean level in sample, grid.py --in-sample)
beside the session means of the speed fields its run files carry and of the server CPU per delivery
in probe units at the setups every session but R measured; then each candidate's correlation with ln L over the
five sessions (five points: an indication, not a test).

    python3 calibration/python-level/candidates.py [--out FILE]

Reads calibration/python-level/grid/ (grid.py). Standard library only; bad input => one line, exit 2.
"""
import importlib.util
import math
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("level", os.path.join(HERE, "level.py"))
level = importlib.util.module_from_spec(spec)
spec.loader.exec_module(level)
ROOT = level.ROOT


def session_fields(session):
    rows = []
    for _, _, env in level.clean_runs(session):
        cpus = [float(x) for x in env["speed_in_run_cpus"].split()]
        rows.append({
            "in-run index (M)": float(env["speed_index_server"]) / 1e6,
            "probes index (M)": float(env["speed_index_server_probes"]) / 1e6,
            "in-run / probes": float(env["speed_index_server"]) / float(env["speed_index_server_probes"]),
            "probes before (M)": float(env["speed_index_before"]) / 1e6,
            "probes after (M)": float(env["speed_index_after"]) / 1e6,
            "in-run slower CPU / faster": min(cpus) / max(cpus),
            "in-run spread": statistics.mean(float(x) for x in env["speed_in_run_spread"].split()),
            "in-run swing": float(env["speed_in_run_swing"]),
            "load average before (1 min)": float(env["loadavg_before"].split()[0]),
            "loadgen cores busy": float(env["loadgen_cores_busy"]),
            "cpu_mhz": float(env["cpu_mhz"]),
        })
    return {k: statistics.mean(r[k] for r in rows) for k in rows[0]}


def fail(msg):
    print(f"candidates.py: {msg}", file=sys.stderr)
    sys.exit(2)


def main(argv):
    out, argv = level.take_out(argv, fail)
    if argv:
        fail("usage: candidates.py [--out FILE]")
    runs_of = {s: level.runs(s) for s in level.SESSIONS}
    levels = {}
    for rule in ("in-run", "probes"):
        for s in level.SESSIONS:
            g = level.read_grid(rule, s)
            levels[(rule, s)] = level.best_level(g, sorted(g))
            ins = level.in_sample_levels(rule, s)
            if not ins:
                fail(f"no in-sample grid for {rule}: run grid.py --in-sample {rule} first")
            levels[(rule + " relative", s)] = levels[(rule, s)] / statistics.mean(ins.values())
    kinds = ("in-run", "in-run relative", "probes", "probes relative")
    fields = {s: session_fields(s) for s in level.SESSIONS}
    for s in level.SESSIONS:
        for setup, name in ((level.COMFORT, "N = 100 on 1 core"), ("py-n30-i1-t1-q0.25-bwnone-perconn", "N = 30"),
                            (level.ANCHOR, "N = 50 on 0.25 core")):
            for rule in ("in-run", "probes"):
                w = level.work(runs_of, s, setup, rule)
                fields[s][f"CPU per delivery x {rule} index, {name} (envelopes)"] = w
    names = list(fields[level.SESSIONS[0]])
    lines = ["# Candidates for a session's level (issue 17)\n", "Made by:\n", "```bash",
             "python3 calibration/python-level/candidates.py" + (f" --out {out}" if out else ""), "```\n",
             "Session means of its clean runs; r: the correlation with ln L over the sessions that have the field.\n",
             "| quantity | " + " | ".join(level.short(s) for s in level.SESSIONS) + " | "
             + " | ".join(f"r, {k}" for k in kinds) + " |",
             "|---|" + "---|" * (len(level.SESSIONS) + len(kinds))]
    for rule in kinds:
        lines.append(f"| level L, `{rule}` | " + " | ".join(f"{levels[(rule, s)]:.3f}" for s in level.SESSIONS)
                     + " |" + " |" * len(kinds))
    for n in names:
        vals = [fields[s][n] for s in level.SESSIONS]
        cells = ["-" if v is None else f"{v:.3f}" for v in vals]
        rs = []
        for rule in kinds:
            pts = [(v, math.log(levels[(rule, s)])) for v, s in zip(vals, level.SESSIONS) if v is not None]
            if len(pts) < 3 or len({p[0] for p in pts}) < 2:
                rs.append("-")
                continue
            rs.append(f"{statistics.correlation([p[0] for p in pts], [p[1] for p in pts]):+.2f} ({len(pts)})")
        lines.append(f"| {n} | " + " | ".join(cells) + " | " + " | ".join(rs) + " |")
    level.emit(out, lines, fail)


if __name__ == "__main__":
    level.outfile.main("candidates.py", main)
