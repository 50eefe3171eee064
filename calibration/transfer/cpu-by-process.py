#!/usr/bin/env python3
"""Who used the machine's cores during a real run: the run file's process_cpu block (`fanoutsim load`, recorded by
calibration/run-local since 2026-12-03), as text on stdout. Standard library only.

Usage (from the repository root):
  calibration/transfer/cpu-by-process.py [--means] [RUN.json | FOLDER ...]
  calibration/transfer/cpu-by-process.py --self-test

Without arguments it reads every knee session's uncontaminated runs (knee_runs.py's loader); a folder stands for its
*.json files. For each run file that has the block it prints, second by second and as the run's mean: each process'
CPU in cores (servers task1.., Redis, the id service, the speed sampler, the load generator; children included), each
server's throttled fraction (CFS periods in which its quota held it back / periods) and throttled seconds per second,
the foreign CPU (time_series foreign_cpu_cores: processes other than the run's own), and the spare cores: cores
available - own - foreign. --means prints the means only. Files without the block (runs measured before it) are
listed as such and otherwise ignored.
"""
import json
import os
import statistics
import sys

from knee_runs import SESSIONS, knee_setups, session_reports


def per_second(report):
    """Rows of one run: (time, {process: cores}, {task: (throttled fraction, throttled s/s)}, foreign, spare), or None
    without a process_cpu block."""
    block = report.get("process_cpu")
    if not block:
        return None
    cores = float(report.get("environment", {}).get("cores_available", 2))
    samples = report.get("time_series", {}).get("samples", [])
    foreign_at = {round(s["time"], 6): s.get("foreign_cpu_cores") for s in samples}
    rows, previous = [], 0.0
    for i, t in enumerate(block["time"]):
        dt = t - previous
        previous = t
        if dt <= 0:
            continue
        cpu = {}
        for p in block["processes"]:
            c = p["cpu_seconds"][i]
            cpu[p["name"]] = None if c is None else c / dt
        throttle = {}
        for g in block.get("cgroups", []):
            periods, throttled, held = g["periods"][i], g["throttled_periods"][i], g["throttled_seconds"][i]
            frac = None if periods in (None, 0) or throttled is None else throttled / periods
            throttle[g["name"]] = (frac, None if held is None else held / dt)
        own = sum(c for c in cpu.values() if c is not None)
        foreign = foreign_at.get(round(t, 6))
        rows.append((t, cpu, throttle, foreign, cores - own - (foreign or 0.0)))
    return rows


def mean(values):
    v = [x for x in values if x is not None]
    return statistics.mean(v) if v else None


def fmt(x, width=7, digits=3):
    return f"{'-':>{width}}" if x is None else f"{x:>{width}.{digits}f}"


def summary(rows):
    """The run's means: ({process: cores}, {task: (fraction, s/s)}, foreign, spare)."""
    names = list(rows[0][1]) if rows else []
    tasks = list(rows[0][2]) if rows else []
    cpu = {n: mean(r[1][n] for r in rows) for n in names}
    throttle = {g: (mean(r[2][g][0] for r in rows), mean(r[2][g][1] for r in rows)) for g in tasks}
    return cpu, throttle, mean(r[3] for r in rows), mean(r[4] for r in rows)


