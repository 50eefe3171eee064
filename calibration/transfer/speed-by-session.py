#!/usr/bin/env python3
"""Does a session's measured speed agree with what its servers did? One row per knee session (knee_runs.py's loader,
contaminated runs left out), as Markdown on stdout. Usage (from the repository root):
  calibration/transfer/speed-by-session.py [SESSION ...]   # default: every session

Per session: the host as the run files recorded it (cpu_mhz, kernel), the mean (over setups) in-run and probes' speed
index where the servers ran (millions of envelopes per CPU-second), and, per setup, the session's mean against the
mean of the same setup over every session asked (median over the ten setups, in %): the delivery ratio (pp), the
servers' measured CPU-microseconds per delivered copy (repeat-scatter.py's (e): server CPU seconds / copies received)
and the two speed indexes; and, for sessions that measured it (L on), the speed reference (the servers' CPU-us per
copy under one fixed light load before the quota: a cost, so a slower machine reads higher), its mean over setups and
against all (the sessions asked that have it). A machine the probes call slower should spend more CPU per copy (a negative speed
difference, a positive cost difference); a session where both are negative is one where the probes misjudge the
servers' speed. Standard library only.
"""
import importlib.util
import os
import statistics
import sys

from knee_runs import HERE, SESSIONS, knee_setups, session_reports

_spec = importlib.util.spec_from_file_location("repeat_scatter", os.path.join(HERE, "repeat-scatter.py"))
repeat_scatter = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(repeat_scatter)

KEYS = ("ratio", "us_per_copy", "inrun", "probes", "reference")


def collect(sessions, knee):
    """{session: {setup: {key: mean over its runs}}} and {session: set of (cpu_mhz, kernel)}."""
    means, hosts = {}, {}
    for s in sessions:
        runs = {}
        for setup, report in session_reports(s, knee):
            env = report.get("environment", {})
            hosts.setdefault(s, set()).add((env.get("cpu_mhz", "?"), env.get("kernel", "?")))
            f = repeat_scatter.features(report, 0)
            runs.setdefault(setup, []).append(f)
        means[s] = {setup: {k: mean([f[k] for f in fs]) for k in KEYS} for setup, fs in runs.items()}
    return means, hosts


def mean(values):
    known = [v for v in values if v is not None]
    return statistics.mean(known) if known else None


def relative(means, s, key, as_points=False):
    """Median over setups of session s's mean against that setup's mean over every session: % (pp for a ratio)."""
    out = []
    for setup, m in means[s].items():
        across = mean([means[t][setup][key] for t in means if setup in means[t]])
        if m[key] is None or not across:
            continue
        out.append(m[key] - across if as_points else (m[key] / across - 1) * 100)
    return statistics.median(out) if out else None


def fmt(x, digits=1, sign=True):
    return "-" if x is None else (f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}")


def main(argv):
    sessions = argv or list(SESSIONS)
    unknown = [s for s in sessions if s not in SESSIONS]
    if unknown:
        sys.stderr.write(f"speed-by-session.py: unknown session(s) {' '.join(unknown)}; known: {' '.join(SESSIONS)}\n")
        return 2
    means, hosts = collect(sessions, knee_setups())
    out = sys.stdout
    out.write("| session | host (cpu_mhz, kernel) | in-run speed, mean M | probes' speed, mean M | ratio vs all, pp "
              "| server CPU per copy vs all, % | in-run speed vs all, % | probes' speed vs all, % "
              "| speed reference, mean us per copy | speed reference vs all, % |\n"
              "|---|---|---|---|---|---|---|---|---|---|\n")
    for s in sessions:
        setups = means[s].values()
        inrun = mean([m["inrun"] for m in setups])
        probes = mean([m["probes"] for m in setups])
        reference = mean([m["reference"] for m in setups])
        host = "; ".join(f"{mhz} MHz, {kernel}" for mhz, kernel in sorted(hosts.get(s, [])))
        out.write(f"| {s} | {host} | {fmt(inrun and inrun / 1e6, 2, False)} | {fmt(probes and probes / 1e6, 2, False)} "
                  f"| {fmt(relative(means, s, 'ratio', True))} | {fmt(relative(means, s, 'us_per_copy'))} "
                  f"| {fmt(relative(means, s, 'inrun'))} | {fmt(relative(means, s, 'probes'))} "
                  f"| {fmt(reference, 1, False)} | {fmt(relative(means, s, 'reference'))} |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
