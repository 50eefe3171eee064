#!/usr/bin/env python3
"""Issue 17, a session's level: what one CPU-cost factor per session explains of the by-session error, and whether
something measured in the session before its steep setups are predicted can supply that factor.

    python3 calibration/python-level/level.py [--out FILE] [RULE...]   # default rules: in-run probes

Reads calibration/python-level/grid/RULE-SESSION.csv (grid.py: each session predicted by the fit that left it out,
every CPU cost x L, L = 0.70 .. 1.40) and the sessions' run files. Predictions between grid points are linear in L.

Part 1, the level: per session the L that minimises the mean |error| over its setups (setup means), i.e. the ceiling
of any per-session level correction, beside the session's mean speed indexes.

Part 2, a level known before predicting: an anchor setup of the session (not judged) gives its level, carried to the
session's steep setups (the eight of python-rep.txt, session Y's, less the anchor), judged on setup means:
  none       L = 1 (the leave-one-session-out fit as it is)
  ceiling    the session's own best L on the judged setups (no protocol reaches it)
  ratio@A    L at which the fit predicts the anchor's measured ratio (A = n50-i1-t1-q0.25; R, which has no N = 50
             setup: n100-i1-t1-q0.5-ramp0s)
  cpu@A      the anchor's server CPU per delivery in probe units (server CPU-s x the run's speed index under RULE /
             messages_out), the session's mean over the other sessions' mean for that setup
  cpu@q1     the same at the comfortable N = 100 on 1 core (nothing saturated; S, W, X only); A's setup then judged
  index      L from the session's mean speed index under RULE, by a least-squares line log L* = a + b log index
             over the other four sessions' part-1 levels (each of those read against a fit that saw this session)
  fit-mean   the mean of the in-sample levels of the fit that left the session out (its best L on each of the four
             sessions it was fitted on; grid.py --in-sample): what the fit's own residual level is
  fit-index  the same four in-sample levels, log L = a + b log index over them, at the held-out session's mean
             index: nothing from the held-out session but its mean speed index
The floor column: what a model that knew each setup's true mean would score on the judged setup means, after the
probes (sd_w and sd_b of calibration/python-runs-y/floor-v1272y-after-probes.md; sd_b is 0.00 there).
Standard library only; bad input => one line, exit 2.
"""
import csv
import glob
import json
import math
import os
import re
import importlib.util
import statistics
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "calibration"))
import outfile  # noqa: E402
SESSIONS = ["python-runs-r", "python-runs-s", "python-runs-w", "python-runs-x", "python-runs-y"]
STEEP = ["py-n100-i1-t1-q0.5-bwnone-perconn", "py-n100-i1-t2-q0.25-bwnone-perconn",
         "py-n100-i2-t1-q0.25-bwnone-perconn", "py-n150-i1-t1-q0.5-bwnone-perconn",
         "py-n150-i2-t1-q0.5-bwnone-perconn", "py-n200-i1-t1-q1-bwnone-perconn",
         "py-n50-i1-t1-q0.25-bwnone-perconn", "py-n75-i1-t1-q0.25-bwnone-perconn"]
ANCHOR = "py-n50-i1-t1-q0.25-bwnone-perconn"
ANCHOR_R = "py-n100-i1-t1-q0.5-bwnone-perconn-ramp0s"
COMFORT = "py-n100-i1-t1-q1-bwnone-perconn"
FLOOR_MD = "calibration/python-runs-y/floor-v1272y-after-probes.md"
SPEED_KEY = {"in-run": "speed_index_server", "probes": "speed_index_server_probes"}


def fail(msg):
    print(f"level.py: {msg}", file=sys.stderr)
    sys.exit(2)


def take_out(argv, fail):
    """`--out FILE` at the front of argv: (FILE or None, the rest), FILE's folder checked before any work; `fail`
    is the calling script's one-line exit 2."""
    if argv[:1] != ["--out"]:
        return None, argv
    if len(argv) < 2:
        fail("--out needs a FILE")
    try:
        outfile.check(argv[1])
    except OSError as e:
        fail(str(e))
    return argv[1], argv[2:]


def emit(out, lines, fail):
    """The report: written whole to OUT when given (a temp name renamed over it), and printed."""
    text = "\n".join(lines) + "\n"
    if out:
        try:
            outfile.write(out, text)
        except OSError as e:
            fail(f"cannot write {out}: {e.strerror}")
    print(text, end="")


def short(session):
    return session.replace("python-runs-", "").upper()


def read_grid(rule, session):
    path = os.path.join(ROOT, "calibration/python-level/grid", f"{rule}-{session}.csv")
    if not os.path.exists(path):
        fail(f"no {os.path.relpath(path, ROOT)}: run calibration/python-level/grid.py {rule} first")
    grid = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            setup = row["setup"]
            if session.endswith("-per-run"):
                setup = setup  # FOLDER__SETUP__rK: judged alone
            entry = grid.setdefault(setup, {"measured": float(row["measured"]), "pred": []})
            entry["pred"].append((float(row["level"]), float(row["predicted"])))
    return grid


