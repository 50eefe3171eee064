#!/usr/bin/env python3
"""Does a session's measured speed agree with what its servers did? One row per knee session (knee_runs.py's loader,
contaminated runs left out), as Markdown on stdout. Usage (from the repository root):
  calibration/transfer/speed-by-session.py [SESSION ...]   # default: every session
  calibration/transfer/speed-by-session.py --by-setup S [SESSION ...]   # S against the others, setup by setup

Per session: the host as the run files recorded it (cpu_mhz, kernel), the mean (over setups) in-run and probes' speed
index where the servers ran (millions of envelopes per CPU-second), and, per setup, the session's mean against the
mean of the same setup over every session asked (median over the ten setups, in %): the delivery ratio (pp), the
servers' measured CPU-microseconds per delivered copy (repeat-scatter.py's (e): server CPU seconds / copies received)
and the two speed indexes; and, for sessions that measured it (L on), the speed reference (the servers' CPU-us per
copy under one fixed light load before the quota: a cost, so a slower machine reads higher), its mean over setups and
against all (the sessions asked that have it). A machine the probes call slower should spend more CPU per copy (a negative speed
difference, a positive cost difference); a session where both are negative is one where the probes misjudge the
servers' speed. Standard library only.

--by-setup S compares session S with the other sessions asked (default: every session) setup by setup: per setup
each session's mean delivery ratio, servers' CPU-us per copy, throughput per quota core (throughput-by-session.py's
first stretch with every user connected, k copies/s per core of quota, not divided by any speed index) and stalled
seconds (repeat-scatter.py's), with S minus the mean of the others; then per session the runs the guard flagged
contaminated and the mean foreign CPU and steal of the runs kept: whether S is uniformly off or off in a few setups,
and whether its records say why.
"""
import statistics
import sys

from knee_runs import SESSIONS, knee_setup_order, knee_setups, load_script, session_files, session_reports

repeat_scatter = load_script("repeat-scatter.py")
throughput_by_session = load_script("throughput-by-session.py")

KEYS = ("ratio", "us_per_copy", "inrun", "probes", "reference", "throughput", "stalled", "foreign", "steal")
# --by-setup's tables: (key, what, how S differs from the others: "pp" and "s" a difference, "%" a ratio).
BY_SETUP = (("ratio", "delivery ratio, %", "pp"), ("us_per_copy", "servers' CPU per delivered copy, us", "%"),
            ("throughput", "throughput per quota core, k copies/s (first stretch, no speed index)", "%"),
            ("stalled", "stalled seconds (repeat-scatter.py's)", "s"))


def collect(sessions, knee):
    """{session: {setup: {key: mean over its runs}}} and {session: set of (cpu_mhz, kernel)}."""
    means, hosts = {}, {}
    for s in sessions:
        runs = {}
        for setup, report in session_reports(s, knee):
            env = report.get("environment", {})
            hosts.setdefault(s, set()).add((env.get("cpu_mhz", "?"), env.get("kernel", "?")))
            f = repeat_scatter.features(report, 0)
            rates = throughput_by_session.sessions(report)
            quota = report["setup"]["tasks"] * report["setup"]["task_vcpu"]
            f["throughput"] = rates[0] / quota / 1000 if rates else None
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


def differs(x, others, unit):
    """How x differs from the mean of others: a difference in pp or s, in % for the rest; None without both."""
    m = mean(others)
    if x is None or m is None:
        return None
    return x - m if unit in ("pp", "s") else (x / m - 1) * 100


def by_setup(s, sessions, out):
    """Session s against the other sessions asked, setup by setup (Markdown)."""
    knee = knee_setups()
    means, _ = collect(sessions, knee)
    others = [t for t in sessions if t != s]
    out.write(f"# Session {s} against {' '.join(others)}, setup by setup\n\nMade by "
              f"`calibration/transfer/speed-by-session.py --by-setup {s} {' '.join(sessions)}`: each cell the mean "
              f"over the session's uncontaminated runs of the setup; last column {s} against the mean of the other "
              "sessions' cells.\n")
    for key, what, unit in BY_SETUP:
        out.write(f"\n## {what}\n\n| setup | " + " | ".join(sessions) + f" | {s} vs others, {unit} |\n|---|"
                  + "---|" * (len(sessions) + 1) + "\n")
        diffs = []
        for setup in knee_setup_order():
            cells = [means[t].get(setup, {}).get(key) for t in sessions]
            d = differs(means[s].get(setup, {}).get(key), [means[t].get(setup, {}).get(key) for t in others], unit)
            if d is not None:
                diffs.append(d)
            out.write(f"| {setup} | " + " | ".join(fmt(c, 1, False) for c in cells) + f" | {fmt(d)} |\n")
        if diffs:
            out.write("| mean over setups | " + " | ".join(fmt(mean([m.get(key) for m in means[t].values()]), 1, False)
                                                        for t in sessions)
                      + f" | {fmt(mean(diffs))} (below in {sum(d < 0 for d in diffs)} of {len(diffs)}) |\n")
    out.write("\n## What the sessions' records say\n\n| session | runs kept | flagged contaminated | foreign CPU, mean "
              "cores | steal, mean % | in-run speed, mean M |\n|---|---|---|---|---|---|\n")
    for t in sessions:
        every = list(session_files(t, knee, contaminated=True))
        kept = [repeat_scatter.features(report, 0) for _, report, _ in session_files(t, knee)]
        steal, inrun, foreign = (mean([r[k] for r in kept]) for k in ("steal", "inrun", "foreign"))
        out.write(f"| {t} | {len(kept)} | {len(every) - len(kept)} | {fmt(foreign, 3, False)} "
                  f"| {fmt(steal and steal * 100, 2, False)} | {fmt(inrun and inrun / 1e6, 2, False)} |\n")


def main(argv):
    compare = argv[:1] == ["--by-setup"]
    if compare:
        if len(argv) < 2:
            sys.stderr.write("speed-by-session.py: --by-setup needs the session to compare\n")
            return 2
        argv = argv[1:]
    sessions = argv[1:] if compare else argv
    sessions = sessions or list(SESSIONS)
    unknown = list(dict.fromkeys(s for s in argv + sessions if s not in SESSIONS))
    if unknown:
        sys.stderr.write(f"speed-by-session.py: unknown session(s) {' '.join(unknown)}; known: {' '.join(SESSIONS)}\n")
        return 2
    if compare:
        by_setup(argv[0], sessions if argv[0] in sessions else [argv[0]] + sessions, sys.stdout)
        return 0
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
