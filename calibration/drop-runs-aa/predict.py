#!/usr/bin/env python3
"""Issue 13, session AA: the four new lockstep drop setups (sweep-new.txt) predicted BEFORE they were measured, by
each profile given, at the profile's own speed (`fanoutsim run -r R`; the held-out figures after the runs use each
run's in-run speed through `calibrate --predict-only`, as every drop table does). Mean delivered % +- the 95 % half
width of that mean over the replications, and the probe aborts a replication.

  calibration/drop-runs-aa/predict.py --profile local=calibration/profiles/local.yaml \
      --profile candidate=calibration/drop-probe-heads/local-candidate.yaml -r 24 \
      --out calibration/drop-runs-aa/predicted.md

Bad input (a --profile not NAME=PATH of a file, a missing --sweep, a profile fanoutsim refuses): one line, exit 2; an
unwritable --out: exit 2 before the work; Ctrl-C: exit 130, nothing written.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import outfile  # noqa: E402

MODES = {"per-connection": "perconn", "per-task": "pertask"}


def setups(path):
    for line in open(path):
        line = line.split("#", 1)[0].split()
        if line:
            n, interval, tasks, quota, bw, mode, queue = line
            name = f"n{n}-i{interval}-t{tasks}-q{quota}-bw{bw}-{MODES[mode]}-ramp0s-qkb{queue}"
            yield name, {"name": name, "users": n, "interval": f"{interval}s", "session": "10s", "sessions": 2,
                         "ramp": "0s", "tasks": tasks, "task_vcpu": quota, "subscription": mode,
                         "redis_egress_mbps": bw, "redis_shaping_bucket_kb": 128, "redis_shaping_queue_kb": queue}


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", action="append", required=True, help="NAME=PATH")
    ap.add_argument("-r", "--replications", type=int, default=24)
    ap.add_argument("--sweep", default=os.path.join(HERE, "sweep-new.txt"))
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    if a.out:
        outfile.check(a.out)
    profiles = [p.split("=", 1) for p in a.profile]
    for given, pair in zip(a.profile, profiles):
        if len(pair) != 2 or not pair[0] or not os.path.isfile(pair[1]):
            raise ValueError(f"--profile {given}: expected NAME=PATH of a profile file")
    if not os.path.isfile(a.sweep):
        raise ValueError(f"--sweep {a.sweep}: no such file")
    lines = ["# The new drop setups, predicted before they were measured (issue 13, session AA)", "",
             "Made by `calibration/drop-runs-aa/predict.py " + " ".join(argv) + "` (`fanoutsim run` at each",
             "profile's own speed, seeds 1..R; mean delivered +- the 95 % half width; mean aborts a replication).", "",
             "| setup | " + " | ".join(f"{n}: delivered %, aborts" for n, _ in profiles) + " |",
             "|---|" + "---|" * len(profiles)]
    with tempfile.TemporaryDirectory() as work:
        for name, keys in setups(a.sweep):
            cells = []
            for pname, ppath in profiles:
                y = os.path.join(work, "s.yaml")
                with open(y, "w") as f:
                    f.write("".join(f"{k}: {v}\n" for k, v in keys.items()))
                    f.write(f"profile: {os.path.abspath(ppath)}\n")
                js = os.path.join(work, "r.json")
                done = subprocess.run([os.path.join(ROOT, "fanoutsim"), "run", y, "-r", str(a.replications), "-s",
                                       "1", "--json", js], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                if done.returncode != 0:
                    said = done.stderr.strip().splitlines()
                    raise ValueError(f"{name} with {pname}: {said[-1] if said else f'exit {done.returncode}'}")
                r = json.load(open(js))
                m = r["metrics"]
                ci = r.get("confidence") or {}
                sh = r["redis_shaping"]
                half = ci.get("delivery_ratio_half_width")
                se = f" +- {100 * half:.1f}" if half is not None else ""
                cells.append(f"{100 * m['delivery_ratio']:.1f}{se}, {sh['probe_aborts']:.1f}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
            print(lines[-1], file=sys.stderr)
    text = "\n".join(lines) + "\n"
    if a.out:
        outfile.write(a.out, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    outfile.main("predict.py", main)
