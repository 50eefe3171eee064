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
import math
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
             "| timeout closes | lost (cause) | sent / read by the servers | connect avg / med / p95 / max s "
             "| close avg / max s |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
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
            f"| {m['ws_msgs_sent']} / {sc['messages_in'] if sc else '-'} "
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
             "| ratio / (1 - dead share) | e^(-3/15) x (counted + publish-timeout closes) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for f, name, d in rs:
        r = steady.row(f)
        sc = d.get("server_counters", {}).get("settled")
        sf = sc["subscription_failures"] if sc else None
        counted = "-" if sf is None else f"{sf} ({100 * sf / r['sessions']:.1f} %)"
        exp = "-" if sf is None else f"{steady.FULL * (1 - sf / r['sessions']):.3f}"
        # The copies a member owed while its session was dead: roughly the dead share of the sessions.
        dead = sf / r["sessions"] if sf is not None else r["share"]
        live = f"{100 * r['ratio'] / (1 - dead):.1f} ({'counted' if sf is not None else 'abandoned'})"
        # A session the server closed with 1013 (refused, or after a PUBLISH over 3 s) is abandoned by its client
        # unless its close call comes within the server's 3 s close wait: a mean-15 s exponential session outlives it
        # with probability e^(-3/15).
        ab = "-" if sf is None else f"{math.exp(-3 / 15) * (sf + sc['lost.publish_timeout']):.1f}"
        lines.append(f"| {name} | {r['sessions']} | {r['abandoned']} ({100 * r['share']:.1f} %) | {counted} "
                     f"| {r['per']:.3f} | {r['expect']:.3f} | {exp} | {live} | {ab} |")
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
S -r 2 -s 1` at each run's in-run speed S for the model's refusals; about eight minutes), which ends with `python3
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
             "steady.py read a W run's abandoned closes as its dead (refused) sessions. Sends per sending session\n"
             "over seconds 21-60 against what each count implies; the ratio divided by the share of live sessions\n"
             "(counted refusals for Z2, abandoned closes for W), a rough delivery to the live members. The C# server\n"
             "closes a refused session (and, after a PUBLISH over 3 s, its sender) with 1013 and waits 3 s\n"
             "(`CloseTimeoutMs`) for the client's reply; a client whose close call comes later finds the socket\n"
             "gone and abandons its close, so about e^(-3/15) = 0.819 of them are abandoned; closes that reach the\n"
             "client's 5 s timeout are abandoned too.", "", *inferred(rs), "",
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


