#!/usr/bin/env python3
"""What makes repeats of one knee setup on one day differ (issue 12): each run's distance from its setup's mean that
day, against what the run file recorded besides its outcome. Standard library only.

Usage (from the repository root):
  calibration/transfer/repeat-scatter.py [SESSION ...]            # default: every knee session with repeats
  calibration/transfer/repeat-scatter.py --predict [SESSION ...]  # first predict each run alone (./fanoutsim)
  calibration/transfer/repeat-scatter.py --slowest-copies OUT [SESSION ...]
  calibration/transfer/repeat-scatter.py --low-high SESSION   # the lowest against the highest repeat per setup
  calibration/transfer/repeat-scatter.py --self-test

For every session with two or more runs of a setup (knee_runs.py's loader, contaminated runs left out) it prints
the pooled within-session standard deviation of one run and the floor it sets (what a model that knew each setup's
true mean on the day would miss the mean of n repeats by: sqrt(2/pi) x sd / sqrt(n)); then, pooled over the runs of
the sessions asked, each recorded quantity centred on its setup-day mean (speeds in % of that mean) against the run's
centred delivery ratio: correlation r, R^2 and the slope. The quantities: (a) the in-run speed where the servers ran
(speed_index_server by the in-run rule), the slowest CPU's in-run median, the slowest 5 s of the servers' per-second
in-run speed and that speed's standard deviation over the run, the probes' speed where the servers ran, the
slowest CPU the probes saw and the speed reference (environment.speed_reference_us_per_copy, session L on: a cost, so
a slower machine reads higher); (b) the servers' CPU used, as a share of their quota, and their throttled
fraction (process_cpu); (c) Redis' and the load generator's CPU, other processes' (foreign_cpu_cores_mean) and
steal; (d) the run's position in the sweep (run-local measures the whole sweep REPEATS times, so position is clock
time); (e) the servers' measured CPU-microseconds per delivered copy, also at the run's in-run speed (x index / 1
million: work per copy in speed-normalised units). (e) is an outcome, not a predictor: it says whether a run
delivered less because its server had less CPU or because each copy cost it more; so are the stalled seconds (the
servers at their quota delivering next to nothing) and the closes the load generator abandoned.

With --predict, each run file is predicted alone by `./fanoutsim calibrate --start local --predict-only
--replications 2` at each of the rules in-run and probes (copies whose setup name carries the repeat, so repeats are
not joined), saved as repeat-scatter/predicted.tsv; when that file exists the last table says how much of each
run's signed deviation the model reproduces at its own speed: (predicted - predicted setup mean) against (measured
- measured setup mean), r, slope, and scatter explained = 1 - var(measured dev - predicted dev) / var(measured dev).

--slowest-copies OUT writes copies of the sessions' run files with an in-run timeline (default f g h i) to
OUT/session-S/, every second's cpu_speed set to the run's slowest 5 s where the servers ran, so that the in-run rule
predicts each run at that speed: `SESSIONS_DIR=OUT POOL='f g h i' SPEED_RULE=in-run CROSS=...
calibration/transfer/leave-one-session-out.sh 120` judges it as a speed rule (README, session I).
"""
import csv
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile

from knee_runs import HERE, SESSIONS, knee_setup_order, knee_setups, session_files

PREDICTED = os.path.join(HERE, "repeat-scatter", "predicted.tsv")
RULES = ("in-run", "probes")
SEEDS = 8
# (key, label, unit of the centred value): speeds are centred in % of their setup-day mean, the rest in their units.
FEATURES = [
    ("inrun", "(a) in-run speed where the servers ran", "%"),
    ("inrun_min", "(a) slowest CPU's in-run median", "%"),
    ("inrun_slowest5", "(a) slowest 5 s of the in-run speed where the servers ran", "%"),
    ("inrun_sd", "(a) sd of that per-second speed over the run, % of its mean", "pp"),
    ("probes", "(a) probes' speed where the servers ran", "%"),
    ("probes_min", "(a) slowest CPU the probes saw", "%"),
    ("reference", "(a) speed reference: servers' CPU us per copy under the fixed light load (a cost: inverse)", "%"),
    ("quota_used", "(b) servers' CPU / their quota", "share"),
    ("throttled", "(b) servers' throttled fraction", "share"),
    ("redis", "(c) Redis CPU", "cores"),
    ("loadgen", "(c) load generator CPU", "cores"),
    ("foreign", "(c) other processes' CPU", "cores"),
    ("steal", "(c) steal", "share"),
    ("position", "(d) position in the sweep", "runs"),
    ("us_per_copy", "(e) server CPU us per delivered copy", "us"),
    ("work_per_copy", "(e) ... x in-run speed / 1e6", "env."),
    ("stalled", "(e) stalled seconds: servers at >= 70 % of quota, < 20 % of the run's usual delivery", "s"),
    ("abandoned", "(e) closes abandoned (environment closes_abandoned)", "closes"),
]
SPEEDS = {"inrun", "inrun_min", "inrun_slowest5", "probes", "probes_min", "reference"}


