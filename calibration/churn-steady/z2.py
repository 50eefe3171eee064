#!/usr/bin/env python3
"""Session Z's churn runs, counted (issue 16): calibration/rooms-runs-z2 beside session W's churn runs, run by run,
and the predictions calibration/churn-steady/z2.sh made (z2/*.csv). Markdown on stdout (and into --out FILE).

Per run: delivered, sessions, connect failures, closes the client abandoned, the servers' own counters
(server_counters.settled: subscription_failures, timeout_closes, lost.*; Z2 only), connect and close times, the speeds
(in-run, the probes where the servers ran, the probes' machine mean, MHz), the per-second series in 10 s windows, the
sends per sending session of steady.py beside what the abandoned closes and the counted refusals each imply, the
predictions (`local` and the candidates, each run alone at its in-run speed) and the model's refusals at that speed.
python3 calibration/churn-steady/z2.py [--out FILE]
"""
import csv
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outfile  # noqa: E402
import steady  # noqa: E402

HERE = "calibration/churn-steady"
PAIRS = ["r0-t0", "r1-t0", "r4-t0", "r0-t3", "r0-t6", "r2-t6"]
SETS = [("z2", "Z2 (6 runs, 3 setups)"), ("w", "W (9 runs, 8 clean, 3 setups)"),
        ("wz2", "W + Z2 pooled (14 clean runs, 3 setups)")]


def label(pair):
    r, t = re.fullmatch(r"r(\d+)-t(\d+)", pair).groups()
    if pair == "r0-t0":
        return "`local`"
    return ", ".join(x for x in (f"R {r}" if r != "0" else "", f"T {t} s" if t != "0" else "") if x)


def runs():
    files = sorted(glob.glob("calibration/rooms-runs-w/*churn*.json")) + sorted(
        glob.glob("calibration/rooms-runs-z2/*churn*.json"))
    out = []
    for f in files:
        d = json.load(open(f))
        rep = re.search(r"\.(r\d)\.json$", f)
        name = ("W" if "rooms-runs-w/" in f else "Z2") + f" {d['setup']['task_vcpu']} {rep.group(1) if rep else 'r1'}"
        out.append((f, name, d))
    return out


def num(e, key):
    v = e.get(key)
    return float(v) if v not in (None, "") else None


def in_run(d):
    pairs = [(v, u) for x in d["time_series"]["samples"]
             for v, u in zip(x["cpu_speed"], x["server_cpu_seconds_percpu"]) if u > 0]
    return sum(v * u for v, u in pairs) / sum(u for _, u in pairs)


def fmt(v, spec=".0f", none="-"):
    return none if v is None else format(v, spec)