def print_run(label, report, means_only, out):
    rows = per_second(report)
    if rows is None:
        out.write(f"{label}: no process_cpu block (measured before it was recorded)\n")
        return
    names = list(rows[0][1]) if rows else []
    tasks = list(rows[0][2]) if rows else []
    cores = report.get("environment", {}).get("cores_available", "2")
    ratio = report.get("metrics", {}).get("delivery_ratio", 0) * 100
    out.write(f"{label}: {report['setup']['name']}, delivered {ratio:.1f} %, {cores} cores; CPU in cores\n")
    header = ["   time"] + [f"{n[:12]:>12}" for n in names] + [f"{g + ' thr':>10}{g + ' s/s':>10}" for g in tasks] \
        + [f"{'foreign':>8}", f"{'spare':>8}"]
    out.write(" ".join(header) + "\n")
    if not means_only:
        for t, cpu, throttle, foreign, spare in rows:
            line = [fmt(t, 7, 1)] + [fmt(cpu[n], 12) for n in names] \
                + [fmt(throttle[g][0], 10) + fmt(throttle[g][1], 10) for g in tasks] + [fmt(foreign, 8), fmt(spare, 8)]
            out.write(" ".join(line) + "\n")
    cpu, throttle, foreign, spare = summary(rows)
    line = ["   mean"] + [fmt(cpu[n], 12) for n in names] \
        + [fmt(throttle[g][0], 10) + fmt(throttle[g][1], 10) for g in tasks] + [fmt(foreign, 8), fmt(spare, 8)]
    out.write(" ".join(line) + "\n\n")


def files_of(args):
    for a in args:
        if os.path.isdir(a):
            for name in sorted(os.listdir(a)):
                if name.endswith(".json"):
                    yield os.path.join(a, name)
        else:
            yield a


def self_test():
    """Two servers (one throttled), Redis and the load generator over two 1 s intervals, on 2 cores."""
    report = {
        "setup": {"name": "t"}, "metrics": {"delivery_ratio": 0.5}, "environment": {"cores_available": "2"},
        "time_series": {"samples": [{"time": 1.0, "foreign_cpu_cores": 0.1}, {"time": 2.0, "foreign_cpu_cores": 0.3}]},
        "process_cpu": {
            "time": [1.0, 2.0],
            "processes": [{"name": "task1", "cpu_seconds": [0.05, 0.05]}, {"name": "task2", "cpu_seconds": [0.04, None]},
                          {"name": "redis-server", "cpu_seconds": [0.2, 0.4]}, {"name": "loadgen", "cpu_seconds": [0.1, 0.3]}],
            "cgroups": [{"name": "task1", "periods": [10, 10], "throttled_periods": [8, 6],
                         "throttled_seconds": [0.5, 0.3]}],
        },
    }
    rows = per_second(report)
    assert len(rows) == 2, rows
    assert abs(rows[0][4] - (2 - 0.39 - 0.1)) < 1e-9, rows[0]
    assert rows[1][1]["task2"] is None and abs(rows[1][4] - (2 - 0.75 - 0.3)) < 1e-9, rows[1]
    cpu, throttle, foreign, spare = summary(rows)
    assert abs(cpu["redis-server"] - 0.3) < 1e-9 and abs(cpu["task2"] - 0.04) < 1e-9, cpu
    assert abs(throttle["task1"][0] - 0.7) < 1e-9 and abs(throttle["task1"][1] - 0.4) < 1e-9, throttle
    assert abs(foreign - 0.2) < 1e-9 and abs(spare - (1.51 + 0.95) / 2) < 1e-9, (foreign, spare)
    assert per_second({"setup": {"name": "old"}}) is None
    print("cpu-by-process self-test: ok")


def fail(message):
    """Bad input: one line on stderr, exit 2."""
    print(f"cpu-by-process.py: {message}", file=sys.stderr)
    sys.exit(2)


def main():
    args = sys.argv[1:]
    if "--self-test" in args:
        self_test()
        return
    means_only = "--means" in args
    args = [a for a in args if a != "--means"]
    out = sys.stdout
    if args:
        for path in files_of(args):
            try:
                with open(path, encoding="utf-8") as f:
                    report = json.load(f)
            except json.JSONDecodeError as e:
                fail(f"{path}:{e.lineno}:{e.colno}: not a run file (JSON): {e.msg}")
            except OSError as e:
                fail(f"{path}: cannot read: {e.strerror}")
            print_run(path, report, means_only, out)
        return
    knee = knee_setups()
    for s in SESSIONS:
        for setup, report in session_reports(s, knee):
            print_run(f"session {s}", report, means_only, out)


if __name__ == "__main__":
    main()
