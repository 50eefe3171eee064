#!/usr/bin/env python3
"""Issue 13: the model's aborts against the runs' kernel aborts, setup by setup, for the lockstep per-connection
drop setups: how many (per run and per connection-session), in which session, and where in the session delivery
falls (per-second series, the same split as calibration/drop-ss-anatomy.py: copies received over messages sent
times N, the first session taking samples up to half an interval past its end).

Runs: every run file of the setup in calibration/drop-runs*/ (TcpExt.TCPAbortOnTimeout from tcp_counters where the
file has it). Model: `fanoutsim run` of the setup (built as model-seeds.py builds it), K seeds with its two sessions
and K seeds with `--set sessions=1` (that run's aborts are the first session's alone: the second session's aborts
are the difference of the means). About 1 s a seed at N = 140.

  calibration/drop-aborts/why-n140.py [--seeds K] [--out F]
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import outfile  # noqa: E402

SETUPS = ["n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32", "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32",
          "n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32", "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb128",
          "n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64", "n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64"]


def split(doc):
    """(session 1 %, session 2 %, per-second % list) from a run or model result's per-second series."""
    setup = doc["setup"]
    users = setup["users"]
    boundary = setup["session_seconds"] + setup["interval_seconds"] / 2
    got, sent, ser = [0.0, 0.0], [0.0, 0.0], []
    for s in doc["time_series"]["samples"]:
        half = 0 if s["time"] <= boundary else 1
        got[half] += s.get("delivered_per_second", 0)
        sent[half] += s.get("sent_per_second", 0) * users
        off = s.get("sent_per_second", 0) * users
        ser.append(100 * s.get("delivered_per_second", 0) / off if off else None)
    return 100 * got[0] / sent[0], 100 * got[1] / sent[1] if sent[1] else None, ser


def runs(setup):
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "calibration", "drop-runs*", setup + "*.json"))):
        d = json.load(open(path))
        if d.get("setup", {}).get("name") != setup:
            continue
        tc = d.get("tcp_counters")
        ab = tc["increase"].get("TcpExt.TCPAbortOnTimeout", 0) if tc else None
        s1, s2, ser = split(d)
        out.append((os.path.relpath(path, ROOT), 100 * d["metrics"]["delivery_ratio"], ab, s1, s2, ser))
    return out


def model(setup, seeds, work, extra):
    spec = importlib.util.spec_from_file_location("model_seeds", os.path.join(HERE, "model-seeds.py"))
    ms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ms)
    yaml = os.path.join(work, setup + ".yaml")
    ms.scenario(setup, os.path.join(ROOT, "calibration", "profiles", "local.yaml"), yaml)
    out = []
    for seed in range(1, seeds + 1):
        js = os.path.join(work, f"{setup}.{seed}.json")
        cmd = [os.path.join(ROOT, "fanoutsim"), "run", yaml, "-r", "1", "-s", str(seed), "--json", js,
               "--sample", "1s"] + extra
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = json.load(open(js))
        s1, s2, ser = split(r)
        out.append((seed, 100 * r["metrics"]["delivery_ratio"], r["redis_shaping"]["probe_aborts"], s1, s2, ser))
    return out


def mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.fmean(xs) if xs else float("nan")


def series(rows, n):
    """Mean per-second % over rows, the first n seconds."""
    cols = []
    for i in range(n):
        cols.append(mean([r[5][i] if i < len(r[5]) else None for r in rows]))
    return " ".join("-" if c != c else f"{c:.0f}" for c in cols)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    if a.out:
        outfile.check(a.out)
    summary, detail, shapes = [], [], []
    with tempfile.TemporaryDirectory() as work:
        for setup in SETUPS:
            n = int(setup[1:].split("-")[0])
            rr = runs(setup)
            m2 = model(setup, a.seeds, work, [])
            m1 = model(setup, a.seeds, work, ["--set", "sessions=1"])
            withtc = [r for r in rr if r[2] is not None]
            run_ab = mean([r[2] for r in withtc])
            run_dr_tc = mean([r[1] for r in withtc])
            m_ab, m1_ab = mean([r[2] for r in m2]), mean([r[2] for r in m1])
            summary.append(
                f"| {setup} | {len(rr)} ({len(withtc)}) | {mean([r[1] for r in rr]):.1f} | "
                + (f"{run_dr_tc:.1f} | {run_ab:.1f} ({100 * run_ab / (2 * n):.1f} %) | " if withtc else "- | - | ")
                + f"{mean([r[3] for r in rr]):.1f} / {mean([r[4] for r in rr]):.1f} | "
                f"{mean([r[1] for r in m2]):.1f} | {m_ab:.1f} ({100 * m_ab / (2 * n):.1f} %) | "
                f"{m1_ab:.1f} / {m_ab - m1_ab:.1f} | {mean([r[3] for r in m2]):.1f} / {mean([r[4] for r in m2]):.1f} |")
            for r in rr:
                detail.append(f"| {setup} | run {r[0]} | {r[1]:.1f} | {'-' if r[2] is None else r[2]} | "
                              f"{r[3]:.1f} / {r[4]:.1f} |")
            for r in m2:
                detail.append(f"| {setup} | model seed {r[0]} | {r[1]:.1f} | {r[2]} | {r[3]:.1f} / {r[4]:.1f} |")
            detail.append(f"| {setup} | model, sessions=1, aborts by seed | - | "
                          f"{' '.join(str(r[2]) for r in m1)} | - |")
            shapes.append(f"| {setup} | runs ({len(rr)}) | {series(rr, 21)} |")
            shapes.append(f"| {setup} | model ({len(m2)} seeds) | {series(m2, 21)} |")
    cmd = "calibration/drop-aborts/why-n140.py" + (f" --seeds {a.seeds}" if a.seeds != 12 else "")
    if a.out:
        cmd += " --out " + os.path.relpath(os.path.abspath(a.out), ROOT)
    lines = ["# The model's aborts against the runs', lockstep per-connection drop setups (issue 13)", "",
             "Made by:", "", "```bash", cmd, "```", "",
             "Runs: every run file of the setup in calibration/drop-runs*/; aborts = tcp_counters' "
             "TcpExt.TCPAbortOnTimeout (runs with counters in brackets; % = of the 2N connection-sessions). Model: "
             "`local` as committed, one replication a seed; its aborts are `redis_shaping.probe_aborts`; session 1 "
             "aborts from the same seeds run with `--set sessions=1`, session 2 = the difference of the means. "
             "Session split: copies received over messages sent x N, per-second series.", "",
             "## Per setup", "",
             "| setup | runs (with counters) | runs delivered % | delivered %, runs with counters | runs' aborts per run "
             "| runs session 1 / 2 % | model delivered % | model aborts per replication | model aborts session 1 / 2 "
             "| model session 1 / 2 % |",
             "|---|---|---|---|---|---|---|---|---|---|"] + summary + [
             "", "## Mean per-second delivery, % of offered (seconds 1-21)", "",
             "| setup | source | per second |", "|---|---|---|"] + shapes + [
             "", "## Run by run, seed by seed", "",
             "| setup | source | delivered % | aborts | session 1 / 2 % |", "|---|---|---|---|---|"] + detail + [""]
    return outfile.emit(a.out, "\n".join(lines))


if __name__ == "__main__":
    outfile.main("why-n140", main, errors=(OSError, ValueError, KeyError))