def pred_at(entry, level):
    pts = entry["pred"]
    if level <= pts[0][0]:
        return pts[0][1]
    for (l0, p0), (l1, p1) in zip(pts, pts[1:]):
        if l0 <= level <= l1:
            return p0 + (p1 - p0) * (level - l0) / (l1 - l0)
    return pts[-1][1]


def errors(grid, setups, level):
    return [100 * (pred_at(grid[s], level) - grid[s]["measured"]) for s in setups]


def score(errs):
    a = [abs(e) for e in errs]
    return statistics.mean(a), max(a), statistics.mean(errs)


def best_level(grid, setups):
    levels = [l / 1000 for l in range(700, 1401)]
    return min(levels, key=lambda l: (statistics.mean(abs(e) for e in errors(grid, setups, l)), abs(l - 1)))


def ratio_level(entry):
    """The L at which the prediction equals the measured ratio (predictions fall as L grows)."""
    target = entry["measured"]
    pts = entry["pred"]
    for (l0, p0), (l1, p1) in zip(pts, pts[1:]):
        if (p0 - target) * (p1 - target) <= 0 and p0 != p1:
            return l0 + (l1 - l0) * (p0 - target) / (p0 - p1)
    return pts[0][0] if abs(pts[0][1] - target) < abs(pts[-1][1] - target) else pts[-1][0]


def clean_runs(session):
    """(path, run, its environment) of each of the session's run files, contaminated ones left out."""
    for path in sorted(glob.glob(os.path.join(ROOT, "calibration", session, "*.json"))):
        with open(path) as f:
            d = json.load(f)
        env = d.get("environment") or {}
        if env.get("contaminated") not in ("true", True):
            yield path, d, env


def runs(session):
    out = []
    for path, d, env in clean_runs(session):
        setup = re.sub(r"\.r\d+$", "", os.path.basename(path)[:-len(".json")])
        cpu = sum(sum(p["cpu_seconds"]) for p in d["process_cpu"]["processes"] if p["role"] == "server")
        out_msgs = sum(t["settled"]["messages_out"] for t in d["server_counters"]["tasks"])
        out.append({"setup": setup, "cpu": cpu, "out": out_msgs,
                    "in-run": float(env["speed_index_server"]),
                    "probes": float(env.get("speed_index_server_probes", env["speed_index"]))})
    return out


def work(runs_of, session, setup, rule):
    """The session's mean over its runs of one setup of server CPU-s x the run's speed index / messages_out."""
    w = [r["cpu"] * r[rule] / r["out"] for r in runs_of[session] if r["setup"] == setup]
    return statistics.mean(w) if w else None


def cpu_level(runs_of, session, setup, rule):
    own = work(runs_of, session, setup, rule)
    others = [work(runs_of, s, setup, rule) for s in SESSIONS if s != session]
    others = [w for w in others if w is not None]
    if own is None or not others:
        return None
    return own / statistics.mean(others)


def floor_of(runs_of, session, judged, per_run):
    """The floor after the probes of the judged setup means (sd_b 0 there): sd_w / sqrt(runs) per setup, mean
    sqrt(2/pi) x sd, worst floor.py's expected largest |miss|."""
    with open(os.path.join(ROOT, FLOOR_MD)) as f:
        m = re.search(r"\(sd_w\): ([0-9.]+) pp.*\(sd_b\): ([0-9.]+) pp", f.read())
    if not m:
        fail(f"{FLOOR_MD} states no sd_w and sd_b")
    sd_w, sd_b = float(m.group(1)), float(m.group(2))
    spec = importlib.util.spec_from_file_location("floor", os.path.join(ROOT, "calibration/python-pooled/floor.py"))
    floor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floor)
    sds = []
    for x in judged:
        n = 1 if per_run else sum(1 for r in runs_of[session] if r["setup"] == x)
        sds.append(math.sqrt(sd_w ** 2 / n + sd_b ** 2))
    return math.sqrt(2 / math.pi) * statistics.mean(sds), floor.expected_worst(sds)


def index_level(runs_of, levels, session, rule):
    """L from the session's mean index: log L = a + b log index, least squares over the other sessions' levels."""
    return line_at(runs_of, {o: levels[o] for o in SESSIONS if o != session}, session, rule)


