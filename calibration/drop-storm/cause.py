#!/usr/bin/env python3
"""Issue 13: what spreads a lockstep drop setup's connect storm, from the runs of calibration/drop-storm/measure.

Per variant (two tasks; one task with all the connections; per-task subscriptions; both servers pinned to one CPU),
run by run: socket-open times (ws_connecting min / median / p90 / max, ms), the delivered ratio, each server's CPU
in the run's first sampled second (the storm and the first tick; process_cpu) and its throttled CFS periods then,
and the load generator's CPU in that second against its median second. A storm the CPU bounds spreads about twice
as far with both servers on one CPU; one its waits bound does not; one serialised per task spreads twice as far with
one task taking all the connections.

  calibration/drop-storm/cause.py [--out F] [RUN.json ...]   (default: calibration/drop-storm/*.json)
"""
import argparse
import glob
import json
import os
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import outfile  # noqa: E402


def variant(name):
    base = name.split(".r")[0].removesuffix(".json")
    if base.endswith("-cpu1"):
        return "two tasks, both servers on CPU 1"
    if "-t1-" in base:
        return "one task, all 60 connections"
    if "pertask" in base:
        return "two tasks, per-task subscriptions"
    return "two tasks (as the drop runs)"


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("runs", nargs="*")
    a = ap.parse_args(argv)
    if a.out:
        outfile.check(a.out)
    paths = a.runs or sorted(glob.glob(os.path.join(ROOT, "calibration", "drop-storm", "*.json")))
    if not paths:
        raise ValueError("no run files (calibration/drop-storm/*.json): measure first")
    rows, by = [], {}
    for path in paths:
        with open(path) as f:
            try:
                r = json.load(f)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}: not JSON ({e})") from None
        if not (isinstance(r, dict) and "ws_connecting" in r.get("metrics", {}) and "environment" in r
                and "process_cpu" in r):
            raise ValueError(f"{path}: not a measured run file (expected metrics.ws_connecting, environment and "
                             "process_cpu, as calibration/run-local writes them)")
        ws, env = r["metrics"]["ws_connecting"], r["environment"]
        procs = r["process_cpu"]["processes"]
        servers = [p for p in procs if p.get("role") == "server"]
        loadgen = [p for p in procs if p.get("role") == "loadgen" or "loadgen" in p.get("name", "")]
        thr = [c["throttled_periods"][0] for c in r["process_cpu"]["cgroups"]]
        lg = loadgen[0]["cpu_seconds"] if loadgen else []
        v = variant(os.path.basename(path))
        row = (v, os.path.basename(path), 1000 * ws["min"], 1000 * ws["med"], 1000 * ws["p90"], 1000 * ws["max"],
               100 * r["metrics"]["delivery_ratio"], [p["cpu_seconds"][0] for p in servers], thr,
               (lg[0], statistics.median(lg)) if lg else None, env.get("contaminated"))
        rows.append(row)
        by.setdefault(v, []).append(row)
    cmd = "calibration/drop-storm/cause.py" + (f" --out {os.path.relpath(os.path.abspath(a.out), ROOT)}"
                                               if a.out else "")
    lines = ["# What spreads the connect storm (issue 13, session AB)", "", "Made by:", "", "```bash", cmd, "```", "",
             "| variant | run | open min / median / p90 / max, ms | delivered % | servers' CPU in the first second, s "
             "| throttled periods then | load generator CPU, first / median second, s | contaminated |",
             "|---|---|---|---|---|---|---|---|"]
    for v, name, mn, md, p9, mx, dr, cpu, thr, lg, cont in rows:
        lgs = f"{lg[0]:.2f} / {lg[1]:.2f}" if lg else "-"
        lines.append(f"| {v} | {name} | {mn:.0f} / {md:.0f} / {p9:.0f} / {mx:.0f} | {dr:.1f} | "
                     f"{' '.join(f'{c:.3f}' for c in cpu)} | {' '.join(map(str, thr))} | {lgs} | {cont} |")
    lines += ["", "By variant (medians over its runs):", "",
              "| variant | runs | open min / median / p90 / max, ms | delivered %, mean |", "|---|---|---|---|"]
    for v, rs in by.items():
        med = [statistics.median(x[i] for x in rs) for i in (2, 3, 4, 5)]
        lines.append(f"| {v} | {len(rs)} | {' / '.join(f'{m:.0f}' for m in med)} | "
                     f"{statistics.fmean(x[6] for x in rs):.1f} |")
    return outfile.emit(a.out, "\n".join(lines) + "\n")


if __name__ == "__main__":
    outfile.main("cause", main)
