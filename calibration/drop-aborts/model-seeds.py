#!/usr/bin/env python3
"""Issue 13: the model's own scatter on one drop setup, replication by replication, and where its starved
subscribers go (aborted or not).

Builds the setup's scenario from its first run file in calibration/drop-runs, as calibration/drop-anatomy-aligned.py
does, and runs `fanoutsim run` once per seed (1 replication each, --sample 1s): delivered, the connections' opening
time (ws_connecting max: with ramp 0 every user dials at once, so this is how far apart the sessions' first ticks
are), probe aborts, timer retries, latency max, each session's delivered share and the per-second series. About 2 s a
seed at N = 60 here.

  calibration/drop-aborts/model-seeds.py [--setup NAME] [--seeds K] [--profile P] [--set KEY=VALUE ...] [--out F]
"""
import argparse
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


def scenario(setup, profile, path):
    run = os.path.join(ROOT, "calibration", "drop-runs", setup + ".json")
    if not os.path.isfile(run):
        raise ValueError(f"--setup {setup}: no run file {os.path.relpath(run, ROOT)}")
    with open(run) as f:
        d = json.load(f)["setup"]
    drop_scenario.write(path, drop_scenario.keys(d, os.path.abspath(profile)))
    return d


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--setup", default="n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32")
    ap.add_argument("--seeds", type=int, default=24)
    ap.add_argument("--profile", default=os.path.join(ROOT, "calibration", "profiles", "local.yaml"))
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    if a.out:
        outfile.check(a.out)
    rows, lines = [], []
    with tempfile.TemporaryDirectory() as work:
        yaml = os.path.join(work, "s.yaml")
        d = scenario(a.setup, a.profile, yaml)
        secs = d["session_seconds"]
        for seed in range(1, a.seeds + 1):
            out = os.path.join(work, f"s{seed}.json")
            cmd = [os.path.join(ROOT, "fanoutsim"), "run", yaml, "-r", "1", "-s", str(seed), "--json", out,
                   "--sample", "1s"]
            for kv in a.set:
                cmd += ["--set", kv]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            r = json.load(open(out))
            m, sh = r["metrics"], r["redis_shaping"]
            per_s = m["expected"] / (d["sessions"] * secs)
            ser = [100 * x["delivered_per_second"] / per_s for x in r["time_series"]["samples"]]
            s1 = statistics.fmean(ser[1:secs + 1])
            s2 = statistics.fmean(ser[secs + 1:2 * secs + 1])
            rows.append((seed, 100 * m["delivery_ratio"], 1000 * m["ws_connecting"]["max"], sh["probe_aborts"],
                         sh["timer_retries"], r["delivery_latency"]["max"], s1, s2,
                         " ".join(f"{x:.0f}" for x in ser)))
    cmd = "calibration/drop-aborts/model-seeds.py --setup " + a.setup + f" --seeds {a.seeds}"
    if a.profile != os.path.join(ROOT, "calibration", "profiles", "local.yaml"):
        cmd += " --profile " + os.path.relpath(a.profile, ROOT)
    cmd += "".join(f" --set {kv}" for kv in a.set)
    if a.out:
        cmd += " --out " + os.path.relpath(os.path.abspath(a.out), ROOT)
    lines += [f"# The model's replications of {a.setup}", "", "Made by:", "", "```bash", cmd, "```", "",
              "| seed | delivered % | connections opened within, ms (ws_connecting max) | probe aborts | "
              "timer retries | latency max s | session 1 / 2 % | delivered per second, % of offered |",
              "|---|---|---|---|---|---|---|---|"]
    for seed, dr, conn, ab, tr, lat, s1, s2, ser in rows:
        lines.append(f"| {seed} | {dr:.1f} | {conn:.1f} | {ab} | {tr} | {lat:.2f} | {s1:.0f} / {s2:.0f} | {ser} |")
    dr = [r[1] for r in rows]
    starving = [r for r in rows if min(r[6], r[7]) < 90]
    lines += ["", f"Seeds: {len(rows)}. Delivered: mean {statistics.fmean(dr):.1f} %, sd of one replication "
              f"{statistics.stdev(dr):.1f} pp (of a 3-replication mean {statistics.stdev(dr) / 3 ** 0.5:.1f} pp), "
              f"range {min(dr):.1f}-{max(dr):.1f}. Seeds with a session below 90 %: {len(starving)} "
              f"(connections opened within {', '.join(f'{r[2]:.0f}' for r in starving) or '-'} ms); with a probe "
              f"abort: {sum(1 for r in rows if r[3])} ({sum(r[3] for r in rows)} aborts in all).", ""]
    return outfile.emit(a.out, "\n".join(lines))


if __name__ == "__main__":
    outfile.main("model-seeds", main)
