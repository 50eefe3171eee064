#!/usr/bin/env python3
"""Issue 13, spread probes: the model's probe aborts and delivery per drop setup with `redis_probe_spread` at a few
values, beside the kernel's (tcp_counters' TcpExt.TCPAbortOnTimeout, every run file of the setup in
calibration/drop-runs*/ that has the block, as calibration/drop-aborts/why-n140.py counts them).

Profiles: calibration/profiles/local.yaml with `redis_probe_spread: S` added (and `redis_write_cpu` replaced when
--write-cpu is given). Each cell is one `fanoutsim run -r R -s 1` (means over R replications): delivered %, probe
aborts a replication, and held-back fresh heads that got through (reported only with a spread; `1us` is in effect no
spread, but has the rule that a failed retry at a write leaves the pending timer as it is).

  calibration/drop-probe-spread/aborts.py [--replications R] [--spreads 0,1us,5ms,...] [--write-cpu 6us] [--out F]
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import drop_scenario  # noqa: E402
import outfile  # noqa: E402

SETUPS = ["n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32", "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32",
          "n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32", "n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64",
          "n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64"]


def kernel(setup):
    dr, ab = [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "calibration", "drop-runs*", setup + "*.json"))):
        d = json.load(open(path))
        if d.get("setup", {}).get("name") != setup:
            continue
        dr.append(100 * d["metrics"]["delivery_ratio"])
        tc = d.get("tcp_counters")
        if tc:
            ab.append(tc["increase"].get("TcpExt.TCPAbortOnTimeout", 0))
    return dr, ab


def scenario(setup, profile, path):
    with open(os.path.join(ROOT, "calibration", "drop-runs", setup + ".json")) as f:
        d = json.load(f)["setup"]
    drop_scenario.write(path, drop_scenario.keys(d, profile))


def profile(work, spread, write_cpu):
    text = open(os.path.join(ROOT, "calibration", "profiles", "local.yaml")).read()
    anchor = "  redis_write_cpu: 0.006ms\n"
    if anchor not in text:
        raise ValueError("local.yaml has no '  redis_write_cpu: 0.006ms' line")
    line = f"  redis_write_cpu: {write_cpu}\n" if write_cpu else anchor
    if spread != "0":
        line += f"  redis_probe_spread: {spread}\n"
    path = os.path.join(work, f"p-{spread}-{write_cpu or 'local'}.yaml")
    with open(path, "w") as f:
        f.write(text.replace(anchor, line))
    return path


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--replications", type=int, default=8)
    ap.add_argument("--spreads", default="0,1us,5ms,20ms,50ms,100ms")
    ap.add_argument("--write-cpu")
    ap.add_argument("--setups", default=",".join(SETUPS))
    ap.add_argument("--out")
    a = ap.parse_args(argv)
    if a.out:
        outfile.check(a.out)
    spreads = a.spreads.split(",")
    setups = a.setups.split(",")
    cmd = f"calibration/drop-probe-spread/aborts.py --replications {a.replications} --spreads {a.spreads}"
    if a.write_cpu:
        cmd += f" --write-cpu {a.write_cpu}"
    if a.setups != ",".join(SETUPS):
        cmd += f" --setups {a.setups}"
    if a.out:
        cmd += " --out " + os.path.relpath(os.path.abspath(a.out), ROOT)
    lines = ["# Spread probes: aborts and delivery per drop setup", "", "Made by:", "", "```bash", cmd, "```", "",
             textwrap.fill(
                 f"Model: local.yaml{' with redis_write_cpu ' + a.write_cpu if a.write_cpu else ''} plus "
                 f"`redis_probe_spread` as given, {a.replications} replications, seed 1. Cells: delivered % / probe "
                 "aborts a replication / held-back fresh heads through a replication (- = not reported without a "
                 "spread). Runs: mean delivered % (runs), mean TCPAbortOnTimeout a run (runs with counters).",
                 120), "",
             "| setup | runs | " + " | ".join(f"spread {s}" for s in spreads) + " |",
             "|---|---|" + "---|" * len(spreads)]
    with tempfile.TemporaryDirectory() as work:
        for setup in setups:
            dr, ab = kernel(setup)
            cells = [f"{statistics.fmean(dr):.1f} ({len(dr)}) / "
                     + (f"{statistics.fmean(ab):.1f} ({len(ab)})" if ab else "no counters")]
            for spread in spreads:
                yaml = os.path.join(work, "s.yaml")
                scenario(setup, profile(work, spread, a.write_cpu), yaml)
                js = os.path.join(work, "o.json")
                subprocess.run([os.path.join(ROOT, "fanoutsim"), "run", yaml, "-r", str(a.replications), "-s", "1",
                                "--json", js], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                r = json.load(open(js))
                sh = r["redis_shaping"]
                through = sh.get("fresh_heads_through")
                cells.append(f"{100 * r['metrics']['delivery_ratio']:.1f} / {sh['probe_aborts']:.1f} / "
                             + (f"{through:.1f}" if through is not None else "-"))
            lines.append(f"| {setup} | " + " | ".join(cells) + " |")
            print(lines[-1], file=sys.stderr)
    lines.append("")
    return outfile.emit(a.out, "\n".join(lines))


if __name__ == "__main__":
    outfile.main("aborts", main)
