#!/usr/bin/env python3
"""Where the Python replica's servers spend their CPU (issue 17): per run its servers' whole CPU seconds and the kernel
part (environment.server_cpu_seconds_pidN, server_cpu_system_seconds_pidN), per copy the load generator received,
beside the run's in-run speed index (speed_index_server); then per mode the kernel share and how the user and the
kernel microseconds a copy move with the speed (least-squares slope of ln(us a copy) on ln(speed) within setups: -1
is a cost that follows the speed index one for one, 0 one that ignores it).

    python3 calibration/python-cpu-split/split.py FOLDER...

Runs without kernel seconds (measured before they were recorded) are skipped. Standard library only; bad input is
one line and exit 2.
"""
import glob
import json
import math
import os
import re
import statistics
import sys


def slope(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx > 0 else float("nan")


def main(folders):
    if not folders:
        print("usage: split.py FOLDER...", file=sys.stderr)
        return 2
    runs = []
    for folder in folders:
        if not os.path.isdir(folder):
            print(f"split.py: no folder {folder}", file=sys.stderr)
            return 2
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            try:
                with open(path) as f:
                    run = json.load(f)
            except ValueError:
                print(f"split.py: {path} is not a run file (not JSON)", file=sys.stderr)
                return 2
            env = run.get("environment") or {}
            prefix = "server_cpu_system_seconds_pid"
            pids = [k[len(prefix):] for k in env if k.startswith(prefix)]
            if not pids:
                continue
            whole = sum(float(env[f"server_cpu_seconds_pid{p}"]) for p in pids)
            system = sum(float(env[f"server_cpu_system_seconds_pid{p}"]) for p in pids)
            copies = run["metrics"]["ws_msgs_received"]
            name = os.path.basename(path)[:-5]
            runs.append({"run": name, "setup": re.sub(r"\.r\d+$", "", name), "mode": run["setup"]["subscription"],
                         "speed": float(env["speed_index_server"]) / 1e6,
                         "ratio": 100 * run["metrics"]["delivery_ratio"],
                         "user": 1e6 * (whole - system) / copies, "system": 1e6 * system / copies,
                         "share": system / whole, "contaminated": env.get("contaminated")})
    if not runs:
        print("split.py: no run records its servers' kernel seconds", file=sys.stderr)
        return 2
    print("| run | mode | in-run speed (M) | ratio % | user us a copy | kernel us a copy | kernel share "
          "| contaminated |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r['run']} | {r['mode']} | {r['speed']:.2f} | {r['ratio']:.1f} | {r['user']:.1f} | "
              f"{r['system']:.1f} | {r['share']:.2f} | {r['contaminated']} |")
    print()
    print("| mode | runs | kernel share (mean) | user us a copy per ln speed (slope of ln) | kernel (slope of ln) |")
    print("|---|---|---|---|---|")
    for mode in sorted({r["mode"] for r in runs}):
        user, system = [], []
        for setup in sorted({r["setup"] for r in runs if r["mode"] == mode}):
            group = [r for r in runs if r["setup"] == setup]
            if len(group) < 2:
                continue
            centre = statistics.fmean(math.log(r["speed"]) for r in group)
            lu = statistics.fmean(math.log(r["user"]) for r in group)
            ls = statistics.fmean(math.log(r["system"]) for r in group)
            user += [(math.log(r["speed"]) - centre, math.log(r["user"]) - lu) for r in group]
            system += [(math.log(r["speed"]) - centre, math.log(r["system"]) - ls) for r in group]
        mine = [r for r in runs if r["mode"] == mode]
        print(f"| {mode} | {len(mine)} | {statistics.fmean(r['share'] for r in mine):.2f} | "
              f"{slope(user) if user else float('nan'):+.2f} | {slope(system) if system else float('nan'):+.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
