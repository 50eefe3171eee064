#!/usr/bin/env python3
"""Issue 13: the connect storm of the lockstep drop setups, measured against the model.

With ramp 0 every user dials at once and ticks at its socket's open + k x interval, so how far apart the sockets
open is how far apart each tick's PUBLISHes reach Redis, and so how hard the tick's burst hits the shaping queue.
For every lockstep (ramp 0) drop setup this lists, from the run files (contaminated ones left out): the runs'
socket-open times (ws_connecting: min / median / p90, the median over the runs) and delivered ratio, and the
delivered ratio of the runs whose p90 is at most the setup's median p90 ("tight") against the others ("wide").
Then the same for the model, one replication a seed at the profile's own speed (`fanoutsim run -r 1 -s K`), in
variants: `local` as committed; `local` with `cpu_drift: 0` (no random slow windows); and `local` with the dials
spread uniformly over the setup's measured median p90 (`ramp`), with and without the drift: what-ifs, not
predictions (with a ramp, ws_connecting no longer holds the dials' spread, only each handshake's own time).

  calibration/drop-storm/storm.py [--seeds K] [--profile P] [--out F]    (about 10 minutes at 12 seeds here)
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import drop_scenario  # noqa: E402
import outfile  # noqa: E402

FOLDERS = ["drop-runs", "drop-runs-x", "drop-runs-y", "drop-runs-z", "drop-runs-aa", "drop-runs-aa-ss60"]


def real_runs():
    setups = {}
    for folder in FOLDERS:
        for path in sorted(glob.glob(os.path.join(ROOT, "calibration", folder, "*.json"))):
            with open(path) as f:
                r = json.load(f)
            s = r.get("setup", {})
            ws = r.get("metrics", {}).get("ws_connecting")
            if s.get("ramp_seconds") != 0 or not ws or r.get("contaminated"):
                continue
            setups.setdefault(s["name"], (s, []))[1].append(
                (1000 * ws["min"], 1000 * ws["med"], 1000 * ws["p90"], 100 * r["metrics"]["delivery_ratio"]))
    return setups


def model(setup, profile, ramp_s, seeds, work):
    yaml = os.path.join(work, "s.yaml")
    drop_scenario.write(yaml, drop_scenario.keys(setup, profile, ramp_s))
    rows = []
    for seed in range(1, seeds + 1):
        out = os.path.join(work, "r.json")
        subprocess.run([os.path.join(ROOT, "fanoutsim"), "run", yaml, "-r", "1", "-s", str(seed), "--json", out],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            r = json.load(f)
        ws = r["metrics"]["ws_connecting"]
        rows.append((1000 * ws["min"], 1000 * ws["med"], 1000 * ws["p90"], 100 * r["metrics"]["delivery_ratio"]))
    return rows


def summary(rows):
    med = statistics.median
    p90 = med(r[2] for r in rows)
    tight = [r[3] for r in rows if r[2] <= p90]
    wide = [r[3] for r in rows if r[2] > p90]
    fmt = lambda xs: f"{statistics.fmean(xs):.1f} ({len(xs)})" if xs else "-"  # noqa: E731
    return (f"{med(r[0] for r in rows):.0f} / {med(r[1] for r in rows):.0f} / {p90:.0f}",
            f"{statistics.fmean(r[3] for r in rows):.1f}", fmt(tight), fmt(wide))


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--profile", default=os.path.join(ROOT, "calibration", "profiles", "local.yaml"))
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    if a.seeds < 2:
        raise ValueError(f"--seeds {a.seeds}: expected at least 2")
    if not os.path.isfile(a.profile):
        raise ValueError(f"--profile {a.profile}: no such file")
    if a.out:
        outfile.check(a.out)
    profile = os.path.abspath(a.profile)
    lines = []
    with tempfile.TemporaryDirectory() as work:
        drift0 = os.path.join(work, "drift0.yaml")
        with open(profile) as f:
            text = f.read()
        with open(drift0, "w") as f:
            f.write("\n".join("  cpu_drift: 0" if ln.startswith("  cpu_drift:") else ln for ln in text.split("\n")))
        for name, (setup, runs) in sorted(real_runs().items(), key=lambda kv: (kv[1][0]["users"], kv[0])):
            p90 = statistics.median(r[2] for r in runs)
            variants = [("runs", runs), ("model", model(setup, profile, 0, a.seeds, work)),
                        ("model, cpu_drift 0", model(setup, drift0, 0, a.seeds, work)),
                        (f"model, dials over {p90:.0f} ms", model(setup, profile, round(p90 / 1000, 3), a.seeds,
                                                                   work)),
                        (f"model, cpu_drift 0, dials over {p90:.0f} ms",
                         model(setup, drift0, round(p90 / 1000, 3), a.seeds, work))]
            for label, rows in variants:
                lines.append(f"| {name} | {label} | {len(rows)} | " + " | ".join(summary(rows)) + " |")
    cmd = "calibration/drop-storm/storm.py" + f" --seeds {a.seeds}"
    if profile != os.path.join(ROOT, "calibration", "profiles", "local.yaml"):
        cmd += " --profile " + os.path.relpath(profile, ROOT)
    if a.out:
        cmd += " --out " + os.path.relpath(os.path.abspath(a.out), ROOT)
    head = ["# The lockstep drop setups' connect storm: runs against the model", "", "Made by:", "", "```bash", cmd,
            "```", "", "Socket-open times are ws_connecting (dial to open) in ms, the median over the runs or seeds; "
            "tight = the runs (seeds) whose p90 is at most that median, wide = the others; delivered % mean (count).",
            "", "| setup | what | runs / seeds | open min / median / p90, ms | delivered % | tight | wide |",
            "|---|---|---|---|---|---|---|"]
    return outfile.emit(a.out, "\n".join(head + lines) + "\n")


if __name__ == "__main__":
    outfile.main("storm", main)
