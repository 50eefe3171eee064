#!/usr/bin/env python3
"""Issue 13, session Z: the drop setups the model misses by more than its scatter, runs against the model, second by
second of a session.

Runs: every run file of the setup in calibration/drop-runs*/ (tcp_counters where the file has them; the shaper's
queue drops from `environment.shaper_queue_drops` where recorded). Model: `fanoutsim run` of the setup (built as
calibration/drop-aborts/model-seeds.py builds it), one replication a seed, --sample 1s, for each profile given.
Columns: delivered %; aborts a run / replication (TCPAbortOnTimeout; the model's `redis_shaping.probe_aborts`);
the kernel's RTO firings (TCPTimeouts) and the model's timer retries; delivery latency p50 / p95 / max s (mean over
runs / seeds); delivered per second of a session, % of offered (both sessions' k-th second pooled: copies received
over messages sent x N, as calibration/drop-aborts/why-n140.py splits them).

  calibration/drop-runs-z/bias.py [--seeds K] [--profile NAME=PATH ...] [--setups A,B] [--out F]
"""
import argparse
import glob
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import outfile  # noqa: E402

SETUPS = ["n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb128", "n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb128",
          "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32", "n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32",
          "n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64",
          "n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64"]


def by_second(doc):
    """Delivered % of offered for each second of a session (1..S), both sessions pooled."""
    setup = doc["setup"]
    users, secs, interval = setup["users"], setup["session_seconds"], setup["interval_seconds"]
    got, sent = [0.0] * secs, [0.0] * secs
    for s in doc["time_series"]["samples"]:
        t = s["time"]
        boundary = secs + interval / 2
        k = int(round(t if t <= boundary else t - secs)) - 1
        if 0 <= k < secs:
            got[k] += s.get("delivered_per_second", 0)
            sent[k] += s.get("sent_per_second", 0) * users
    return [100 * g / o if o else None for g, o in zip(got, sent)]


def mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.fmean(xs) if xs else None


def fmt(x, spec=".1f"):
    return "-" if x is None else format(x, spec)


def runs(setup):
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "calibration", "drop-runs*", setup + "*.json"))):
        d = json.load(open(path))
        if d.get("setup", {}).get("name") != setup:
            continue
        inc = (d.get("tcp_counters") or {}).get("increase")
        lat = d.get("delivery_latency") or {}
        drops = d.get("environment", {}).get("shaper_queue_drops")
        out.append({"delivered": 100 * d["metrics"]["delivery_ratio"],
                    "aborts": inc.get("TcpExt.TCPAbortOnTimeout", 0) if inc else None,
                    "timers": inc.get("TcpExt.TCPTimeouts", 0) if inc else None,
                    "p50": lat.get("p50"), "p95": lat.get("p95"), "max": lat.get("max"),
                    "drops": float(drops) if drops not in (None, "") else None, "sec": by_second(d)})
    return out


def model(setup, profile, seeds, work):
    spec = importlib.util.spec_from_file_location("model_seeds", os.path.join(ROOT, "calibration", "drop-aborts",
                                                                              "model-seeds.py"))
    ms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ms)
    yaml = os.path.join(work, setup + ".yaml")
    ms.scenario(setup, profile, yaml)
    out = []
    for seed in range(1, seeds + 1):
        js = os.path.join(work, f"{setup}.{seed}.json")
        cmd = [os.path.join(ROOT, "fanoutsim"), "run", yaml, "-r", "1", "-s", str(seed), "--json", js,
               "--sample", "1s"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = json.load(open(js))
        lat, sh = r.get("delivery_latency") or {}, r["redis_shaping"]
        out.append({"delivered": 100 * r["metrics"]["delivery_ratio"], "aborts": sh["probe_aborts"],
                    "timers": sh["timer_retries"], "p50": lat.get("p50"), "p95": lat.get("p95"),
                    "max": lat.get("max"), "drops": None, "sec": by_second(r)})
    return out


def row(setup, source, rows):
    n = len(rows)
    secs = len(rows[0]["sec"])
    col = [mean([r["sec"][i] for r in rows]) for i in range(secs)]
    withtc = [r for r in rows if r["aborts"] is not None]
    ab = [r["aborts"] for r in withtc]
    se = f" +- {statistics.stdev(ab) / len(ab) ** 0.5:.1f}" if len(ab) > 1 else ""
    return (f"| {setup} | {source} ({n}) | {mean([r['delivered'] for r in rows]):.1f} | "
            f"{fmt(mean(ab))}{se} ({len(withtc)}) | "
            f"{fmt(mean([r['timers'] for r in withtc]), '.0f')} | {fmt(mean([r['drops'] for r in rows]), '.0f')} | "
            f"{fmt(mean([r['p50'] for r in rows]), '.2f')} / {fmt(mean([r['p95'] for r in rows]), '.2f')} / "
            f"{fmt(mean([r['max'] for r in rows]), '.2f')} | " + " ".join(fmt(c, ".0f") for c in col) + " |")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--profile", action="append", default=[])
    ap.add_argument("--setups", default=",".join(SETUPS))
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    if a.out:
        outfile.check(a.out)
    profiles = [p.split("=", 1) for p in a.profile] or [["local", "calibration/profiles/local.yaml"]]
    for name, path in profiles:
        if not os.path.isfile(os.path.join(ROOT, path)):
            raise ValueError(f"--profile {name}={path}: no such file")
    lines = []
    with tempfile.TemporaryDirectory() as work:
        for setup in a.setups.split(","):
            rr = runs(setup)
            if not rr:
                raise ValueError(f"{setup}: no run files in calibration/drop-runs*/")
            lines.append(row(setup, "runs", rr))
            for name, path in profiles:
                lines.append(row(setup, f"model {name}", model(setup, os.path.join(ROOT, path), a.seeds, work)))
    cmd = "calibration/drop-runs-z/bias.py" + (f" --seeds {a.seeds}" if a.seeds != 8 else "")
    cmd += "".join(f" --profile {n}={p}" for n, p in profiles if a.profile)
    if a.setups != ",".join(SETUPS):
        cmd += " --setups " + a.setups
    if a.out:
        cmd += " --out " + os.path.relpath(os.path.abspath(a.out), ROOT)
    head = ["# The drop setups' biases, runs against the model, second by second (issue 13, session Z)", "",
            "Made by:", "", "```bash", cmd, "```", "",
            textwrap.fill(
                "Runs: every run file of the setup in calibration/drop-runs*/ (runs with tcp_counters in brackets). "
                "Model: one replication a seed. Aborts: TCPAbortOnTimeout / probe_aborts, mean +- its standard error. Timers: the kernel's "
                "TCPTimeouts / the model's timer retries. Drops: the shaper's queue drops (bfifo), where recorded. "
                "Latency: mean over runs / seeds of p50 / p95 / max. Per second: delivered % of offered in second k "
                "of a session, both sessions pooled.", 120), "",
            "| setup | source | delivered % | aborts a run (runs with counters) | timers | drops | latency p50 / p95 / max s "
            "| per second of a session, % |", "|---|---|---|---|---|---|---|---|"]
    return outfile.emit(a.out, "\n".join(head + lines + [""]))


if __name__ == "__main__":
    outfile.main("bias", main, errors=(OSError, ValueError, KeyError))
