#!/usr/bin/env python3
"""Issue 13: where the aligned (ramp0s) per-connection drop runs lose, beside the model.

For the five lockstep per-connection setups with a small shaping queue, every committed run file of that setup
(calibration/drop-runs, drop-runs-ss, drop-runs-netlink, drop-runs-tcp) gives: delivered, the servers' own
`dropped` counter (copies a full outbound queue discarded), the kernel's TCPAbortOnTimeout and TCPTimeouts where
the run recorded `tcp_counters`, the share of connection-sessions aborted, delivery latency p99 / max where
recorded, and the delivered share per second of each session (time_series). The model: `fanoutsim run` of the
setup built from its first run file (as calibration/drop-write-order does) with a profile, 3 replications, --sample
1s (the series is replication 0's).

  calibration/drop-anatomy-aligned.py [--profile calibration/profiles/local.yaml] [--set KEY=VALUE ...]
      [--out calibration/drop-anatomy-aligned-tables.md]

The committed tables: calibration/drop-anatomy-aligned-tables.md (local.yaml as it is, with redis_write_cpu) and
calibration/drop-anatomy-aligned-tables-idle.md (--profile: local.yaml without its redis_write_cpu line, the
idle-heads `local` of 2026-12-04). About 15 s each.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import drop_scenario  # noqa: E402
SETUPS = [
    "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32",
    "n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32",
    "n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64",
    "n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64",
    "n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32",
]
SETS = ["drop-runs", "drop-runs-ss", "drop-runs-netlink", "drop-runs-tcp"]


def runs_of(setup):
    files = []
    for s in SETS:
        files += sorted(glob.glob(os.path.join(ROOT, "calibration", s, setup + ".json")) +
                        glob.glob(os.path.join(ROOT, "calibration", s, setup + ".r[0-9]*.json")))
    return [f for f in files if not f.endswith(".ss.json")]


def per_second(d):
    s = d["setup"]
    per_s = d["metrics"]["expected"] / (s["sessions"] * s["session_seconds"])
    return [100 * x["delivered_per_second"] / per_s for x in d["time_series"]["samples"]]


def sessions_split(series, session_seconds):
    """Delivered share of each session from the per-second series (samples 1..S, S+1..2S; approximate)."""
    first = series[1:session_seconds + 1]
    second = series[session_seconds + 1:2 * session_seconds + 1]
    return (statistics.mean(first) if first else float("nan"),
            statistics.mean(second) if second else float("nan"))


def fmt_series(series):
    return " ".join(f"{v:.0f}" for v in series)


def measured(setup):
    rows = []
    for f in runs_of(setup):
        d = json.load(open(f))
        m, s = d["metrics"], d["setup"]
        inc = (d.get("tcp_counters") or {}).get("increase", {})
        aborts = inc.get("TcpExt.TCPAbortOnTimeout", 0 if inc else None)
        lat = d.get("delivery_latency") or {}
        series = per_second(d)
        rows.append({
            "file": os.path.relpath(f, ROOT).replace("calibration/", ""),
            "delivered": 100 * m["delivery_ratio"],
            "dropped": m.get("dropped", 0),
            "aborts": aborts,
            "timeouts": inc.get("TcpExt.TCPTimeouts", 0 if inc else None),
            "abort_share": None if aborts is None else 100 * aborts / (s["users"] * s["sessions"]),
            "p99": float(lat["p99"]) if lat.get("samples") else None,
            "max": float(lat["max"]) if lat.get("samples") else None,
            "sessions": sessions_split(series, s["session_seconds"]),
            "series": series,
        })
    return rows


def model(setup, profile, sets, work):
    d = json.load(open(runs_of(setup)[0]))["setup"]
    scenario = os.path.join(work, setup + ".yaml")
    drop_scenario.write(scenario, {**drop_scenario.keys(d, os.path.abspath(profile)), "seed": 1, "replications": 3})
    out = os.path.join(work, setup + ".json")
    cmd = [os.path.join(ROOT, "fanoutsim"), "run", scenario, "--json", out, "--sample", "1s"]
    for kv in sets:
        cmd += ["--set", kv]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r = json.load(open(out))
    m, sh, lat = r["metrics"], r.get("redis_shaping") or {}, r["delivery_latency"]
    series = per_second(r)
    aborts = sh.get("probe_aborts")
    return {
        "delivered": 100 * m["delivery_ratio"], "dropped": m.get("dropped", 0), "aborts": aborts,
        "abort_share": None if aborts is None else 100 * aborts / (d["users"] * d["sessions"]),
        "timer_retries": sh.get("timer_retries"), "p99": lat["p99"], "max": lat["max"],
        "sessions": sessions_split(series, d["session_seconds"]), "series": series,
    }


def opt(v, f="{:.1f}"):
    return "-" if v is None else f.format(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default=os.path.join(ROOT, "calibration/profiles/local.yaml"))
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE passed to fanoutsim run")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    lines = []
    w = lines.append
    with tempfile.TemporaryDirectory() as work:
        for setup in SETUPS:
            rows = measured(setup)
            mod = model(setup, a.profile, a.set, work)
            w(f"### {setup}\n")
            w("| run | delivered % | session 1 / 2 % | servers' `dropped` | TCPAbortOnTimeout (share of "
              "connection-sessions %) | TCPTimeouts | latency p99 / max s | delivered per second, % of offered |")
            w("|---|---|---|---|---|---|---|---|")
            for r in rows:
                ab = "-" if r["aborts"] is None else f'{r["aborts"]} ({r["abort_share"]:.1f})'
                lat = "-" if r["p99"] is None else f'{r["p99"]:.2f} / {r["max"]:.2f}'
                w(f'| {r["file"]} | {r["delivered"]:.1f} | {r["sessions"][0]:.0f} / {r["sessions"][1]:.0f} | '
                  f'{r["dropped"]} | {ab} | {opt(r["timeouts"], "{}")} | {lat} | {fmt_series(r["series"])} |')
            ab = "-" if mod["aborts"] is None else f'{mod["aborts"]:.1f} ({mod["abort_share"]:.1f})'
            w(f'| **model** (3 replications; series: replication 0) | {mod["delivered"]:.1f} | '
              f'{mod["sessions"][0]:.0f} / {mod["sessions"][1]:.0f} | {mod["dropped"]:.0f} | {ab} | '
              f'timer re-pushes {opt(mod["timer_retries"], "{:.0f}")} | {mod["p99"]:.2f} / {mod["max"]:.2f} | '
              f'{fmt_series(mod["series"])} |')
            ds = [r["delivered"] for r in rows]
            with_ab = [r for r in rows if r["aborts"] is not None]
            w("")
            w(f"Measured mean {statistics.mean(ds):.1f} % over {len(ds)} runs (range {min(ds):.1f}-{max(ds):.1f}); "
              f"model {mod['delivered']:.1f} %.")
            if with_ab:
                gap = [100 - r["delivered"] - r["abort_share"] for r in with_ab]
                w(f"Runs with kernel counters ({len(with_ab)}): lost {statistics.mean(100 - r['delivered'] for r in with_ab):.1f} "
                  f"pp on average, of which aborted connection-sessions {statistics.mean(r['abort_share'] for r in with_ab):.1f}"
                  f" pp and the rest {statistics.mean(gap):.1f} pp (range {min(gap):.1f} to {max(gap):.1f}); model: lost "
                  f"{100 - mod['delivered']:.1f} pp, aborted {opt(mod['abort_share'])} pp.")
            w("")
    text = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