def number(text):
    """A float from a run file's environment string; None when absent or not a number."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def numbers(text):
    """The floats of a space-separated environment value (per-CPU figures); [] when absent."""
    values = [number(t) for t in (text or "").split()]
    return [v for v in values if v is not None]


def server_speeds(samples):
    """Each second's speed where the servers ran: the CPUs' speeds weighted by the servers' seconds on each (the
    in-run rule's weights, second by second); None for a second without both."""
    speeds = []
    for x in samples:
        w, v = x.get("server_cpu_seconds_percpu"), x.get("cpu_speed")
        ok = w and v and None not in v and None not in w and sum(w) > 0
        speeds.append(sum(a * b for a, b in zip(w, v)) / sum(w) if ok else None)
    return speeds


def slowest_window(speeds, width=5):
    """The lowest mean over `width` consecutive seconds (the seconds with a speed in each window); None without any.
    5 s: the windows of speed_in_run_swing, about 2-3 slices of each CPU."""
    means = []
    for i in range(max(1, len(speeds) - width + 1)):
        v = [x for x in speeds[i:i + width] if x is not None]
        if v:
            means.append(statistics.mean(v))
    return min(means, default=None)


def features(report, position):
    """The run's recorded quantities (FEATURES' keys, None where the file lacks one) and its delivery ratio in %."""
    env = report.get("environment", {})
    metrics = report["metrics"]
    setup = report["setup"]
    f = {"ratio": metrics["delivery_ratio"] * 100, "position": position}
    # The in-run rule as calibrate reads it: only a timeline that judged its own noise (MeasuredRunFile).
    in_run = env.get("speed_index_server_rule", "").startswith("in-run") and "speed_in_run_noisy" in env
    f["inrun"] = number(env.get("speed_index_server")) if in_run else None
    f["inrun_min"] = min(numbers(env.get("speed_in_run_cpus")), default=None) if in_run else None
    speeds = server_speeds(report.get("time_series", {}).get("samples", [])) if in_run else []
    known = [x for x in speeds if x is not None]
    f["inrun_slowest5"] = slowest_window(speeds) if known else None
    f["inrun_sd"] = statistics.pstdev(known) / statistics.mean(known) * 100 if len(known) > 1 else None
    f["probes"] = number(env.get("speed_index_server_probes")) or (
        None if in_run else number(env.get("speed_index_server"))) or number(env.get("speed_index"))
    f["reference"] = number(env.get("speed_reference_us_per_copy"))
    f["probes_min"] = min(numbers(env.get("speed_index_cpus")) + numbers(env.get("speed_index_after_cpus")),
                          default=None)
    block = report.get("process_cpu")
    duration = metrics.get("duration_seconds") or 0
    server_seconds = sum(number(v) or 0 for k, v in env.items() if k.startswith("server_cpu_seconds_pid"))
    f.update(quota_used=None, throttled=None, redis=None)
    if block and block.get("time"):
        span = block["time"][-1]
        per = {p["name"]: sum(c for c in p["cpu_seconds"] if c is not None) for p in block["processes"]}
        roles = {p["name"]: p["role"] for p in block["processes"]}
        server_seconds = sum(v for n, v in per.items() if roles[n] == "server")
        duration = span
        f["redis"] = sum(v for n, v in per.items() if n.startswith("redis")) / span
        periods = sum(sum(x for x in g["periods"] if x) for g in block.get("cgroups", []))
        throttled = sum(sum(x for x in g["throttled_periods"] if x) for g in block.get("cgroups", []))
        f["throttled"] = throttled / periods if periods else None
    quota = setup["tasks"] * setup["task_vcpu"]
    f["quota_used"] = server_seconds / duration / quota if server_seconds and duration else None
    loadgen = number(env.get("loadgen_cpu_seconds"))
    length = metrics["duration_seconds"]
    f["loadgen"] = loadgen / length if loadgen is not None and length else None
    f["foreign"] = number(env.get("foreign_cpu_cores_mean"))
    f["steal"] = number(env.get("steal_fraction"))
    received = metrics.get("ws_msgs_received") or 0
    f["us_per_copy"] = server_seconds / received * 1e6 if server_seconds and received else None
    f["work_per_copy"] = f["us_per_copy"] * f["inrun"] / 1e6 if f["us_per_copy"] and f["inrun"] else None
    f["abandoned"] = number(env.get("closes_abandoned"))
    f["stalled"] = stalled_seconds(report) if block else None
    return f


