#!/usr/bin/env python3
"""A run's first seconds against the rest, measured and simulated (issue 17, session AP).

    python-first-seconds.py [--seconds S] [--predict PROFILE] [--out FILE] RUN.json...

The model delivers more than the replica in a run's first seconds, when the load generator (a fresh .NET process)
runs its code cold. Per group of runs (the setup, the repeat number aside, and the load generator's extra settings,
environment.loadgen_env: `calibration/run-local`'s LOADGEN_ENV), the runs and their mean in-run speed (millions,
environment.speed_index_server), delivery ratio (%), copies delivered in the first S seconds of the load (4 unless
given: the first second's ticks wait for the connects; the samples ending by S) and after them, and the load
generator's CPU (cores) in those seconds and after (process_cpu, the process named loadgen). With --predict, the
same for `fanoutsim run` of each run's setup at its own in-run speed with PROFILE (one replication, its time series
sampled every second, seed 1): the model's copies in the first S seconds and after, beside the runs'. Runs the
contamination guard marked (environment.contaminated) are left out and counted. Standard library only; bad input =>
one line naming the file, exit 2; an --out that cannot be written => one line, exit 3, before any work; a fanoutsim
run that fails => exit 1.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drop_scenario  # noqa: E402
import outfile  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USAGE = "usage: python-first-seconds.py [--seconds S] [--predict PROFILE] [--out FILE] RUN.json..."


class BadInput(Exception):
    pass


def load(path: str) -> dict:
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise BadInput(f"{path}:{e.lineno}:{e.colno}: a run file is not JSON: {e.msg}") from None


def split(samples: list, seconds: float) -> tuple:
    """Copies delivered in samples up to `seconds` of the load and after (each sample: its rate times its step)."""
    first = after = 0.0
    previous = 0.0
    for sample in samples:
        t = float(sample["time"])
        copies = float(sample.get("delivered_per_second", 0)) * (t - previous)
        previous = t
        if t <= seconds + 0.5:
            first += copies
        else:
            after += copies
    return first, after


def loadgen_cores(run: dict, seconds: float) -> tuple:
    """The load generator's mean cores in the first seconds and after; None when the run did not record it."""
    block = run.get("process_cpu") or {}
    times = block.get("time") or []
    for process in block.get("processes") or []:
        if process.get("name") != "loadgen":
            continue
        used = process.get("cpu_seconds") or []
        spans = [(t - (times[i - 1] if i else 0.0), used[i]) for i, t in enumerate(times[:len(used)])]
        head = [(dt, c) for (dt, c), t in zip(spans, times) if t <= seconds + 0.5]
        tail = [(dt, c) for (dt, c), t in zip(spans, times) if t > seconds + 0.5]
        rate = lambda part: sum(c for _, c in part) / sum(dt for dt, _ in part) if part else None  # noqa: E731
        return rate(head), rate(tail)
    return None, None


def read_run(path: str, seconds: float) -> dict:
    run = load(path)
    try:
        env = run.get("environment") or {}
        setup = run["setup"]
        first, after = split(run["time_series"]["samples"], seconds)
        row = {"group": re.sub(r"(\.r\d+)?\.json$", "", os.path.basename(path)),
               "loadgen_env": str(env.get("loadgen_env", "none")), "setup": setup,
               "ratio": float(run["metrics"]["delivery_ratio"]) * 100, "first": first, "after": after,
               "speed": float(env["speed_index_server"]) / 1e6,
               "contaminated": env.get("contaminated") in (True, "true")}
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BadInput(f"{path}: expected a measured run file with its time series and in-run speed ({e})") from None
    row["loadgen_first"], row["loadgen_after"] = loadgen_cores(run, seconds)
    return row


def predict(row: dict, profile: str, seconds: float, folder: str) -> tuple:
    """The model's (copies in the first seconds, after) for the run's setup at its speed."""
    scenario = os.path.join(folder, "scenario.yaml")
    out = os.path.join(folder, "model.json")
    drop_scenario.write(scenario, drop_scenario.keys(row["setup"], os.path.abspath(profile)))
    subprocess.run([os.path.join(ROOT, "fanoutsim"), "run", scenario, "--json", out, "--sample", "1s",
                    "--replications", "1", "--seed", "1", "--machine-speed", str(int(row["speed"] * 1e6))],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    model = load(out)
    return split(model["time_series"]["samples"], seconds)


def mean(values: list):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def report(paths: list, seconds: float, profile) -> str:
    rows = [read_run(p, seconds) for p in paths]
    left = [r for r in rows if r["contaminated"]]
    rows = [r for r in rows if not r["contaminated"]]
    if profile:
        with tempfile.TemporaryDirectory(prefix="first-seconds-") as folder:
            for r in rows:
                r["model_first"], r["model_after"] = predict(r, profile, seconds, folder)
    groups: dict = {}
    for r in rows:
        groups.setdefault((r["group"], r["loadgen_env"]), []).append(r)
    head = (f"| setup | load generator settings | runs | in-run speed, millions | ratio % | copies in the first "
            f"{seconds:g} s | after | load generator cores in the first {seconds:g} s | after |")
    lines = [head + (" model: copies in the first seconds | after |" if profile else ""),
             "|---" * (9 + (2 if profile else 0)) + "|"]
    for (group, env), part in sorted(groups.items()):
        cells = [group, env, str(len(part)), fmt(mean([r["speed"] for r in part]), ".2f"),
                 fmt(mean([r["ratio"] for r in part]), ".1f"), fmt(mean([r["first"] for r in part]), ".0f"),
                 fmt(mean([r["after"] for r in part]), ".0f"), fmt(mean([r["loadgen_first"] for r in part]), ".2f"),
                 fmt(mean([r["loadgen_after"] for r in part]), ".2f")]
        if profile:
            cells += [fmt(mean([r["model_first"] for r in part]), ".0f"),
                      fmt(mean([r["model_after"] for r in part]), ".0f")]
        lines.append("| " + " | ".join(cells) + " |")
    if left:
        lines.append(f"\nLeft out, marked contaminated: {len(left)} ({', '.join(r['group'] for r in left)}).")
    return "\n".join(lines)


def main(argv: list) -> int:
    seconds, profile, out, paths = 4.0, None, None, []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("--seconds", "--predict", "--out"):
            if not args:
                raise BadInput(f"{arg} needs a value\n{USAGE}")
            value = args.pop(0)
            if arg == "--seconds":
                try:
                    seconds = float(value)
                except ValueError:
                    seconds = -1
                if not seconds > 0:
                    raise BadInput(f"--seconds expects a positive number of seconds, not '{value}'")
            elif arg == "--predict":
                if not os.path.isfile(value):
                    raise BadInput(f"--predict: no profile file {value}")
                profile = value
            else:
                out = value
        elif arg.startswith("--"):
            raise BadInput(f"unknown option '{arg}'\n{USAGE}")
        else:
            paths.append(arg)
    if not paths:
        raise BadInput(USAGE)
    if not outfile.writable("python-first-seconds.py", out):
        return 3
    return outfile.emit(out, report(paths, seconds, profile))


if __name__ == "__main__":
    outfile.main("python-first-seconds.py", main, errors=(BadInput,))
