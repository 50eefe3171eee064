#!/usr/bin/env python3
"""The replica's connect and close times against the model's (issue 17, session AK): every single-room setup of the
Python sessions given, its clean runs' mean delivered ratio, ws_connecting and ws_closing averages, session length and
send-to-receipt p50, beside a profile's simulation of the same setup at the runs' mean in-run speed (4 replications).

    connect-compare.py --profile PROFILE [--only SUBSTRING] FOLDER...

A connect the model makes longer than the replica's keeps a user deaf longer between its sessions (the copies
published meanwhile are not its to receive), so where the model misses a setup's ratio low its connects are the
first place to look. Writes the table to stdout (markdown). Runs ./fanoutsim from the repository (about 2 s a setup).
Bad input (a missing folder or profile) => one line, exit 2; a simulation that fails => its error line, exit 1;
Ctrl-C => exit 130.
"""
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def clean_runs(folders):
    runs = defaultdict(list)
    for folder in folders:
        paths = glob.glob(os.path.join(folder, "*.json"))
        if not paths:
            raise ValueError(f"{folder}: no run files (*.json)")
        for path in paths:
            with open(path) as f:
                run = json.load(f)
            if run.get("schema") != "fanoutsim.run/1":
                continue
            env = run.get("environment") or {}
            setup = run["setup"]
            if env.get("contaminated") in ("true", True) or setup.get("redis_link") not in (None, "unshaped"):
                continue
            runs[setup["name"]].append(run)
    return runs


def scenario(setup, speed, profile):
    return "\n".join([
        f"name: {setup['name']}", f"users: {setup['users']}", f"interval: {setup['interval_seconds']}s",
        f"session: {setup['session_seconds']}s", f"sessions: {setup['sessions']}", f"ramp: {setup['ramp_seconds']}s",
        f"tasks: {setup['tasks']}", f"task_vcpu: {setup['task_vcpu']}", "task_memory_gb: 2",
        "load_balancer: round-robin", f"subscription: {setup['subscription']}", "redis_node: local-unshaped",
        f"profile: {profile}", f"machine_speed: {speed:.0f}", "seed: 1", "replications: 4", ""])


def simulate(setup, speed, profile, scratch):
    path = os.path.join(scratch, "s.yaml")
    out = os.path.join(scratch, "s.json")
    with open(path, "w") as f:
        f.write(scenario(setup, speed, profile))
    done = subprocess.run([os.path.join(ROOT, "fanoutsim"), "run", path, "--json", out], capture_output=True,
                          text=True)
    if done.returncode:
        raise RuntimeError(f"{setup['name']}: " + (done.stderr.strip().splitlines() or ["failed"])[-1])
    with open(out) as f:
        return json.load(f)


def main(argv):
    profile, only, folders = None, None, []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("--profile", "--only") and args:
            value = args.pop(0)
            profile, only = (value, only) if a == "--profile" else (profile, value)
        else:
            folders.append(a)
    if not profile or not folders:
        print("usage: connect-compare.py --profile PROFILE [--only SUBSTRING] FOLDER...", file=sys.stderr)
        return 2
    if not os.path.isfile(profile):
        print(f"connect-compare.py: {profile}: no such profile", file=sys.stderr)
        return 2
    try:
        runs = clean_runs(folders)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as e:
        print(f"connect-compare.py: {e}", file=sys.stderr)
        return 2
    print("| setup | runs | ratio % | model | connect s | model | close s | model | session s | model "
          "| p50 s | model |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for name in sorted(runs):
            if only and only not in name:
                continue
            rs = runs[name]

            def mean(get):
                values = [v for v in (get(r) for r in rs) if v is not None]
                return sum(values) / len(values) if values else float("nan")
            speed = mean(lambda r: float(r["environment"]["speed_index_server"]))
            try:
                model = simulate(rs[0]["setup"], speed, os.path.abspath(profile), scratch)
            except RuntimeError as e:
                print(f"connect-compare.py: {e}", file=sys.stderr)
                return 1
            m = model["metrics"]
            print(f"| {name} | {len(rs)} | {100 * mean(lambda r: r['metrics']['delivery_ratio']):.1f} "
                  f"| {100 * m['delivery_ratio']:.1f} "
                  f"| {mean(lambda r: r['metrics']['ws_connecting']['avg']):.2f} | {m['ws_connecting']['avg']:.2f} "
                  f"| {mean(lambda r: r['metrics']['ws_closing']['avg']):.2f} | {m['ws_closing']['avg']:.2f} "
                  f"| {mean(lambda r: r['metrics']['ws_session_duration']['avg']):.2f} "
                  f"| {m['ws_session_duration']['avg']:.2f} "
                  f"| {mean(lambda r: (r.get('delivery_latency') or {}).get('p50')):.2f} "
                  f"| {model['delivery_latency']['p50']:.2f} |")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    sys.exit(main(sys.argv[1:]))
