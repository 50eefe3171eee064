#!/usr/bin/env python3
"""How much a run's probes speed moves its delivery ratio, in the replica and in the model (issue 17).

    python3 calibration/python-pooled/speed-elasticity.py PER_RUN_PROBES.csv PER_RUN_NONE.csv FOLDER...

The two tables are `fanoutsim calibrate COPIES/*.json --start PROFILE --speed-rule probes|none --predict-only
--table T.md` over floor.py's --copies (every run predicted alone). Per run: x = ln(its probes speed index, the
one `--speed-rule probes` picks, / the mean of its setup's runs'), the replica's move y_m = its measured ratio less
its setup's mean measured ratio, the model's move y_p = its probes prediction less its none prediction, centred the
same way. Prints the least-squares slopes of y_m and y_p on x (pp per unit of ln speed), their ratio (the share
of the model's speed correction the replica shows) and r. Standard library only.
"""
import csv
import glob
import json
import math
import os
import re
import statistics
import sys

from probes_speed import picked  # this folder's one definition of the probes index


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    probes = {r["run"]: r for r in csv.DictReader(open(argv[0]))}
    none = {r["run"]: r for r in csv.DictReader(open(argv[1]))}
    cells = {}
    for folder in argv[2:]:
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            run = json.load(open(path))
            env = run.get("environment") or {}
            if env.get("contaminated") in ("true", True):
                continue
            setup = re.sub(r"\.r\d+$", "", os.path.basename(path)[:-5])
            done = [c for c in cells.get(setup, []) if c["folder"] == folder.rstrip("/")]
            key = f"{os.path.basename(folder.rstrip('/'))}__{setup}__r{len(done) + 1}"
            cells.setdefault(setup, []).append({
                "folder": folder.rstrip("/"), "speed": picked(env),
                "measured": float(probes[key]["measured_ratio"]) * 100,
                "move": (float(probes[key]["predicted_ratio"]) - float(none[key]["predicted_ratio"])) * 100})
    xs, ym, yp = [], [], []
    for runs in cells.values():
        if len(runs) < 2:
            continue
        ls = statistics.fmean(math.log(r["speed"]) for r in runs)
        mm = statistics.fmean(r["measured"] for r in runs)
        mp = statistics.fmean(r["move"] for r in runs)
        for r in runs:
            xs.append(math.log(r["speed"]) - ls)
            ym.append(r["measured"] - mm)
            yp.append(r["move"] - mp)
    sxx = sum(x * x for x in xs)
    bm = sum(x * y for x, y in zip(xs, ym)) / sxx
    bp = sum(x * y for x, y in zip(xs, yp)) / sxx
    rm = statistics.correlation(xs, ym)
    rp = statistics.correlation(xs, yp)
    print(f"runs: {len(xs)} in {sum(1 for c in cells.values() if len(c) > 1)} setups; sd of ln speed "
          f"{statistics.pstdev(xs):.3f}")
    print(f"replica: {bm:+.1f} pp per unit ln speed (r {rm:+.2f}); model at probes: {bp:+.1f} (r {rp:+.2f}); "
          f"replica / model {bm / bp:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
