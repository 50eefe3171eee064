#!/usr/bin/env python3
"""Does a run's speed reference say how much its servers spent per copy, and how much they delivered? (issue 12)
Usage (from any folder):
  calibration/transfer/reference-vs-work.py [SESSION ...]   # default: every knee session whose runs carry one
  calibration/transfer/reference-vs-work.py --self-test

The speed reference (calibration/run-local, session L on) is environment.speed_reference_us_per_copy: the warmed,
unquota'd servers' CPU-microseconds per copy under one fixed light load, measured just before the run. It is a cost,
so a slower machine reads higher, and it depends on the setup's mode and task count (not only on the host). Per run
of the sessions asked (knee_runs.py's loader; contaminated runs left out; a session is a name of knee_runs.SESSIONS
or any calibration/transfer/session-S folder): the reference against the measured run's servers' CPU per delivered
copy (repeat-scatter.py's us_per_copy) and its delivery ratio. Per setup, the repeats' differences (last repeat
against the first): does the repeat with the higher reference spend more per copy and deliver less? Within each
session, setup-demeaned (every quantity against its setup's mean that day; costs in %): the correlation of the
reference with the cost per copy and with the ratio. Last, the reference's noise against its signal: the pooled
within-setup sd of one run's reference against the spread between (mode, tasks) groups and against the shift a
session's mean shows. Markdown on stdout; bad input is one line on stderr, exit 2. Standard library only.
"""
import math
import os
import statistics
import sys

from knee_runs import HERE, SESSIONS, knee_setups, load_script, session_files

repeat_scatter = load_script("repeat-scatter.py")


def known(s):
    return s in SESSIONS or (s != "a" and os.path.isdir(os.path.join(HERE, f"session-{s}")))


def session_runs(s, knee):
    """[{setup, repeat, group, reference, cost, ratio}] of session s's runs (reference None where absent)."""
    runs = []
    for setup, report, path in session_files(s, knee):
        f = repeat_scatter.features(report, 0)
        st = report["setup"]
        runs.append({"setup": setup, "repeat": repeat_scatter.repeat_of(path),
                     "group": f"{st['subscription']}, {st['tasks']} task{'s' if st['tasks'] > 1 else ''}",
                     "reference": f["reference"], "cost": f["us_per_copy"], "ratio": f["ratio"]})
    return runs


def demeaned(runs, key):
    """[(reference % from its setup mean, key from its setup mean: % for cost, pp for ratio)] over setups with two
    or more runs that carry both."""
    by = {}
    for r in runs:
        if r["reference"] is not None and r[key] is not None:
            by.setdefault(r["setup"], []).append(r)
    pairs = []
    for group in by.values():
        if len(group) < 2:
            continue
        mr = statistics.mean(r["reference"] for r in group)
        mk = statistics.mean(r[key] for r in group)
        for r in group:
            dk = (r[key] / mk - 1) * 100 if key == "cost" else r[key] - mk
            pairs.append(((r["reference"] / mr - 1) * 100, dk))
    return pairs


def pooled_sd_percent(runs, key="reference"):
    """(pooled within-setup sd of one run's value of key in % of its setup mean, degrees of freedom)."""
    ss, dof = 0.0, 0
    by = {}
    for r in runs:
        if r[key] is not None:
            by.setdefault(r["setup"], []).append(r[key])
    for values in by.values():
        if len(values) > 1:
            m = statistics.mean(values)
            ss += sum((v / m - 1) ** 2 for v in values) * 1e4
            dof += len(values) - 1
    return (math.sqrt(ss / dof) if dof else None), dof


def fmt(x, digits=1, sign=False):
    return "-" if x is None else (f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}")