def in_sample_levels(rule, held):
    """{session: the best L of the fit without `held` on that session's setups}, or None without the grid."""
    out = {}
    for o in SESSIONS:
        if o == held:
            continue
        path = os.path.join(ROOT, "calibration/python-level/grid/in-sample", f"{rule}-fit-all-but-{held}-on-{o}.csv")
        if not os.path.exists(path):
            return None
        grid = {}
        with open(path) as f:
            for row in csv.DictReader(f):
                entry = grid.setdefault(row["setup"], {"measured": float(row["measured"]), "pred": []})
                entry["pred"].append((float(row["level"]), float(row["predicted"])))
        levels = [lv / 1000 for lv in range(900, 1201)]
        out[o] = min(levels, key=lambda lv: (statistics.mean(abs(e) for e in errors(grid, sorted(grid), lv)),
                                             abs(lv - 1)))
    return out


def line_at(runs_of, pts, session, rule):
    """exp(a + b log index) of the least-squares line through {session: level} at `session`'s mean index."""
    xs = [math.log(statistics.mean(r[rule] for r in runs_of[o])) for o in pts]
    ys = [math.log(pts[o]) for o in pts]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    own_x = math.log(statistics.mean(r[rule] for r in runs_of[session]))
    return math.exp(my + b * (own_x - mx))


def fmt(sc):
    return f"{sc[0]:.1f} / {sc[1]:.1f}, {sc[2]:+.1f}"


