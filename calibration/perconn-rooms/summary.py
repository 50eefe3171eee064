#!/usr/bin/env python3
"""calibration/perconn-rooms/summary.py > calibration/perconn-rooms/sensitivity.md — sums up the tables
calibration/perconn-rooms/sensitivity.sh wrote (sens-NAME-perconn.csv, sens-NAME-knee-rs.csv, sens-NAME-pertask.csv):
mean / worst |ratio error| and mean signed error (predicted - measured) of the 20 per-connection many-room setups, of
their kinds, of knee R + S and of the 19 per-task many-room setups. Standard library only."""
import csv
import glob
import os
import re
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = [
    ("CPU-limited 30x10(+1x100)", lambda r: "30x10" in r and "q0.5" not in r),
    ("mixed-traffic", lambda r: "mixed-traffic" in r),
    ("churn", lambda r: "churn" in r),
    ("personal-and-group", lambda r: "personal-and-group" in r),
    ("shaped 60x10 (0.5 core)", lambda r: "60x10" in r),
]
ORDER = ["local", "turn-5us", "turn-0", "connect-0.3ms", "handshake-0.15ms", "drift-0", "no-fifo", "batch-64",
         "batch-all", "round-trips-2", "batch-all-read-2.5us"]
CHANGE = {
    "local": "none (calibration/profiles/local.yaml)",
    "turn-5us": "forward_turn_cpu 17.9 -> 5 us",
    "turn-0": "forward_turn_cpu 17.9 -> 0 us",
    "connect-0.3ms": "redis_connect_cpu 0.645 -> 0.3 ms",
    "handshake-0.15ms": "handshake_cpu 0.334 -> 0.15 ms",
    "drift-0": "cpu_drift 0.95 -> 0",
    "no-fifo": "control_queues_behind_backlog true -> false",
    "batch-64": "forward_batch 16 -> 64",
    "batch-all": "forward_batch 16 -> 100000 (a turn drains its backlog)",
    "round-trips-2": "handshake_round_trips unset -> 2",
    "batch-all-read-2.5us": "forward_batch 100000 and subscriber_read_cpu 1.09 -> 2.5 us",
}


def rows(path):
    with open(path) as f:
        return [(r["run"], float(r["measured_ratio"]) * 100, float(r["predicted_ratio"]) * 100)
                for r in csv.DictReader(f)]


def stats(rs):
    if not rs:
        return "-"
    errs = [p - m for _, m, p in rs]
    mean = statistics.fmean(abs(e) for e in errs)
    return f"{mean:.1f} / {max(abs(e) for e in errs):.1f} ({statistics.fmean(errs):+.1f})"


names = [n for n in ORDER if os.path.exists(os.path.join(HERE, f"sens-{n}-perconn.csv"))]
print("# Which costs the per-connection many-room setups hang on (issue 16, session AB)\n")
print("Made by `calibration/perconn-rooms/sensitivity.sh` (then `calibration/perconn-rooms/summary.py >\n"
      "calibration/perconn-rooms/sensitivity.md`): `local` and copies of it with a key or two changed predict, no fit,"
      " at the\nin-run speed, 2 replications. Each cell: mean / worst |ratio error| pp (mean signed error, predicted -"
      " measured).\n")
head = ["change"] + [f"{k} ({n})" for k, f in KINDS
                     for n in [len([r for r in rows(os.path.join(HERE, 'sens-local-perconn.csv')) if f(r[0])])]]
print("| " + " | ".join(head + ["all 20 per-connection", "knee R + S (10)", "per-task many-room (19)"]) + " |")
print("|" + "---|" * (len(head) + 3))
for n in names:
    pc = rows(os.path.join(HERE, f"sens-{n}-perconn.csv"))
    knee = rows(os.path.join(HERE, f"sens-{n}-knee-rs.csv"))
    pertask = rows(os.path.join(HERE, f"sens-{n}-pertask.csv"))
    cells = [stats([r for r in pc if f(r[0])]) for _, f in KINDS]
    print("| " + " | ".join([CHANGE[n]] + cells + [stats(pc), stats(knee), stats(pertask)]) + " |")
print("\nThe CPU-limited 30x10(+1x100) setups, measured and predicted ratio %:\n")
print("| setup | measured | " + " | ".join(names) + " |")
print("|---|---|" + "---|" * len(names))
base = rows(os.path.join(HERE, "sens-local-perconn.csv"))
for run, m, _ in base:
    if not KINDS[0][1](run):
        continue
    preds = []
    for n in names:
        d = {r: p for r, _, p in rows(os.path.join(HERE, f"sens-{n}-perconn.csv"))}
        preds.append(f"{d[run]:.1f}")
    print(f"| {re.sub('-bwnone-perconn-rooms', '', run)} | {m:.1f} | " + " | ".join(preds) + " |")

# What a connect priced by its company could at most do (README "What a connection costs": a per-connection connect
# costs 1.76 ms one by one and 0.57 ms in batches at the profile's speed): the fixed-session setups, whose users dial
# within the 1 s ramp, at the burst price (the connect-0.3ms row: 0.33 + 0.30 ms), the churn setups, whose reconnects
# come apart, as `local` predicts them. No such mechanism is in the model; this only combines the two tables.
if {"local", "connect-0.3ms"} <= set(names):
    burst = {r: (m, p) for r, m, p in rows(os.path.join(HERE, "sens-connect-0.3ms-perconn.csv"))}
    mixed = [(r, m, p) if "churn" in r else (r, *burst[r]) for r, m, p in base]
    print("\nA connect priced by its company, emulated (fixed-session setups from the `connect-0.3ms` table, churn"
          " from\n`local`'s): " + " | ".join(f"{k} {stats([x for x in mixed if f(x[0])])}" for k, f in KINDS)
          + f" | all 20 {stats(mixed)}.")