READING = """
## Reading

**Z2 against W.** Same host kind (2096 MHz), same setups, newer software (6a8cc41 against cd3bf53). Delivered at 0.03
core 54.0 / 65.0 % against W's 78.0 / 71.4 / 73.8; at 0.04 87.0 / 87.6 against 91.4 / 84.0 (92.4 contaminated); at 0.06
96.8 / 96.1 against 93.6 / 96.9 / 96.8. The servers ran slower at 0.03 and 0.04 core: mean in-run speed 2.03 M and 2.00
M against W's 2.34 M and 2.39 M (-13 %, -16 %); the probes where the servers ran read 1.97 / 1.92 M at 0.03 against W's
2.45-2.54 M. At 0.06 Z2 was the faster (2.34 M against 2.04 M). Connects were slower with the speed (0.03: avg 3.03 /
2.86 s, median 2.55 / 2.63 s, against 2.10-2.35 s and 1.62-2.14 s).

**What the counters show.** Subscription failures (the server's own Redis connection not up in 2 s: upgraded, closed
with 1013) 110 / 174 at 0.03 core (12.4 / 17.9 % of sessions), 35 / 25 at 0.04 (3.3 / 2.4 %), none at 0.06; no timeout
closes, no rejected connections, no Redis reconnect; one loss cause, in the first 0.03 core run only: 169 PUBLISHes over
3 s (`publish_timeout`, each closing its sender with 1013). That run stalled from second 21 to 50 (copies 194 / 461 /
188 a second in the 10 s windows against 883-1351 before), with 54 dials given up at the 10 s connect timeout and 1,447
of its 8,071 sends never counted in by the servers. The client's abandoned closes follow the counted closes: e^(-3/15) x
(refused + publish-timeout closes) is 142.5 / 28.7 / 20.5 against 137 / 29 / 19 abandoned in the three runs without a
stall, and 228.4 against 287 in the stalled one, whose closes also reached the client's 5 s timeout. So steady.py's
reading of W (abandoned = refused) is right in kind but counts about 18 % short where closes are quick (a refused
session closed within the server's 3 s wait is not abandoned) and long where closes time out: W's first 0.03 core run
(no close over 2.47 s), 78 abandoned, had about 95 refusals. Sends per sending session in the steady state match the
counted refusals better than the abandoned ones in the second 0.03 core run (0.799 measured; 0.794 from the counted,
0.830 from the abandoned).

**Speed level or refusals?** The day's speed level. `local`, which refuses nothing, predicts Z2's 0.03 core setup at its
mean in-run speed at 62.4 % against 59.5 measured (+2.9 pp) and W's at 78.9 against 74.4 (+4.6): it drops 16.6 pp from
W's speed to Z2's where the servers dropped 14.9. Its curve at 0.03 core has a cliff just where Z2 ran (79.7 % at 2.35
M, 70.3 at 2.10 M, 65.3 at 2.05 M, 49.2 at 2.00 M, 33.3 at 1.90 M), steeper than the servers' (54.0 at 1.98 M, 65.0 at
2.08 M: 11.0 pp where `local`, each run at its own speed, moves 20.9). The counters show how the servers lose at the
lower speed, not a second cause: more refused sessions (17.9 % of sessions in the second 0.03 core run; W's abandoned
closes were 12.1 % at most, about 15 % as refusals) and, in the first, a stall with PUBLISH timeouts; dividing the ratio
by the live share leaves 79.2 % to the live members of the second run against 81.2-84.4 in W (61.7 in the stalled run).

**Held out.** `local` on Z2: 1.4 / 2.9 pp (signed +2.9, -0.8, -0.5), within issue 16's 3 / 8; run by run 2.3 / 6.2.
Every candidate is worse on Z2: R 1 4.2 / 10.7, R 4 5.0 / 12.6, T 3 s 5.4 / 13.6, T 6 s 4.0 / 9.8, R 2 with T 6 s 5.2 /
15.0; the T candidates miss 0.04 core by -9.8 to -15.0 pp, the R ones 0.03 by +10.7 to +12.6. W + Z2 pooled as setup
means: `local` 3.1 / 6.7 (+6.7 at 0.03: the pool's mean speed, 2.22 M, lies above the cliff while two of its five runs
lie on it; run by run over the 14 clean runs 3.1 / 8.4); T 6 s reads 2.0 / 3.8 pooled but was chosen on W, is 4.0 / 9.8
on Z2 alone and 3.7 / 12.4 run by run.

**The model's refusals against the counted ones.** At Z2's speeds T 3 s refuses 333 / 288 sessions at 0.03 core (counted
110 / 174), 207.5 / 175.5 at 0.04 (35 / 25), 8 / 14.5 at 0.06 (0); T 6 s 226.5 / 194.5, 124.5 / 85, 0; R 2 with T 6 s
298.5 / 291, 260 / 237, 0. The model refuses 1.1-3.0 times the counted at 0.03 and 3.4-9.5 times at 0.04: the servers
refuse 4.7 times as many at 0.03 as at 0.04, T 3 s 1.6 times, T 6 s 2.0 times. Neither T puts the model's refusals where
the servers make them, so neither candidate is adopted; no profile or model was changed.
"""

if __name__ == "__main__":
    outfile.main("z2.py", main, errors=(OSError, ValueError, KeyError))
