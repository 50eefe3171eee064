#!/usr/bin/env python3
"""Issue 17: re-centre a fitted profile on the delivery ratio. calibrate's objective weighs the ratio with the
delivered/s, the sent count and the session time, and leaves a fit predicting its own sessions' ratios too high; this
finds the one CPU-cost factor L (the profile's speed_index x L) that minimises the mean |ratio error| of the
profile's setup means in each session folder it was fitted on, and writes the profile with speed_index x the mean of
those levels. Nothing else changes. Each folder is predicted `--predict-only --replications 2` at L = 0.90 .. 1.20
(step 0.02, linear between).

    python3 calibration/python-level/recentre.py --start PROFILE.yaml --rule RULE --out OUT.yaml FOLDER...

FOLDER: the session folders the profile was fitted on (calibration/python-runs-s ...), each judged alone. About 20 s
a folder. Then predict a new session with `./fanoutsim calibrate NEW/*.json --start OUT.yaml --speed-rule RULE
--predict-only`. Bad input => one line, exit 2.
"""
import importlib.util
import os
import re
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


grid = load("grid")
level = load("level")
USAGE = "usage: recentre.py --start PROFILE.yaml --rule in-run|probes --out OUT.yaml FOLDER..."


def fail(msg):
    print(f"recentre.py: {msg}", file=sys.stderr)
    sys.exit(2)


def main(argv):
    opts, folders = {}, []
    while argv:
        a = argv.pop(0)
        if a in ("--start", "--rule", "--out"):
            if not argv:
                fail(f"{a} needs a value; {USAGE}")
            opts[a] = argv.pop(0)
        elif a.startswith("--"):
            fail(f"unknown option {a}; {USAGE}")
        else:
            folders.append(a)
    if set(opts) != {"--start", "--rule", "--out"} or not folders:
        fail(USAGE)
    start, rule, out = opts["--start"], opts["--rule"], opts["--out"]
    if rule not in ("in-run", "probes"):
        fail(f"--rule must be in-run or probes, not '{rule}'")
    if not os.path.isfile(start):
        fail(f"no profile {start}")
    with open(start) as f:
        text = f.read()
    m = re.search(r"^(\s*speed_index:\s*)(\d+)\s*$", text, re.M)
    if not m:
        fail(f"{start} has no speed_index")
    s0 = int(m.group(2))
    levels = [round(0.90 + 0.02 * i, 2) for i in range(16)]
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            files = sorted(os.path.abspath(os.path.join(folder, f)) for f in os.listdir(folder)
                           if f.endswith(".json")) if os.path.isdir(folder) else []
            if not files:
                fail(f"no run files in {folder}")
            g = {}
            for lv in levels:
                for run, _, meas, pred in grid.predict(files, os.path.abspath(start), rule, lv, s0, tmp):
                    g.setdefault(run, {"measured": float(meas), "pred": []})["pred"].append((lv, float(pred)))
            best = min((lv / 1000 for lv in range(900, 1201)),
                       key=lambda lv: (statistics.mean(abs(e) for e in level.errors(g, sorted(g), lv)), abs(lv - 1)))
            found[folder] = best
            print(f"{folder}: level {best:.3f}", flush=True)
    mean = statistics.mean(found.values())
    new = round(s0 * mean)
    text = text[:m.start(2)] + str(new) + text[m.end(2):]
    name = os.path.splitext(os.path.basename(out))[0]
    text = re.sub(r"^name: .*$", f"name: {name}", text, count=1, flags=re.M)
    note = (f"  Re-centred on the ratio (issue 17): speed_index {s0} x {mean:.3f} = {new}, the mean of the levels "
            f"{', '.join(f'{os.path.basename(k)} {v:.3f}' for k, v in found.items())}, by:\n"
            f"  python3 calibration/python-level/recentre.py --start {start} --rule {rule} --out {out} "
            f"{' '.join(folders)}\n")
    text = re.sub(r"^(fit: \|\n)", lambda mm: mm.group(1) + note, text, count=1, flags=re.M)
    with open(out, "w") as f:
        f.write(text)
    print(f"mean level {mean:.3f}: speed_index {s0} -> {new}, written to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