def stalled_seconds(report):
    """Seconds in which the servers burnt at least 70 % of their quota while delivering under 20 % of the run's
    usual rate (its upper-quartile second) with users connected: the stretches the low repeats lose."""
    samples = report["time_series"]["samples"]
    block = report["process_cpu"]
    quota = report["setup"]["tasks"] * report["setup"]["task_vcpu"]
    servers = [p for p in block["processes"] if p["role"] == "server"]
    rates = sorted(x["delivered_per_second"] for x in samples)
    usual = rates[len(rates) * 3 // 4] if rates else 0
    stalled, previous = 0, 0.0
    for i, (t, x) in enumerate(zip(block["time"], samples)):
        dt, previous = t - previous, t
        cpu = sum(p["cpu_seconds"][i] or 0 for p in servers)
        if dt > 0 and cpu / dt >= 0.7 * quota and x["delivered_per_second"] < 0.2 * usual and x["open_connections"]:
            stalled += 1
    return stalled


def sweep_order():
    """Index of each knee setup in sweep-knee.txt (run-local measures them in that order, REPEATS times)."""
    return {name: i for i, name in enumerate(knee_setup_order())}


def repeat_of(path):
    """1 for NAME.json, K for NAME.rK.json."""
    m = re.search(r"\.r(\d+)\.json$", path)
    return int(m.group(1)) if m else 1


def session_runs(s, knee, order):
    """[(setup, repeat, features, file)] of session s."""
    runs = []
    for setup, report, path in session_files(s, knee):
        rep = repeat_of(path)
        runs.append((setup, rep, features(report, (rep - 1) * len(order) + order[setup]), path))
    return runs


def centred(groups, key):
    """Pooled within-group deviations [(x - group mean of x, ratio - group mean of ratio)] of one quantity, over the
    groups' runs that have it (at least two in a group); speeds in % of their group mean."""
    pairs = []
    for runs in groups:
        have = [r for r in runs if r.get(key) is not None]
        if len(have) < 2:
            continue
        mx = statistics.mean(r[key] for r in have)
        my = statistics.mean(r["ratio"] for r in have)
        for r in have:
            dx = (r[key] / mx - 1) * 100 if key in SPEEDS else r[key] - mx
            pairs.append((dx, r["ratio"] - my))
    return pairs


def fit(pairs):
    """(n, r, slope of y on x) of centred pairs; r and slope None when x or y does not vary."""
    n = len(pairs)
    sxx = sum(x * x for x, _ in pairs)
    syy = sum(y * y for _, y in pairs)
    sxy = sum(x * y for x, y in pairs)
    if n < 3 or sxx <= 0 or syy <= 0:
        return n, None, None
    return n, sxy / math.sqrt(sxx * syy), sxy / sxx


def pooled_sd(groups):
    """(pooled within-group standard deviation of one run's ratio, degrees of freedom)."""
    ss, dof = 0.0, 0
    for runs in groups:
        if len(runs) > 1:
            m = statistics.mean(r["ratio"] for r in runs)
            ss += sum((r["ratio"] - m) ** 2 for r in runs)
            dof += len(runs) - 1
    return (math.sqrt(ss / dof) if dof else None), dof


def reproduced(groups, predicted, rule):
    """How much of the runs' signed deviations the model reproduces at its own speed: (n, r, slope, explained)."""
    pairs = []
    for runs in groups:
        have = [r for r in runs if (r["file"], rule) in predicted]
        if len(have) < 2:
            continue
        mm = statistics.mean(r["ratio"] for r in have)
        mp = statistics.mean(predicted[(r["file"], rule)] for r in have)
        pairs.extend((predicted[(r["file"], rule)] - mp, r["ratio"] - mm) for r in have)
    n, r, slope = fit(pairs)
    var = sum(y * y for _, y in pairs)
    explained = 1 - sum((y - x) ** 2 for x, y in pairs) / var if var else None
    return n, r, slope, explained


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def read_predicted(path):
    """{(file relative to the repository, rule): predicted ratio %} from --predict's TSV; {} without it."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {(r["file"], r["rule"]): float(r["predicted"]) for r in csv.DictReader(f, delimiter="\t")}


def predict(runs_by_session, root):
    """Predicts every run alone at each rule (./fanoutsim calibrate, the committed local profile) into PREDICTED."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="repeat-scatter-") as scratch:
        copies = {}
        for s, runs in runs_by_session.items():
            for setup, rep, _, path in runs:
                with open(path, encoding="utf-8") as f:
                    report = json.load(f)
                # A name of its own, so calibrate does not join the repeats into one mean at one speed.
                report["setup"]["name"] = f"{s}-{setup}-r{rep}"
                copy = os.path.join(scratch, report["setup"]["name"] + ".json")
                with open(copy, "w", encoding="utf-8") as f:
                    json.dump(report, f)
                copies[report["setup"]["name"]] = os.path.relpath(path, root)
        for rule in RULES:
            table = os.path.join(scratch, f"{rule}.md")
            subprocess.run([os.path.join(root, "fanoutsim"), "calibrate", *sorted(os.path.join(scratch, c + ".json")
                            for c in copies), "--start", "local", "--predict-only", "--replications", "2",
                            "--speed-rule", rule, "--table", table], check=True, cwd=root, stdout=subprocess.DEVNULL)
            with open(table[:-3] + ".csv", encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    rows.append((copies[r["run"]], rule, float(r["measured_ratio"]) * 100,
                                 float(r["predicted_ratio"]) * 100))
        rows.extend(seed_predictions(runs_by_session, root, scratch))
    os.makedirs(os.path.dirname(PREDICTED), exist_ok=True)
    with open(PREDICTED, "w", encoding="utf-8") as f:
        f.write("file\trule\tmeasured\tpredicted\n")
        for file, rule, measured, pred in sorted(rows):
            f.write(f"{file}\t{rule}\t{measured:.2f}\t{pred:.2f}\n")


def seed_predictions(runs_by_session, root, scratch):
    """The model's own scatter at one speed: each setup-day's first run file predicted under SEEDS other seeds (one
    replication each, the in-run rule), as rows (file, "seed K", measured, predicted). The real repeats all ran
    seed 1 (the same users' traffic); the model's seeds also change that, so this bounds from above how much its
    randomness alone moves one setup."""
    copies, rows = {}, []
    folder = os.path.join(scratch, "seeds")
    os.makedirs(folder)
    for s, runs in runs_by_session.items():
        first = {}
        for setup, _, _, path in runs:
            first.setdefault(setup, path)
        for setup, path in first.items():
            for k in range(1, SEEDS + 1):
                with open(path, encoding="utf-8") as f:
                    report = json.load(f)
                report["setup"]["name"] = f"{s}-{setup}-seed{k}"
                report["setup"]["seed"] = 1000 + k
                with open(os.path.join(folder, report["setup"]["name"] + ".json"), "w", encoding="utf-8") as f:
                    json.dump(report, f)
                copies[report["setup"]["name"]] = (os.path.relpath(path, root), k)
    table = os.path.join(scratch, "seeds.md")
    subprocess.run([os.path.join(root, "fanoutsim"), "calibrate", *sorted(os.path.join(folder, c + ".json")
                    for c in copies), "--start", "local", "--predict-only", "--replications", "1", "--speed-rule",
                    "in-run", "--table", table], check=True, cwd=root, stdout=subprocess.DEVNULL)
    with open(table[:-3] + ".csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            file, k = copies[r["run"]]
            rows.append((file, f"seed {k}", float(r["measured_ratio"]) * 100, float(r["predicted_ratio"]) * 100))
    return rows


def seed_sd(groups, predicted):
    """(pooled standard deviation of the model's predictions of one setup-day over the seeds, dof)."""
    ss, dof = 0.0, 0
    for runs in groups:
        preds = [p for (f, rule), p in predicted.items() if f == runs[0]["file"] and rule.startswith("seed ")]
        if len(preds) > 1:
            m = statistics.mean(preds)
            ss += sum((p - m) ** 2 for p in preds)
            dof += len(preds) - 1
    return (math.sqrt(ss / dof) if dof else None), dof


def report_text(groups_by_session, predicted, out):
    """The tables (Markdown) of the sessions' setup-day groups; predicted: read_predicted's map."""
    out.write("## Repeat scatter by session\n\n| session | setups with repeats | runs | sd of one run pp | dof | "
              "floor, mean of 1 / 2 / 3 runs pp |\n|---|---|---|---|---|---|\n")
    every = []
    for s, groups in groups_by_session.items():
        rep = [g for g in groups if len(g) > 1]
        every.extend(rep)
        sd, dof = pooled_sd(rep)
        if sd is None:
            continue
        floors = " / ".join(fmt(math.sqrt(2 / math.pi) * sd / math.sqrt(n), 1) for n in (1, 2, 3))
        out.write(f"| {s}: {SESSIONS[s]} | {len(rep)} | {sum(len(g) for g in rep)} | {sd:.1f} | {dof} | {floors} |\n")
    sd, dof = pooled_sd(every)
    if sd is not None:
        floors = " / ".join(fmt(math.sqrt(2 / math.pi) * sd / math.sqrt(n), 1) for n in (1, 2, 3))
        out.write(f"| pooled | {len(every)} | {sum(len(g) for g in every)} | {sd:.1f} | {dof} | {floors} |\n")
    with_repeats = [s for s, groups in groups_by_session.items() if any(len(g) > 1 for g in groups)]
    out.write("\n## What follows a run's deviation from its setup-day mean (pooled within-group)\n\n"
              "| quantity | unit | runs | r | R^2 | slope pp per unit | "
              + " | ".join(f"r in {s} (runs)" for s in with_repeats) + " |\n|---|---|---|---|---|---|"
              + "---|" * len(with_repeats) + "\n")
    for key, label, unit in FEATURES:
        n, r, slope = fit(centred(every, key))
        per = []
        for s in with_repeats:
            ns, rs, _ = fit(centred(groups_by_session[s], key))
            per.append(f"{fmt(rs)} ({ns})")
        out.write(f"| {label} | {unit} | {n} | {fmt(r)} | {fmt(None if r is None else r * r)} | {fmt(slope)} | "
                  + " | ".join(per) + " |\n")
    if predicted:
        out.write("\n## Does the model reproduce each repeat's signed deviation? (committed local, each run alone)\n\n"
                  "| rule | runs | r | slope | scatter explained | "
                  + " | ".join(f"{s}: r / explained" for s in with_repeats) + " |\n|---|---|---|---|---|"
                  + "---|" * len(with_repeats) + "\n")
        for rule in RULES:
            n, r, slope, explained = reproduced(every, predicted, rule)
            per = []
            for s in with_repeats:
                _, rs, _, es = reproduced(groups_by_session[s], predicted, rule)
                per.append(f"{fmt(rs)} / {fmt(es)}")
            out.write(f"| {rule} | {n} | {fmt(r)} | {fmt(slope)} | {fmt(explained)} | " + " | ".join(per) + " |\n")
        out.write("\n## The model's own scatter: one setup-day's first run under " f"{SEEDS} other seeds\n\n"
                  "| session | setups | sd of one prediction pp (dof) | measured sd of one run pp |\n"
                  "|---|---|---|---|\n")
        for s, groups in groups_by_session.items():
            sd, dof = seed_sd(groups, predicted)
            measured, _ = pooled_sd([g for g in groups if len(g) > 1])
            if sd is not None:
                out.write(f"| {s} | {len(groups)} | {sd:.1f} ({dof}) | {fmt(measured, 1)} |\n")


def groups_of(runs):
    """The runs (features with their file) grouped by setup, in first-seen order."""
    groups = {}
    for setup, _, f, path in runs:
        groups.setdefault(setup, []).append(dict(f, file=path))
    return list(groups.values())


def self_test():
    """The pure parts on made-up runs: centring, the fit, the floor and the reproduction measure."""
    a = [{"ratio": 70.0, "inrun": 2.0e6, "file": "a1"}, {"ratio": 80.0, "inrun": 2.2e6, "file": "a2"}]
    b = [{"ratio": 50.0, "inrun": 1.0e6, "file": "b1"}, {"ratio": 40.0, "inrun": 1.1e6, "file": "b2"},
         {"ratio": 45.0, "inrun": None, "file": "b3"}]
    pairs = centred([a, b], "inrun")
    assert [round(x, 6) for x, _ in pairs] == [round(-100 / 21, 6), round(100 / 21, 6), round(-100 / 21, 6),
                                               round(100 / 21, 6)], pairs
    assert [y for _, y in pairs] == [-5.0, 5.0, 5.0, -5.0], pairs
    n, r, slope = fit(pairs)
    assert n == 4 and abs(r) < 1e-12 and abs(slope) < 1e-12, (n, r, slope)
    n, r, slope = fit([(1, 2), (-1, -2), (2, 4), (-2, -4)])
    assert abs(r - 1) < 1e-12 and abs(slope - 2) < 1e-12, (r, slope)
    assert fit([(0, 1), (0, -1), (0, 0)])[1] is None
    sd, dof = pooled_sd([a, b])
    assert dof == 3 and abs(sd - math.sqrt((50 + 50) / 3)) < 1e-12, (sd, dof)
    predicted = {("a1", "in-run"): 60.0, ("a2", "in-run"): 70.0, ("b1", "in-run"): 30.0, ("b2", "in-run"): 30.0}
    n, r, slope, explained = reproduced([a, b], predicted, "in-run")
    # a reproduced exactly (+-5 both), b not at all: half the variance left.
    assert n == 4 and abs(explained - 0.5) < 1e-12, (n, explained)
    assert repeat_of("x/n1.r3.json") == 3 and repeat_of("x/n1.json") == 1
    assert number("0.5") == 0.5 and number(None) is None and numbers("1 2 x") == [1.0, 2.0]
    report = {"setup": {"tasks": 1, "task_vcpu": 0.05}, "metrics": {"delivery_ratio": 0.5, "duration_seconds": 10,
                                                                       "ws_msgs_received": 1000},
              "environment": {"server_cpu_seconds_pid1": "0.4", "loadgen_cpu_seconds": "1", "speed_index": "2e6"}}
    f = features(report, 3)
    assert f["ratio"] == 50 and f["position"] == 3 and abs(f["quota_used"] - 0.8) < 1e-12, f
    assert abs(f["us_per_copy"] - 400) < 1e-9 and f["inrun"] is None and f["probes"] == 2e6, f
    assert abs(f["loadgen"] - 0.1) < 1e-12 and f["work_per_copy"] is None, f
    samples = [{"server_cpu_seconds_percpu": [0.03, 0.01], "cpu_speed": [2e6, 1e6]},
               {"server_cpu_seconds_percpu": [0, 0], "cpu_speed": [2e6, 1e6]},
               {"server_cpu_seconds_percpu": [0.02, 0.02], "cpu_speed": [2e6, None]}]
    assert server_speeds(samples) == [1.75e6, None, None], server_speeds(samples)
    assert slowest_window([3.0, 1.0, 2.0, None, 6.0], 2) == 1.5 and slowest_window([4.0, None], 5) == 4.0
    assert slowest_window([None, None]) is None
    stall = {"setup": {"tasks": 1, "task_vcpu": 0.1},
             "time_series": {"samples": [{"delivered_per_second": d, "open_connections": c}
                                         for d, c in ((1000, 10), (100, 10), (100, 0), (1000, 10))]},
             "process_cpu": {"time": [1.0, 2.0, 3.0, 4.0],
                             "processes": [{"role": "server", "cpu_seconds": [0.1, 0.08, 0.1, 0.1]},
                                           {"role": "own", "cpu_seconds": [0.5, 0.5, 0.5, 0.5]}]}}
    # Second 2 stalls (80 % of quota, 10 % of the usual rate); second 3 had nobody connected.
    assert stalled_seconds(stall) == 1, stalled_seconds(stall)
    timeline = {"environment": {"speed_in_run_noisy": "false"}, "time_series": {"samples": [
        {"server_cpu_seconds_percpu": [0.05, 0], "cpu_speed": [s, 2e6]} for s in (2e6, 1e6, 1e6, 2e6, 2e6, 2e6)]}}
    assert [x["cpu_speed"] for x in at_slowest(timeline)["time_series"]["samples"]] == [[1.6e6, 1.6e6]] * 6
    assert at_slowest({"environment": {}, "time_series": {"samples": []}}) is None
    behind = {"metrics": {"expected": 1000, "ws_msgs_sent": 10},
              "time_series": {"samples": [{"time": t, "delivered_per_second": d, "sent_per_second": 1}
                                          for t, d in ((1.0, 100), (2.0, 95), (3.0, 50), (4.0, 100))]}}
    # 100 copies asked a second; backlog 0, 5, 55, 55 copies: more than 0.5 s of the rate from second 3.
    assert behind_from(behind, lag=0.5) == 3.0 and behind_from(behind) is None
    print("repeat-scatter self-test: ok")


def at_slowest(report):
    """The report with every second's cpu_speed set to its slowest 5 s where the servers ran (None without an
    in-run timeline)."""
    samples = report.get("time_series", {}).get("samples", [])
    speeds = server_speeds(samples)
    if not samples or "speed_in_run_noisy" not in report.get("environment", {}) or all(x is None for x in speeds):
        return None
    slowest = slowest_window(speeds)
    for x in samples:
        x["cpu_speed"] = [slowest] * len(x["cpu_speed"])
    return report


def slowest_copies(out, sessions, knee):
    for s in sessions:
        folder = os.path.join(out, f"session-{s}")
        os.makedirs(folder, exist_ok=True)
        for _, report, path in session_files(s, knee):
            copy = at_slowest(report)
            if copy is None:
                print(f"repeat-scatter.py: {path}: no in-run timeline, not copied", file=sys.stderr)
                continue
            with open(os.path.join(folder, os.path.basename(path)), "w", encoding="utf-8") as f:
                json.dump(copy, f)



def behind_from(report, lag=2.0):
    """The first second (of the run's clock) at which the copies asked for so far (messages sent x metrics.expected /
    ws_msgs_sent) exceeded those delivered by more than `lag` seconds of the run's mean asked rate (over the seconds
    something was sent): the backlog a throttled server cannot work off; None if it never grew that long."""
    metrics = report["metrics"]
    per_message = metrics["expected"] / metrics["ws_msgs_sent"] if metrics.get("ws_msgs_sent") else 0
    samples = report.get("time_series", {}).get("samples", [])
    steps, previous = [], 0.0
    for x in samples:
        steps.append((x["time"], x["time"] - previous, x))
        previous = x["time"]
    sending = sum(dt for _, dt, x in steps if x["sent_per_second"] > 0)
    rate = sum(x["sent_per_second"] * dt * per_message for _, dt, x in steps) / sending if sending else 0
    delivered = asked = 0.0
    for t, dt, x in steps:
        delivered += x["delivered_per_second"] * dt
        asked += x["sent_per_second"] * dt * per_message
        if rate > 0 and asked - delivered > lag * rate:
            return t
    return None

def low_high(s, knee, order, out):
    """Per setup of session s with two or more runs: its lowest and highest repeat side by side (Markdown)."""
    groups = {}
    for setup, rep, f, path in session_runs(s, knee, order):
        groups.setdefault(setup, []).append((f["ratio"], rep, f, path))
    out.write(f"# Session {s}: the lowest and the highest repeat of each setup\n\nMade by "
              f"`calibration/transfer/repeat-scatter.py --low-high {s}`. Behind from: the second at which the copies "
              "asked for so far exceeded those delivered by more than 2 s of the run's mean asked rate (- never); "
              "stalled: seconds the servers burnt >= 70 % of their quota delivering < 20 % of the run's usual rate; "
              "abandoned: closes the load generator gave up on; CPU per copy: the servers' CPU-us per delivered copy; "
              "quota used: their CPU over the run / their quota; in-run speed where the servers ran (M envelopes per "
              "CPU-second); reference: the speed reference, us per copy (a cost).\n\n"
              "| setup | repeat | ratio % | behind from s | stalled s | abandoned | CPU per copy us | quota used | "
              "in-run speed M | reference us |\n|---|---|---|---|---|---|---|---|---|---|\n")
    for setup in sorted(groups, key=lambda x: order[x]):
        runs = sorted(groups[setup], key=lambda r: r[0])
        if len(runs) < 2:
            continue
        for label, (ratio, rep, f, path) in (("low", runs[0]), ("high", runs[-1])):
            with open(path, encoding="utf-8") as fh:
                behind = behind_from(json.load(fh))
            inrun = None if f["inrun"] is None else f["inrun"] / 1e6
            out.write(f"| {setup} | {label} (r{rep}) | {ratio:.1f} | {fmt(behind, 0)} | {fmt(f['stalled'], 0)} | "
                      f"{fmt(f['abandoned'], 0)} | {fmt(f['us_per_copy'], 1)} | {fmt(f['quota_used'])} | "
                      f"{fmt(inrun)} | {fmt(f['reference'], 1)} |\n")

def main():
    args = sys.argv[1:]
    if "--self-test" in args:
        self_test()
        return
    if args[:1] == ["--low-high"]:
        if len(args) != 2 or args[1] not in SESSIONS or args[1] == "a":
            print("repeat-scatter.py: --low-high needs one session with repeats, one of "
                  f"{' '.join(s for s in SESSIONS if s != 'a')}", file=sys.stderr)
            sys.exit(2)
        low_high(args[1], knee_setups(), sweep_order(), sys.stdout)
        return
    if args[:1] == ["--slowest-copies"]:
        if len(args) < 2:
            print("repeat-scatter.py: --slowest-copies needs a folder to write to", file=sys.stderr)
            sys.exit(2)
        try:
            os.makedirs(args[1], exist_ok=True)  # checked before any work: an unwritable folder is one line
            slowest_copies(args[1], args[2:] or ["f", "g", "h", "i"], knee_setups())
        except OSError as e:
            print(f"repeat-scatter.py: cannot write to {args[1]}: {e.strerror}", file=sys.stderr)
            sys.exit(3)
        return
    do_predict = "--predict" in args
    asked = [a for a in args if a != "--predict"]
    unknown = [a for a in asked if a not in SESSIONS]
    if unknown:
        print(f"repeat-scatter.py: unknown session '{unknown[0]}', expected one of {' '.join(SESSIONS)}",
              file=sys.stderr)
        sys.exit(2)
    knee, order = knee_setups(), sweep_order()
    sessions = asked or [s for s in SESSIONS if s != "a"]
    runs_by_session = {s: session_runs(s, knee, order) for s in sessions}
    root = os.path.normpath(os.path.join(HERE, "..", ".."))
    if do_predict:
        predict(runs_by_session, root)
    predicted = {(os.path.join(root, f), rule): p for (f, rule), p in read_predicted(PREDICTED).items()}
    groups = {s: [[dict(r, file=os.path.normpath(r["file"])) for r in g] for g in groups_of(runs)]
              for s, runs in runs_by_session.items()}
    predicted = {(os.path.normpath(f), rule): p for (f, rule), p in predicted.items()}
    sys.stdout.write(f"# Repeat scatter of the knee sessions ({' '.join(sessions)})\n\nMade by "
                     f"`calibration/transfer/repeat-scatter.py {' '.join(sessions)}`.\n\n")
    report_text(groups, predicted, sys.stdout)


if __name__ == "__main__":
    main()