def report(rule, runs_of, lines):
    grids = {s: read_grid(rule, s) for s in SESSIONS}
    grids["python-runs-y-per-run"] = read_grid(rule, "python-runs-y-per-run")
    lines.append(f"## Speed rule `{rule}`\n")
    lines.append("Part 1, the level. L: every CPU cost x L (> 1: the session slower than its index says); the level "
                 "minimising the mean |error| over the session's setups (setup means); mean / worst pp, signed "
                 "(predicted less measured).\n")
    lines.append("| held out (setups) | mean index, M (in-run / probes) | L = 1 | level L | speed factor 1/L | "
                 "at its level (ceiling) |")
    lines.append("|---|---|---|---|---|---|")
    levels = {}
    for s in SESSIONS + ["python-runs-y-per-run"]:
        g = grids[s]
        setups = sorted(g)
        lv = best_level(g, setups)
        levels[s] = lv
        src = s.replace("-per-run", "")
        ir = statistics.mean(r["in-run"] for r in runs_of[src]) / 1e6
        pr = statistics.mean(r["probes"] for r in runs_of[src]) / 1e6
        name = short(src) + (" run by run" if s.endswith("-per-run") else "")
        lines.append(f"| {name} ({len(setups)}) | {ir:.2f} / {pr:.2f} | {fmt(score(errors(g, setups, 1.0)))} | "
                     f"{lv:.3f} | {1 / lv:.3f} | {fmt(score(errors(g, setups, lv)))} |")
    allsets = [(s, x) for s in SESSIONS for x in sorted(grids[s])]
    e1 = [e for s in SESSIONS for e in errors(grids[s], sorted(grids[s]), 1.0)]
    el = [e for s in SESSIONS for e in errors(grids[s], sorted(grids[s]), levels[s])]
    lines.append(f"| together ({len(allsets)}) | | {fmt(score(e1))} | | | {fmt(score(el))} |\n")
    ins_all = {s: in_sample_levels(rule, s) for s in SESSIONS}
    if all(ins_all.values()):
        lines.append("In sample: the level of each leave-one-session-out fit on the sessions it was fitted on (rows: "
                     "the fit; grid.py --in-sample, L = 0.90 .. 1.20), and the held-out session's level over their "
                     "mean (its level relative to the fit's own).\n")
        lines.append("| fit without | " + " | ".join(short(o) for o in SESSIONS) + " | mean in sample | "
                     "held out | held out / mean |")
        lines.append("|---|" + "---|" * (len(SESSIONS) + 3))
        for held in SESSIONS:
            ins = ins_all[held]
            cells = ["-" if o == held else f"{ins[o]:.3f}" for o in SESSIONS]
            m = statistics.mean(ins.values())
            lines.append(f"| {short(held)} | " + " | ".join(cells) + f" | {m:.3f} | {levels[held]:.3f} | "
                         f"{levels[held] / m:.3f} |")
        lines.append("")

    slopes = []
    for s in SESSIONS:
        for x in grids[s]:
            if x in STEEP:
                slopes.append(100 * (pred_at(grids[s][x], 0.99) - pred_at(grids[s][x], 1.01)) / 2)
    lines.append(f"Sensitivity: one percent of L moves a steep setup's predicted ratio by {statistics.mean(slopes):.2f} "
                 f"pp on average (range {min(slopes):.2f}-{max(slopes):.2f}, {len(slopes)} setup means, L 0.99-1.01)."
                 "\n")
    lines.append("Part 2, a level known before predicting: the anchor's level carried to the session's steep setups "
                 "(less the anchor), judged on setup means; mean / worst pp, signed; L in brackets.\n")
    protocols = ["none", "ceiling", "ratio@A", "cpu@A", "cpu@q1", "index", "fit-mean", "fit-index"]
    lines.append("| held out (judged) | floor | " + " | ".join(protocols) + " |")
    lines.append("|---|---|" + "---|" * len(protocols))
    together = {p: [] for p in protocols}
    for s in SESSIONS + ["python-runs-y-per-run"]:
        g = grids[s]
        src = s.replace("-per-run", "")
        anchor = ANCHOR if ANCHOR in grids[src] else ANCHOR_R
        if s.endswith("-per-run"):
            judged = sorted(x for x in g if x.split("__")[1] in STEEP and x.split("__")[1] != anchor)
        else:
            judged = sorted(x for x in g if x in STEEP and x != anchor)
        chosen = {
            "none": 1.0,
            "ceiling": best_level(g, judged),
            "ratio@A": ratio_level(grids[src][anchor]),
            "cpu@A": cpu_level(runs_of, src, anchor, rule),
            "cpu@q1": cpu_level(runs_of, src, COMFORT, rule),
            "index": index_level(runs_of, levels, src, rule),
            "fit-mean": None,
            "fit-index": None,
        }
        ins = in_sample_levels(rule, src)
        if ins:
            chosen["fit-mean"] = statistics.mean(ins.values())
            chosen["fit-index"] = line_at(runs_of, ins, src, rule)
        cells = []
        for p in protocols:
            lv = chosen[p]
            if lv is None:
                cells.append("-")
                continue
            errs = errors(g, judged, lv)
            if not s.endswith("-per-run"):
                together[p].append(errs)
            cells.append(f"{fmt(score(errs))} ({lv:.3f})")
        name = short(src) + (" run by run" if s.endswith("-per-run") else "")
        fl = floor_of(runs_of, src, judged, s.endswith("-per-run"))
        lines.append(f"| {name} ({len(judged)}) | {fl[0]:.1f} / {fl[1]:.1f} | " + " | ".join(cells) + " |")
    cells = []
    for p in protocols:
        errs = [e for es in together[p] for e in es]
        cells.append(f"{len(together[p])} sessions, {len(errs)}: {fmt(score(errs))}" if errs else "-")
    lines.append("| together (setup means) | | " + " | ".join(cells) + " |\n")

    lines.append("Part 3, the rules that need no anchor, on every setup of the session (setup means): L = 1, index, "
                 "fit-mean and fit-index as in part 2, and the session's own level; mean / worst pp, signed.\n")
    lines.append("| held out (setups) | L = 1 | index | fit-mean | fit-index | own level (ceiling) |")
    lines.append("|---|---|---|---|---|---|")
    tot = {"one": [], "index": [], "mean": [], "fit": [], "own": []}
    for s in SESSIONS + ["python-runs-y-per-run"]:
        g = grids[s]
        src = s.replace("-per-run", "")
        setups = sorted(g)
        lv = index_level(runs_of, levels, src, rule)
        ins = in_sample_levels(rule, src)
        fl = line_at(runs_of, ins, src, rule) if ins else 1.0
        fm = statistics.mean(ins.values()) if ins else 1.0
        row = {"one": errors(g, setups, 1.0), "index": errors(g, setups, lv), "fit": errors(g, setups, fl),
               "mean": errors(g, setups, fm),
               "own": errors(g, setups, levels[s])}
        if not s.endswith("-per-run"):
            for k in tot:
                tot[k] += row[k]
        name = short(src) + (" run by run" if s.endswith("-per-run") else "")
        fit_cell = f"{fmt(score(row['fit']))} ({fl:.3f})" if ins else "-"
        mean_cell = f"{fmt(score(row['mean']))} ({fm:.3f})" if ins else "-"
        lines.append(f"| {name} ({len(setups)}) | {fmt(score(row['one']))} | {fmt(score(row['index']))} ({lv:.3f}) | "
                     f"{mean_cell} | {fit_cell} | {fmt(score(row['own']))} |")
    lines.append(f"| together ({len(tot['one'])}) | {fmt(score(tot['one']))} | {fmt(score(tot['index']))} | "
                 f"{fmt(score(tot['mean']))} | {fmt(score(tot['fit']))} | {fmt(score(tot['own']))} |\n")


def main(argv):
    out, argv = take_out(argv, fail)
    rules = argv or ["in-run", "probes"]
    for rule in rules:
        if rule not in SPEED_KEY:
            fail(f"RULE must be in-run or probes, not '{rule}'")
    runs_of = {s: runs(s) for s in SESSIONS}
    lines = ["# A session's level (issue 17)\n", "Made by:\n", "```bash",
             "python3 calibration/python-level/level.py " + (f"--out {out} " if out else "") + " ".join(rules),
             "```\n"]
    for rule in rules:
        report(rule, runs_of, lines)
    emit(out, lines, fail)


if __name__ == "__main__":
    outfile.main("level.py", main)
