#!/usr/bin/env python3
"""How much a run's in-run speed moves its delivery ratio, in the replica and in the model, per subscription mode
(issue 17, session AC: the per-task misses grow with the run's speed).

    python3 calibration/python-runs-ac/speed-slope.py [--across-sessions] --copies DIR TABLE.csv...

DIR holds floor.py --copies of the session folders (every run under its own name); each TABLE.csv is a
`fanoutsim calibrate DIR/*.json --start PROFILE --speed-rule in-run --predict-only --table T.md` table over them
(every run predicted alone at its own in-run speed). Per run: x = ln(its in-run speed index, environment's
speed_index_server, / the geometric mean of its setup's runs'), the replica's move y_m = its measured ratio less its
setup's mean, the model's move y_p = its prediction less its setup's mean prediction. Prints, per mode, the
least-squares slopes of y_m and y_p on x (pp per unit of ln speed), their ratio (the share of the model's speed
response the replica shows) and r of y_m on x; setups with one run carry no information and are left out. A setup is
one session's repeats of it; with --across-sessions, its runs in every session (the sessions' own levels then count
as speed). Standard library only; bad input is one line and exit 2.
"""
import csv
import json
import math
import os
import re
import statistics
import sys


def slope(xs, ys):
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx > 0 else float("nan")


def main(argv):
    across = bool(argv) and argv[0] == "--across-sessions"
    argv = argv[1:] if across else argv
    if len(argv) < 3 or argv[0] != "--copies" or not os.path.isdir(argv[1]):
        print("usage: speed-slope.py [--across-sessions] --copies DIR TABLE.csv...", file=sys.stderr)
        return 2
    rows = []
    for table in argv[2:]:
        try:
            with open(table, newline="") as f:
                rows += list(csv.DictReader(f))
        except OSError as e:
            print(f"speed-slope.py: cannot read {table}: {e.strerror}", file=sys.stderr)
            return 2
    needed = {"run", "subscription", "measured_ratio", "predicted_ratio"}
    if not rows or not needed <= set(rows[0]):
        print(f"speed-slope.py: the tables are not calibrate --table CSVs (columns {', '.join(sorted(needed))})",
              file=sys.stderr)
        return 2
    setups = {}
    for r in rows:
        path = os.path.join(argv[1], r["run"] + ".json")
        if not os.path.exists(path):
            print(f"speed-slope.py: {r['run']} of the tables is not in {argv[1]}", file=sys.stderr)
            return 2
        try:
            with open(path) as f:
                speed = float(json.load(f)["environment"]["speed_index_server"])
        except (ValueError, KeyError, TypeError):
            print(f"speed-slope.py: {path} records no in-run speed (environment.speed_index_server)", file=sys.stderr)
            return 2
        setup = re.sub(r"__r\d+$", "", r["run"])
        setup = setup.split("__", 1)[1] if across else setup
        setups.setdefault(setup, []).append(
            (r["subscription"], speed, 100 * float(r["measured_ratio"]), 100 * float(r["predicted_ratio"])))
    by_mode = {}
    for setup, runs in setups.items():
        if len(runs) < 2:
            continue
        centre = statistics.fmean(math.log(s) for _, s, _, _ in runs)
        mean_m = statistics.fmean(m for _, _, m, _ in runs)
        mean_p = statistics.fmean(p for _, _, _, p in runs)
        for mode, s, m, p in runs:
            by_mode.setdefault(mode, []).append((math.log(s) - centre, m - mean_m, p - mean_p, setup))
    print("| mode | setups | runs | replica pp per ln speed | model pp per ln speed | replica / model | r |")
    print("|---|---|---|---|---|---|---|")
    for mode, points in sorted(by_mode.items()):
        xs, ym, yp = [p[0] for p in points], [p[1] for p in points], [p[2] for p in points]
        sm, sp = slope(xs, ym), slope(xs, yp)
        r = statistics.correlation(xs, ym) if len(points) > 2 else float("nan")
        print(f"| {mode} | {len({p[3] for p in points})} | {len(points)} | {sm:+.1f} | {sp:+.1f} | "
              f"{sm / sp:.2f} | {r:+.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
