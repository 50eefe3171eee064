#!/usr/bin/env python3
"""The comparison table of calibration/transfer/cross-drain/README.md: mean / worst |ratio error| of each held-out
set by `local` (its committed table), by local-drain-start (no refit) and by the refit local-drain, from the CSVs
`fanoutsim calibrate --table X.md` wrote beside each table (X.csv); the per-task runs' mean apart, the only ones the
draining lane touches. Standard library only; run from anywhere.

Usage: calibration/transfer/cross-drain/compare.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CAL = os.path.dirname(os.path.dirname(HERE))
T = os.path.join(CAL, "transfer")

# (set, rule, local's committed CSV, the CSV's name under cross-drain/ and cross-drain/start/)
SETS = [
    ("calibration/runs (35, session A)", "in-run", os.path.join(CAL, "validation.csv"), "validation-runs.csv"),
    ("rooms runs (25)", "probes", os.path.join(CAL, "rooms-runs", "validation.csv"), "validation-rooms.csv"),
    ("drop runs (12)", "in-run", os.path.join(CAL, "drop-validation.csv"), "validation-drop.csv"),
    ("session B (10)", "in-run", os.path.join(T, "validation-session-b.csv"), "validation-session-b.csv"),
    ("session C (10)", "in-run", os.path.join(T, "validation-session-c.csv"), "validation-session-c.csv"),
    ("session D (10)", "in-run", os.path.join(T, "validation-session-d.csv"), "validation-session-d.csv"),
    ("session E (10)", "probes", os.path.join(T, "validation-session-e.csv"), "validation-session-e.csv"),
    ("session J (10)", "none", os.path.join(T, "validation-session-j-by-local-fghi-speed-none.csv"),
     "validation-session-j-speed-none.csv"),
    ("session K (10)", "none", os.path.join(T, "validation-session-k-speed-none.csv"),
     "validation-session-k-speed-none.csv"),
    ("session L (10)", "none", os.path.join(HERE, "validation-session-l-speed-none-by-local.csv"),
     "validation-session-l-speed-none.csv"),
]


def summary(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    errors = [float(r["abs_error_pp"]) for r in rows]
    per_task = [float(r["abs_error_pp"]) for r in rows if r["subscription"] == "per-task"]
    text = f"{sum(errors) / len(errors):.1f} / {max(errors):.1f}"
    task = f"{sum(per_task) / len(per_task):.1f} ({len(per_task)})" if per_task else "-"
    return text, task


def main():
    print("| held-out set | rule | local | no refit | refit | per-task mean: local / no refit / refit (runs) |")
    print("|---|---|---|---|---|---|")
    for name, rule, local_csv, own in SETS:
        local, local_task = summary(local_csv)
        start, start_task = summary(os.path.join(HERE, "start", own))
        refit, refit_task = summary(os.path.join(HERE, own))
        print(f"| {name} | {rule} | {local} | {start} | {refit} | {local_task} / {start_task} / {refit_task} |")


if __name__ == "__main__":
    main()