def measured(rs):
    lines = ["| run | contaminated | ratio % | sessions | connect failures | closes abandoned | subscription failures "
             "| timeout closes | lost (cause) | connect avg / med / p95 / max s | close avg / max s |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for f, name, d in rs:
        m, e = d["metrics"], d["environment"]
        sc = d.get("server_counters", {}).get("settled")
        c, cl = m["ws_connecting"], m.get("ws_closing", {})
        lost = "-"
        if sc is not None:
            lost = ", ".join(f"{v} {k[5:]}" for k, v in sc.items() if k.startswith("lost.") and v) or "0"
        lines.append(
            f"| {name} | {e.get('contaminated')} | {100 * m['delivery_ratio']:.1f} | {m['ws_sessions']} "
            f"| {m['ws_connect_failures']} | {e.get('closes_abandoned')} "
            f"| {sc['subscription_failures'] if sc else '-'} | {sc['timeout_closes'] if sc else '-'} | {lost} "
            f"| {c['avg']:.2f} / {c['med']:.2f} / {c['p95']:.2f} / {c['max']:.2f} "
            f"| {cl.get('avg', 0):.2f} / {cl.get('max', 0):.2f} |")
    return lines


def speeds(rs):
    lines = ["| run | ratio % | in-run speed | probes where the servers ran | probes, machine mean | in-run spread "
             "| swing (noise) | MHz | commit |", "|---|---|---|---|---|---|---|---|---|"]
    for f, name, d in rs:
        e = d["environment"]
        lines.append(
            f"| {name} | {100 * d['metrics']['delivery_ratio']:.1f} | {in_run(d):,.0f} "
            f"| {fmt(num(e, 'speed_index_server_probes'), ',.0f')} | {fmt(num(e, 'speed_index'), ',.0f')} "
            f"| {e.get('speed_in_run_spread')} | {e.get('speed_in_run_swing')} ({e.get('speed_in_run_swing_noise')}) "
            f"| {e.get('cpu_mhz')} | {e.get('git_commit')} |")
    return lines


def by_setup_speed(rs):
    """Mean in-run speed and ratio per session and quota."""
    groups = {}
    for f, name, d in rs:
        if str(d["environment"].get("contaminated")).lower() == "true":
            continue
        key = (name.split()[0], d["setup"]["task_vcpu"])
        groups.setdefault(key, []).append((in_run(d), d["metrics"]["delivery_ratio"]))
    lines = ["| session | core | clean runs | mean in-run speed | mean ratio % |", "|---|---|---|---|---|"]
    for (s, q), v in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        lines.append(f"| {s} | {q} | {len(v)} | {sum(x for x, _ in v) / len(v):,.0f} "
                     f"| {100 * sum(y for _, y in v) / len(v):.1f} |")
    return lines


def windows(rs):
    lines = ["| run | " + " | ".join(f"s {a}-{a + 9}" for a in range(1, 61, 10)) + " |",
             "|---|" + "---|" * 6]
    for f, name, d in rs:
        s = d["time_series"]["samples"]
        cells = []
        for a in range(1, 61, 10):
            w = [x for x in s if a - 0.5 <= x["time"] < a + 9.5]
            cells.append(f"{sum(x['delivered_per_second'] for x in w) / len(w):.0f} "
                         f"/ {sum(x['sent_per_second'] for x in w) / len(w):.0f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def inferred(rs):
    lines = ["| run | sessions | abandoned (share) | subscription failures (share) | sends per sending session s "
             f"| {steady.FULL} x (1 - abandoned share) | {steady.FULL} x (1 - counted share) "
             "| ratio / (1 - dead share) |",
             "|---|---|---|---|---|---|---|---|"]
    for f, name, d in rs:
        r = steady.row(f)
        sc = d.get("server_counters", {}).get("settled")
        sf = sc["subscription_failures"] if sc else None
        counted = "-" if sf is None else f"{sf} ({100 * sf / r['sessions']:.1f} %)"
        exp = "-" if sf is None else f"{steady.FULL * (1 - sf / r['sessions']):.3f}"
        # The copies a member owed while its session was dead: roughly the dead share of the sessions.
        dead = sf / r["sessions"] if sf is not None else r["share"]
        live = f"{100 * r['ratio'] / (1 - dead):.1f} ({'counted' if sf is not None else 'abandoned'})"
        lines.append(f"| {name} | {r['sessions']} | {r['abandoned']} ({100 * r['share']:.1f} %) | {counted} "
                     f"| {r['per']:.3f} | {r['expect']:.3f} | {exp} | {live} |")
    return lines


def per_run_predictions(rs):
    rows = {(r["pair"], r["run"]): r for r in csv.DictReader(open(f"{HERE}/z2/per-run.csv"))}
    pairs = [p for p in PAIRS if any(k[0] == p for k in rows)]
    lines = ["| run | measured % | " + " | ".join(label(p) for p in pairs) + " |", "|---|---|" + "---|" * len(pairs)]
    for f, name, d in rs:
        run = f[len("calibration/"):]
        m = float(rows[(pairs[0], run)]["measured_ratio"])
        cells = []
        for p in pairs:
            pr = float(rows[(p, run)]["predicted_ratio"])
            cells.append(f"{100 * pr:.1f} ({100 * (pr - m):+.1f})")
        lines.append(f"| {name} | {100 * m:.1f} | " + " | ".join(cells) + " |")
    clean = [(f[len("calibration/"):], name) for f, name, d in rs
             if str(d["environment"].get("contaminated")).lower() != "true"]
    for title, keep in (("Z2, 6 runs", "Z2"), ("W, 8 clean runs", "W"), ("W + Z2, 14 clean runs", "")):
        cells = []
        for p in pairs:
            err = [100 * abs(float(rows[(p, run)]["predicted_ratio"]) - float(rows[(p, run)]["measured_ratio"]))
                   for run, name in clean if name.startswith(keep)]
            cells.append(f"{sum(err) / len(err):.1f} / {max(err):.1f}")
        lines.append(f"| mean / worst, {title} | | " + " | ".join(cells) + " |")
    return lines


def curve(rs):
    """`local`'s ratio at churn 0.03 core against the speed (z2/speed-curve.csv), the 0.03 core runs beside it."""
    pts = [(int(r["speed"]), float(r["model_ratio"])) for r in csv.DictReader(open(f"{HERE}/z2/speed-curve.csv"))]
    near = {}
    for f, name, d in rs:
        if d["setup"]["task_vcpu"] == 0.03:
            v = in_run(d)
            s = min(pts, key=lambda p: abs(p[0] - v))[0]
            near.setdefault(s, []).append(f"{name} at {v:,.0f}: {100 * d['metrics']['delivery_ratio']:.1f}")
    lines = ["| speed | `local` ratio % | measured runs nearest this speed: ratio % |", "|---|---|---|"]
    for sp, ratio in pts:
        lines.append(f"| {sp:,} | {100 * ratio:.1f} | {'; '.join(near.get(sp, []))} |")
    return lines


def set_summary():
    lines = ["| set | " + " | ".join(label(p) for p in PAIRS) + " |", "|---|" + "---|" * len(PAIRS)]
    for s, title in SETS:
        cells = []
        for p in PAIRS:
            path = f"{HERE}/z2/{s}-{p}.csv"
            if not os.path.exists(path):
                cells.append("-")
                continue
            rows = list(csv.DictReader(open(path)))
            err = [100 * (float(r["predicted_ratio"]) - float(r["measured_ratio"])) for r in rows]
            signed = ", ".join(f"{e:+.1f}" for e in err)
            cells.append(f"{sum(abs(e) for e in err) / len(err):.1f} / {max(abs(e) for e in err):.1f} ({signed})")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return lines


def refusals(rs):
    rows = {(r["pair"], r["run"]): r for r in csv.DictReader(open(f"{HERE}/z2/model-runs.csv"))}
    pairs = [p for p in PAIRS if any(k[0] == p for k in rows)]
    lines = ["| run | speed | counted (Z2) / abandoned (W) | connect avg / med s | "
             + " | ".join(f"{label(p)}: refused, connect avg / med s, ratio %" for p in pairs) + " |",
             "|---|---|---|---|" + "---|" * len(pairs)]
    for f, name, d in rs:
        run = f[len("calibration/"):]
        sc = d.get("server_counters", {}).get("settled")
        counted = sc["subscription_failures"] if sc else f"({d['environment'].get('closes_abandoned')})"
        c = d["metrics"]["ws_connecting"]
        cells = []
        for p in pairs:
            r = rows[(p, run)]
            cells.append(f"{float(r['model_refused']):g}, {float(r['model_connect_avg']):.2f} / "
                         f"{float(r['model_connect_med']):.2f}, {100 * float(r['model_ratio']):.1f}")
        lines.append(f"| {name} | {float(rows[(pairs[0], run)]['speed']):,.0f} | {counted} "
                     f"| {c['avg']:.2f} / {c['med']:.2f} | " + " | ".join(cells) + " |")
    return lines


HEAD = """# Session Z's churn runs, counted (issue 16): calibration/rooms-runs-z2 held out

Made by `calibration/churn-steady/z2.sh` (the predictions: `./fanoutsim calibrate FILES --start local [--set
handshake_round_trips=R] [--set redis_connect_timeout=Ts] --speed-rule in-run --predict-only --replications 2` per set
and per run, and `./fanoutsim run scenarios/rooms-churn-local.yaml --set profile=P --set task_vcpu=Q --machine-speed
S -r 2 -s 1` at each run's in-run speed S for the model's refusals; about four minutes), which ends with `python3
calibration/churn-steady/z2.py --out calibration/churn-steady/z2.md` (this file; the tables are its output, the prose
its fixed text). R = `handshake_round_trips`, T = `redis_connect_timeout` (both optional, off in every committed
profile), at the values README names: T 3 s (chosen on 2026-12-02's churn), T 6 s, R 1, R 4, and R 2 with T 6 s.
W = calibration/rooms-runs-w (2026-12-04), Z2 = calibration/rooms-runs-z2 (2026-12-05 08:42-08:59 UTC, with the
servers' own counters)."""


def main(args):
    path = None
    if args[:1] == ["--out"] and len(args) == 2:
        path = args[1]
        outfile.check(path)
    elif args:
        raise ValueError("usage: python3 calibration/churn-steady/z2.py [--out FILE]")
    rs = runs()
    parts = [HEAD, "",
             "## 1. Run by run: what the clients and the servers counted", "",
             "Subscription failures, timeout closes and losses by cause are the C# servers' own (`server_counters`,\n"
             "settled, both tasks); W's run files do not have them. Connect failures: dials the client gave up on at\n"
             "its 10 s connect timeout (not sessions).", "", *measured(rs), "",
             "## 2. Speeds", "", *speeds(rs), "", *by_setup_speed(rs), "",
             "`local` at churn 0.03 core against the speed (`fanoutsim run scenarios/rooms-churn-local.yaml --set "
             "task_vcpu=0.03 --machine-speed S -r 2 -s 1`):", "", *curve(rs), "",
             "## 3. Per-second series: copies delivered / messages sent a second, 10 s windows", "", *windows(rs), "",
             "## 4. Refusals inferred (steady.py) against counted", "",
             "steady.py read a W run's abandoned closes as its dead (refused) sessions. Sends per sending session over\n"
             "seconds 21-60 against what each count implies; the last column divides the ratio by the share of live\n"
             "sessions (counted refusals for Z2, abandoned closes for W), a rough delivery to the live members.", "", *inferred(rs), "",
             "## 5. Held out by set (mean / worst |error| pp, signed error per setup 0.03, 0.04, 0.06 core)", "",
             *set_summary(), "",
             "## 6. Held out run by run (each run alone at its own in-run speed: predicted %, signed pp)", "",
             *per_run_predictions(rs), "",
             "## 7. The model's refusals at each run's in-run speed (2 replications, seed 1: mean a replication)",
             "",
             "Refused = `events_ClientOpen - events_Subscribe` of the run's JSON (a refused handshake opens to its\n"
             "client and never subscribes; 0 without T). Counted = the servers' `subscription_failures` (Z2); for W,\n"
             "in brackets, its abandoned closes (steady.py's inference).", "", *refusals(rs), ""]
    return outfile.emit(path, "\n".join(parts) + READING)


READING = ""

if __name__ == "__main__":
    outfile.main("z2.py", main, errors=(OSError, ValueError, KeyError))
