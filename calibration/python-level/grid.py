#!/usr/bin/env python3
"""Issue 17, a session's level: each v1272 session predicted by the fit that left it out (leave one session out,
calibration/python-runs-y/by-session-v1272y-RULE/fit-all-but-SESSION.yaml) with every CPU cost scaled by one factor
L (the profile's speed_index x L; costs follow speed_index / the run's speed, so L > 1 = the session slower than its
speed index says), over a grid of L, `--predict-only --replications 2`.

    python3 calibration/python-level/grid.py [RULE...]     # default: in-run probes; about 12 min on a busy machine
    python3 calibration/python-level/grid.py --in-sample [RULE...]   # about 7 min a rule

Writes calibration/python-level/grid/RULE-SESSION.csv: one row per setup (calibrate joins a setup's repeats) and L,
columns level,setup,repeats,measured,predicted. Session Y is also predicted run by run (each run copied under its
own name by floor.py --copies): RULE-python-runs-y-per-run.csv. --in-sample: each fit's own sessions instead, every
session O that the fit without S was fitted on, L = 0.90 .. 1.20: grid/in-sample/RULE-fit-all-but-S-on-O.csv.
Bad input => one line, exit 2.
"""
import csv
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SESSIONS = ["python-runs-r", "python-runs-s", "python-runs-w", "python-runs-x", "python-runs-y"]
LEVELS = [round(0.70 + 0.02 * i, 2) for i in range(36)]  # 0.70 .. 1.40


def fail(msg):
    print(f"grid.py: {msg}", file=sys.stderr)
    sys.exit(2)


def speed_index(profile):
    with open(profile) as f:
        m = re.search(r"^\s*speed_index:\s*(\d+)", f.read(), re.M)
    if not m:
        fail(f"{profile} has no speed_index")
    return int(m.group(1))


def predict(files, profile, rule, level, s0, tmp):
    table = os.path.join(tmp, "t.md")
    cmd = ["./fanoutsim", "calibrate", *files, "--start", profile, "--set", f"speed_index={round(s0 * level)}",
           "--speed-rule", rule, "--predict-only", "--replications", "2", "--table", table]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{' '.join(cmd)} failed: {r.stderr.strip().splitlines()[-1:]}")
    with open(table[:-3] + ".csv") as f:
        return [(row["run"], row["repeats"], row["measured_ratio"], row["predicted_ratio"])
                for row in csv.DictReader(f)]


def in_sample(rules):
    out = os.path.join(ROOT, "calibration/python-level/grid/in-sample")
    os.makedirs(out, exist_ok=True)
    levels = [round(0.90 + 0.02 * i, 2) for i in range(16)]
    with tempfile.TemporaryDirectory() as tmp:
        for rule in rules:
            for held in SESSIONS:
                profile = f"calibration/python-runs-y/by-session-v1272y-{rule}/fit-all-but-{held}.yaml"
                s0 = speed_index(os.path.join(ROOT, profile))
                for s in SESSIONS:
                    if s == held:
                        continue
                    files = sorted(os.path.join("calibration", s, f)
                                   for f in os.listdir(os.path.join(ROOT, "calibration", s)) if f.endswith(".json"))
                    rows = [(level, *row) for level in levels for row in predict(files, profile, rule, level, s0, tmp)]
                    with open(os.path.join(out, f"{rule}-fit-all-but-{held}-on-{s}.csv"), "w", newline="") as f:
                        w = csv.writer(f)
                        w.writerow(["level", "setup", "repeats", "measured", "predicted"])
                        w.writerows(rows)
                    print(f"{rule} fit-all-but-{held} on {s}: {len(rows)} rows", flush=True)


def main():
    args = sys.argv[1:]
    if args[:1] == ["--in-sample"]:
        rules = args[1:] or ["in-run", "probes"]
        for rule in rules:
            if rule not in ("in-run", "probes"):
                fail(f"RULE must be in-run or probes, not '{rule}'")
        in_sample(rules)
        return
    rules = args or ["in-run", "probes"]
    for rule in rules:
        if rule not in ("in-run", "probes"):
            fail(f"RULE must be in-run or probes, not '{rule}'")
    out = os.path.join(ROOT, "calibration/python-level/grid")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        copies = os.path.join(tmp, "copies")
        os.makedirs(copies)
        subprocess.run(["python3", "calibration/python-pooled/floor.py", "--copies", copies,
                        "calibration/python-runs-y"], cwd=ROOT, check=True, capture_output=True)
        for rule in rules:
            for s in SESSIONS + ["python-runs-y-per-run"]:
                held = s.replace("-per-run", "")
                profile = f"calibration/python-runs-y/by-session-v1272y-{rule}/fit-all-but-{held}.yaml"
                s0 = speed_index(os.path.join(ROOT, profile))
                if s.endswith("-per-run"):
                    files = sorted(os.path.join(copies, f) for f in os.listdir(copies) if f.endswith(".json"))
                else:
                    files = sorted(os.path.join("calibration", s, f)
                                   for f in os.listdir(os.path.join(ROOT, "calibration", s)) if f.endswith(".json"))
                rows = []
                for level in LEVELS:
                    for run, rep, meas, pred in predict(files, profile, rule, level, s0, tmp):
                        rows.append((level, run, rep, meas, pred))
                with open(os.path.join(out, f"{rule}-{s}.csv"), "w", newline="") as f:
                    w = csv.writer(f)
                    w.writerow(["level", "setup", "repeats", "measured", "predicted"])
                    w.writerows(rows)
                print(f"{rule} {s}: {len(rows)} rows", flush=True)


if __name__ == "__main__":
    main()