def report(sessions, runs_by_session, out):
    out.write("# Speed reference against the servers' work, sessions " + " ".join(sessions) + "\n\n"
              "Made by `calibration/transfer/reference-vs-work.py " + " ".join(sessions) + "`. Reference: the warmed, "
              "unquota'd servers' CPU-us per copy under the fixed light load before the run (a cost: a slower "
              "machine reads higher). Cost: the measured run's servers' CPU-us per delivered copy.\n\n")
    out.write("## Every run\n\n| session | setup | repeat | mode, tasks | reference us/copy | run's cost us/copy "
              "| delivered % |\n|---|---|---|---|---|---|---|\n")
    for s in sessions:
        for r in sorted(runs_by_session[s], key=lambda r: (r["group"], r["setup"], r["repeat"])):
            out.write(f"| {s} | {r['setup']} | {r['repeat']} | {r['group']} | {fmt(r['reference'])} "
                      f"| {fmt(r['cost'])} | {fmt(r['ratio'])} |\n")
    out.write("\n## Repeats of one setup: last repeat against the first\n\n| session | setup | reference, % "
              "| cost per copy, % | delivered, pp | higher reference spent more per copy? | ... delivered less? |\n"
              "|---|---|---|---|---|---|---|\n")
    tally = {}
    for s in sessions:
        by = {}
        for r in runs_by_session[s]:
            if r["reference"] is not None:
                by.setdefault(r["setup"], []).append(r)
        for setup, group in sorted(by.items()):
            if len(group) < 2:
                continue
            group.sort(key=lambda r: r["repeat"])
            a, b = group[0], group[-1]
            dref = (b["reference"] / a["reference"] - 1) * 100
            dcost = (b["cost"] / a["cost"] - 1) * 100 if a["cost"] and b["cost"] else None
            dratio = b["ratio"] - a["ratio"]
            more = None if dcost is None or dref == 0 else (dref > 0) == (dcost > 0)
            less = None if dref == 0 or dratio == 0 else (dref > 0) == (dratio < 0)
            t = tally.setdefault(s, [0, 0, 0])
            t[0] += 1
            t[1] += bool(more)
            t[2] += bool(less)
            out.write(f"| {s} | {setup} | {fmt(dref, 1, True)} | {fmt(dcost, 1, True)} | {fmt(dratio, 1, True)} "
                      f"| {'-' if more is None else 'yes' if more else 'no'} "
                      f"| {'-' if less is None else 'yes' if less else 'no'} |\n")
    for s, (n, more, less) in tally.items():
        out.write(f"\nSession {s}: of {n} setups measured twice, the repeat with the higher reference spent more per "
                  f"copy in {more} and delivered less in {less} (chance: {n / 2:.0f} each).\n")
    out.write("\n## Within each session, setup-demeaned\n\n| session | runs | r (reference %, cost per copy %) | "
              "slope % per % (1 = the reference tracks the cost) | r (reference %, delivered pp) | slope pp per % "
              "| reference: sd of one run within its setup, % (dof) | cost per copy: the same, % (dof) |\n"
              "|---|---|---|---|---|---|---|---|\n")
    for s in sessions:
        n, rc, sc = repeat_scatter.fit(demeaned(runs_by_session[s], "cost"))
        _, rr, sr = repeat_scatter.fit(demeaned(runs_by_session[s], "ratio"))
        sd, dof = pooled_sd_percent(runs_by_session[s])
        sdc, dofc = pooled_sd_percent(runs_by_session[s], "cost")
        out.write(f"| {s} | {n} | {fmt(rc, 2)} | {fmt(sc, 2)} | {fmt(rr, 2)} | {fmt(sr, 2)} | {fmt(sd)} ({dof}) "
                  f"| {fmt(sdc)} ({dofc}) |\n")
    out.write("\n## The reference's noise against its signal\n\n| session | mode, tasks | runs | mean us/copy "
              "| sd of one run, % | mean's sd, % |\n|---|---|---|---|---|---|\n")
    for s in sessions:
        by = {}
        for r in runs_by_session[s]:
            if r["reference"] is not None:
                by.setdefault(r["group"], []).append(r["reference"])
        for group, values in sorted(by.items()):
            m = statistics.mean(values)
            sd = statistics.stdev(values) / m * 100 if len(values) > 1 else None
            out.write(f"| {s} | {group} | {len(values)} | {m:.1f} | {fmt(sd)} "
                      f"| {fmt(sd and sd / math.sqrt(len(values)))} |\n")
    out.write("\n(sd of one run within a (mode, tasks) group mixes setups: setups of one group differ in N, "
              "interval and quota, which the reference's fixed load does not see, so that sd is its noise "
              "between runs a few minutes apart.)\n")


def self_test():
    runs = [{"setup": "a", "repeat": 1, "reference": 30.0, "cost": 100.0, "ratio": 90.0},
            {"setup": "a", "repeat": 2, "reference": 33.0, "cost": 110.0, "ratio": 80.0},
            {"setup": "b", "repeat": 1, "reference": 20.0, "cost": 50.0, "ratio": 70.0},
            {"setup": "b", "repeat": 2, "reference": 18.0, "cost": 45.0, "ratio": 75.0}]
    n, r, slope = repeat_scatter.fit(demeaned(runs, "cost"))
    assert n == 4 and r > 0.99 and abs(slope - 1) < 0.05, (n, r, slope)
    _, r, _ = repeat_scatter.fit(demeaned(runs, "ratio"))
    assert r < -0.9, r
    sd, dof = pooled_sd_percent(runs)
    assert dof == 2 and 6 < sd < 8, (sd, dof)
    assert repeat_scatter.fit([(1, 1), (-1, -1)])[1] is None
    print("reference-vs-work.py: self-test passed")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    bad = [a for a in argv if not known(a)]
    if bad:
        sys.stderr.write(f"reference-vs-work.py: unknown session(s) {' '.join(bad)}; known: {' '.join(SESSIONS)} "
                         "(or any calibration/transfer/session-S folder)\n")
        return 2
    knee = knee_setups()
    candidates = argv or list(SESSIONS)
    runs_by_session = {s: session_runs(s, knee) for s in candidates}
    without = [s for s in candidates if not any(r["reference"] is not None for r in runs_by_session[s])]
    if argv and without:
        sys.stderr.write(f"reference-vs-work.py: session(s) {' '.join(without)} carry no speed reference "
                         "(environment.speed_reference_us_per_copy; measured from session L on)\n")
        return 2
    sessions = [s for s in candidates if s not in without]
    if not sessions:
        sys.stderr.write("reference-vs-work.py: no session carries a speed reference\n")
        return 2
    report(sessions, runs_by_session, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
