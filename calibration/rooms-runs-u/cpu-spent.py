#!/usr/bin/env python3
"""What real servers spent per delivery, run by run: server CPU-seconds (each task's process, from the run file's
`environment.server_cpu_seconds_pid*`) over the copies the load generator received, beside the quota, the share of
100 ms periods in which the task's cgroup was throttled, and the delivery ratio.

    python3 calibration/rooms-runs-u/cpu-spent.py --out TABLE.md DIR_OR_FILE...

Why: the same server at a loose quota spends several times the CPU per delivery that it spends at a tight one
(issue 16, README "What a server spends with CPU to spare"), so CPU measured with room to spare is no cost to fit.
"""
import argparse
import glob
import json
import os
import sys
import tempfile


def run_row(path):
    with open(path) as f:
        run = json.load(f)
    env, metrics, setup = run["environment"], run["metrics"], run.get("setup", {})
    cpu = sum(float(v) for k, v in env.items() if k.startswith("server_cpu_seconds_pid"))
    received = metrics["ws_msgs_received"]
    periods = throttled = 0
    for group in (run.get("process_cpu") or {}).get("cgroups", []):
        periods += sum(group.get("periods", []))
        throttled += sum(group.get("throttled_periods", []))
    name = os.path.basename(path)[:-len(".json")]
    return {
        "folder": os.path.basename(os.path.dirname(os.path.abspath(path))),
        "run": name,
        "quota": env.get("cpu_quota", "").split("cfs_quota_us=")[-1].split(" ")[0],
        "ratio": metrics["delivery_ratio"],
        "delivered_s": metrics["delivered_per_second"],
        "cpu_s": cpu,
        "us_per_delivery": 1e6 * cpu / received if received else float("nan"),
        "throttled": throttled / periods if periods else float("nan"),
        "contaminated": env.get("contaminated", "?"),
        "spin": "off" if "UnfairSemaphoreSpinLimit=0" in env.get("server_cpus", "") else "on",
    }


def table(rows):
    lines = ["| folder | run | quota us / 100 ms | thread pool spinning | ratio | delivered/s | server CPU-s "
             "(all tasks) | CPU us per delivery | throttled periods | contaminated |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['folder']} | {r['run']} | {r['quota']} | {r['spin']} | {100 * r['ratio']:.1f} % | "
                     f"{r['delivered_s']:.0f} | {r['cpu_s']:.2f} | {r['us_per_delivery']:.1f} | "
                     f"{100 * r['throttled']:.0f} % | {r['contaminated']} |")
    return "\n".join(lines) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="markdown table to write (by rename)")
    parser.add_argument("paths", nargs="+", help="run files or folders of run files")
    args = parser.parse_args(argv)
    folder = os.path.dirname(os.path.abspath(args.out))
    # The output is checked before any run is read.
    if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        print(f"cpu-spent.py: error: cannot write {args.out}: no writable folder {folder}", file=sys.stderr)
        return 3
    files = []
    for p in args.paths:
        files += sorted(glob.glob(os.path.join(p, "*.json"))) if os.path.isdir(p) else [p]
    if not files:
        print("cpu-spent.py: error: no run files given", file=sys.stderr)
        return 2
    rows = []
    for f in files:
        try:
            rows.append(run_row(f))
        except OSError as e:
            print(f"cpu-spent.py: error: {f}: {e.strerror}", file=sys.stderr)
            return 2
        except (ValueError, KeyError, TypeError) as e:
            print(f"cpu-spent.py: error: {f}: not a run file of calibration/run-local ({e})", file=sys.stderr)
            return 2
    command = "python3 calibration/rooms-runs-u/cpu-spent.py --out " + args.out + " " + " ".join(args.paths)
    text = f"# CPU the real servers spent per delivery\n\nMade by: `{command}`\n\n" + table(rows)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cpu-spent.")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, args.out)
    except OSError as e:
        print(f"cpu-spent.py: error: cannot write {args.out}: {e.strerror}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
