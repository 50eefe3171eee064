#!/usr/bin/env python3
"""Does a session's shift follow its probes speed? (issue 17, session W.)

    python3 calibration/python-runs-w/session-shift.py PER_RUN_PROBES.csv PER_RUN_NONE.csv FOLDER...

The two tables are speed-elasticity.py's (`fanoutsim calibrate COPIES/*.json --start PROFILE --speed-rule
probes|none --predict-only --table T.md` over floor.py's --copies: every run predicted alone). Per session (one
FOLDER) over its clean runs: dx = the mean of ln(the run's probes speed / the geometric mean speed of its setup's
runs over every FOLDER), dm = the mean of the run's measured ratio less its setup's mean measured ratio over every
FOLDER (the session's own shift), the mean signed miss (predicted less measured, as the README's tables sign it) at
probes and at none, the same at probes centred on the setup (each run's miss less the mean miss of its setup's runs
over every FOLDER: the session's miss where the sessions' setup mixes differ), and the kernel build
(environment.machine_kernel). Then the least-squares slope of the session shifts on dx over the
sessions, and the same grouped by kernel build. Standard library only; bad input => one line, exit 2.
"""
import csv
import glob
import json
import math
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python-pooled"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from probes_speed import picked  # noqa: E402  the pooled folder's one definition of the probes index
from student_t import t95  # noqa: E402


def slope(xs, ys):
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx > 0 else float("nan")


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        probes = {r["run"]: r for r in csv.DictReader(open(argv[0]))}
        none = {r["run"]: r for r in csv.DictReader(open(argv[1]))}
        runs = []
        for folder in argv[2:]:
            name = os.path.basename(folder.rstrip("/"))
            done = {}
            paths = sorted(glob.glob(os.path.join(folder, "*.json")))
            if not paths:
                raise ValueError(f"{folder}: no run files (*.json)")
            for path in paths:
                run = json.load(open(path))
                env = run.get("environment") or {}
                if env.get("contaminated") in ("true", True):
                    continue
                setup = re.sub(r"\.r\d+$", "", os.path.basename(path)[:-5])
                done[setup] = done.get(setup, 0) + 1
                key = f"{name}__{setup}__r{done[setup]}"
                if key not in probes or key not in none:
                    raise ValueError(f"{key}: not in both tables")
                measured = float(probes[key]["measured_ratio"]) * 100
                runs.append({"session": name, "setup": setup, "kernel": env.get("machine_kernel", "?"),
                             "lnspeed": math.log(picked(env)), "measured": measured,
                             "miss_probes": float(probes[key]["predicted_ratio"]) * 100 - measured,
                             "miss_none": float(none[key]["predicted_ratio"]) * 100 - measured})
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"session-shift.py: {e}", file=sys.stderr)
        return 2
    by_setup = {}
    for r in runs:
        by_setup.setdefault(r["setup"], []).append(r)
    for rs in by_setup.values():
        ls = statistics.fmean(r["lnspeed"] for r in rs)
        mm = statistics.fmean(r["measured"] for r in rs)
        mp = statistics.fmean(r["miss_probes"] for r in rs)
        for r in rs:
            r["dx"], r["dm"], r["cp"] = r["lnspeed"] - ls, r["measured"] - mm, r["miss_probes"] - mp

    def rows(key):
        groups = {}
        for r in runs:
            groups.setdefault(r[key], []).append(r)
        out = []
        for g, rs in groups.items():
            out.append((g, len(rs), sorted({r["kernel"] for r in rs}),
                        statistics.fmean(r["dx"] for r in rs), statistics.fmean(r["dm"] for r in rs),
                        statistics.fmean(r["miss_probes"] for r in rs), statistics.fmean(r["miss_none"] for r in rs),
                        statistics.fmean(math.exp(r["lnspeed"]) for r in rs) / 1e6,
                        statistics.fmean(r["cp"] for r in rs)))
        return out

    print("# Session shifts against the probes speed\n\nMade by:\n")
    print("```bash\npython3 calibration/python-runs-w/session-shift.py " + " ".join(argv) + "\n```\n")
    for key, title in (("session", "session"), ("kernel", "kernel build")):
        table = rows(key)
        print(f"| {title} | runs | kernel | mean probes speed (million) | dx = mean ln speed vs setup | "
              "shift dm pp | signed miss at probes pp | the same, setup-centred | signed miss at none pp |")
        print("|---|---|---|---|---|---|---|---|---|")
        for g, n, ks, dx, dm, mp, mn, sp, cp in table:
            print(f"| {g} | {n} | {' '.join(k.split('-')[-1] for k in ks)} | {sp:.2f} | {dx:+.3f} | {dm:+.1f} | "
                  f"{mp:+.1f} | {cp:+.1f} | {mn:+.1f} |")
        print()
        if key == "session" and len(table) > 2:
            xs = [t[3] for t in table]

            def fit(i):
                ys = [t[i] for t in table]
                return f"{slope(xs, ys):+.1f} (r {statistics.correlation(xs, ys):+.2f})"
            print(f"Over the {len(table)} sessions, per unit dx: shift dm {fit(4)} pp; signed miss at probes "
                  f"{fit(5)}; setup-centred {fit(8)}; at none {fit(6)}.\n")
            kernels = {}
            for t in table:
                kernels.setdefault(tuple(t[2]), []).append(t[8])
            if len(kernels) == 2 and len(table) > 2:
                (ka, a), (kb, b) = kernels.items()
                dof = len(a) + len(b) - 2
                ss = sum((x - statistics.fmean(a)) ** 2 for x in a) + sum((x - statistics.fmean(b)) ** 2 for x in b)
                se = math.sqrt(ss / dof * (1 / len(a) + 1 / len(b)))
                d = statistics.fmean(a) - statistics.fmean(b)
                print(f"Setup-centred signed miss at probes by kernel build, sessions as the unit: "
                      f"{' '.join(ka)} less {' '.join(kb)} {d:+.1f} pp, t {d / se:+.2f} on {dof} dof "
                      f"({t95(dof):.2f} needed at 95 %).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
