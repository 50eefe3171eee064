#!/usr/bin/env python3
"""calibration/perconn-rooms/anatomy.py > calibration/perconn-rooms/anatomy.md — the four CPU-limited 30x10+1x100
per-connection setups, measured (calibration/rooms-runs-s and -w, mean over their runs) against the model runs
calibration/perconn-rooms/anatomy.sh wrote: delivery ratio of each room class, its median latency, connect and close
times, the peak copies delivered in one second, and the seconds until every user was sending (the first second of
the first session with sends at 95 % of the users: measured from each run's per-second series; the model's from
replication 0's --sample 1s is not kept, so its connect time stands for it). Standard library only."""
import glob
import json
import os
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SETUPS = ["n400-i1-t1-q0.12-bwnone-perconn-rooms-30x10+1x100", "n400-i1-t2-q0.06-bwnone-perconn-rooms-30x10+1x100",
          "n400-i1-t2-q0.06-bwnone-perconn-rooms-30x10+1x100-lbroom-affine",
          "n400-i1-t2-q0.07-bwnone-perconn-rooms-30x10+1x100"]


def classes(run):
    return {(c["rooms"], c["size"]): c for c in run["room_classes"]}


def all_sending(run, users):
    for s in run["time_series"]["samples"]:
        if s.get("sent_per_second", 0) >= 0.95 * users:
            return s["time"]
    return float("nan")


def peak(run):
    """Most copies delivered in one second of the run's first 14 s (session 1 and its close)."""
    samples = run.get("time_series", {}).get("samples", [])
    return max((x.get("delivered_per_second", 0) for x in samples if x["time"] <= 14.5), default=float("nan"))


def row(label, runs, sending):
    m = [r["metrics"] for r in runs]
    c = [classes(r) for r in runs]
    f = statistics.fmean
    cells = [f"{f(x['delivery_ratio'] for x in m) * 100:.1f}",
             f"{f(x[(30, 10)]['delivery_ratio'] for x in c) * 100:.1f}",
             f"{f(x[(1, 100)]['delivery_ratio'] for x in c) * 100:.1f}",
             f"{f(x[(30, 10)]['latency']['p50'] for x in c):.2f}",
             f"{f(x[(1, 100)]['latency']['p50'] for x in c):.2f}",
             f"{f(x['ws_connecting']['avg'] for x in m):.2f}",
             f"{f(x['ws_closing']['avg'] for x in m):.2f}",
             f"{f(x['ws_session_duration']['avg'] for x in m):.2f}",
             sending,
             f"{statistics.fmean(peak(r) for r in runs):,.0f}"]
    return f"| {label} | " + " | ".join(cells) + " |"


print("# The CPU-limited 30x10+1x100 per-connection setups, measured and modelled (issue 16, session AB)\n")
print("Made by `calibration/perconn-rooms/anatomy.sh` (model runs at each setup's mean in-run server speed, 4\n"
      "replications; measured: the mean of the setup's runs in calibration/rooms-runs-s and -w). Ratios %, times s;\n"
      "p50 = median delivery latency of the class; all sending = first second of session 1 with sends >= 95 % of"
      " N;\npeak delivered/s = most copies delivered in one second of the first 14 s (the model: replication 0).\n")
print("| setup | source | ratio | 30 x 10 | 1 x 100 | p50 30 x 10 | p50 1 x 100 | connect avg | close avg |"
      " session avg | all sending | peak delivered/s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for s in SETUPS:
    paths = sorted(glob.glob(os.path.join(ROOT, "calibration", "rooms-runs-[sw]", s + ".json"))
                   + glob.glob(os.path.join(ROOT, "calibration", "rooms-runs-[sw]", s + ".r*.json")))
    runs = [json.load(open(p)) for p in paths]
    sending = f"{statistics.fmean(all_sending(r, 400) for r in runs):.1f}"
    short = s.replace("-bwnone-perconn-rooms", "")
    print(row(f"{short} | measured ({len(runs)})", runs, sending))
    model = json.load(open(os.path.join(HERE, "anatomy", s + ".json")))
    print(row(f"{short} | local", [model], "-"))
