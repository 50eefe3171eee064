#!/usr/bin/env python3
"""The knee runs' own throughput, by setup, from their per-second timelines (every session, a to g; contaminated
runs left out), as Markdown on stdout. Usage (from the repository root): calibration/transfer/throughput-by-session.py

For each run: the mean deliveries/s over the seconds of each measured session in which every user was connected
(first session from second 2), divided by the run's total quota (tasks x cores) and by its speed index (the probes'
rule, millions of envelopes per CPU-second): copies per second per quota core at unit speed. Printed per setup: the
first session's figure (mean and sd over the runs) and the second session's over the first's (median): whether a
server under quota still speeds up after run-local's unquota'd warm-up. Standard library only.
"""
import statistics
import sys

from knee_runs import SESSIONS, knee_setups, session_reports


def sessions(report):
    """Deliveries/s of each stretch with every user connected (a gap of more than 2.5 s starts a new one)."""
    users = report["setup"]["users"]
    stretches, current, last = [], [], None
    for s in report["time_series"]["samples"]:
        if s["time"] < 2 or s.get("open_connections", 0) < users:
            continue
        if last is not None and s["time"] - last > 2.5:
            stretches.append(current)
            current = []
        current.append(s["delivered_per_second"])
        last = s["time"]
    stretches.append(current)
    return [statistics.mean(x) for x in stretches if len(x) >= 3]


def main():
    knee = knee_setups()
    first, second = {}, {}
    for session in SESSIONS:
        for setup, report in session_reports(session, knee):
            env = report["environment"]
            speed = float(env.get("speed_index_server_probes") or env["speed_index"]) / 1e6
            quota = report["setup"]["tasks"] * report["setup"]["task_vcpu"]
            rates = sessions(report)
            if rates:
                first.setdefault(setup, []).append(rates[0] / quota / speed / 1000)
            if len(rates) >= 2:
                second.setdefault(setup, []).append(rates[1] / rates[0])
    out = sys.stdout
    out.write("| setup | runs | first session, k copies/s per quota core per million speed (sd) "
              "| second session / first, median (runs) |\n|---|---|---|---|\n")
    for setup in sorted(first):
        f = first[setup]
        s = second.get(setup, [])
        out.write(f"| {setup} | {len(f)} | {statistics.mean(f):.1f} ({statistics.stdev(f):.1f}) | "
                  f"{statistics.median(s):.2f} ({len(s)}) |\n" if s else f"| {setup} | {len(f)} | "
                  f"{statistics.mean(f):.1f} | - |\n")


if __name__ == "__main__":
    main()
