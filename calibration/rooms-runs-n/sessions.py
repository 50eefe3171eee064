#!/usr/bin/env python3
"""The sessions of calibration/rooms-runs-n against each other, setup by setup, and each room class measured and
predicted. Standard library only.

Usage:
  sessions.py DIR [--session NAME=REPEATS ...] [--predicted LABEL=PDIR ...] [--table CSV ...]
      Markdown on stdout. DIR: the measured run files (NAME.json is repeat 1, NAME.rK.json repeat K; a run marked
      contaminated is left out, as calibrate leaves it). --session: which repeats one session made (default
      N=1,2 and Q=3,4). Each setup's later session against the first: the difference of their mean delivery ratios
      and whether it lies beyond the runs' own scatter (the pooled within-session sd of one run). PDIR: the
      predictions, one `fanoutsim run --json` file per setup named NAME.json (see --scenarios), each room class's
      delivery beside the measured mean of all repeats. --table: a `fanoutsim calibrate --table` CSV, summed up
      as mean / worst absolute and signed mean error (predicted - measured) over its setups.
  sessions.py --scenarios OUTDIR --profile P [--speed-rule none|in-run] DIR
      Writes OUTDIR/NAME.yaml for each setup of DIR: the scenario `fanoutsim calibrate` rebuilds for it (same rooms,
      quota, mode, balancer, sessions, ramp; seed 1, 2 replications), at the profile's own speed (none) or at the
      mean in-run speed index of its clean repeats (in-run), so that `fanoutsim run` gives calibrate's prediction
      with each room class's share.
"""
import csv
import glob
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from student_t import t95  # noqa: E402 (the shared module one folder up)

class UsageError(Exception):
    pass


class WriteError(Exception):
    pass


def repeat_of(path):
    """(setup name, repeat number) of NAME.json or NAME.rK.json."""
    base = os.path.basename(path)
    m = re.fullmatch(r"(.+)\.r(\d+)\.json", base)
    if m:
        return m.group(1), int(m.group(2))
    return base[: -len(".json")], 1


def load_runs(folder):
    """{setup: {repeat: report}} of the folder's clean runs, and the names of the contaminated ones."""
    paths = sorted(glob.glob(os.path.join(folder, "*.json")))
    if not paths:
        raise UsageError(f"{folder}: no run files (*.json)")
    runs, skipped = {}, []
    for path in paths:
        with open(path) as f:
            report = json.load(f)
        name, repeat = repeat_of(path)
        if str(report.get("environment", {}).get("contaminated", "false")).lower() == "true":
            skipped.append(os.path.basename(path))
            continue
        runs.setdefault(name, {})[repeat] = report
    return runs, skipped


def balancer_of(setup):
    """The setup's load balancer; a run on one task records none (nothing to balance): the model's default."""
    balancer = setup.get("load_balancer") or "none"
    return "round-robin" if balancer == "none" else balancer


def group_of(setup):
    """The three kinds of setup: per-connection and per-task on round-robin (or one task), and room-affine."""
    if balancer_of(setup) == "room-affine":
        return "room-affine"
    return f"{setup.get('subscription') or 'per-connection'}, round-robin"


def ratio(report):
    return float(report["metrics"]["delivery_ratio"])


def class_ratios(report):
    """{'30x10': ratio, ...} of a run's room classes."""
    return {f"{c['rooms']}x{c['size']}": float(c["delivery_ratio"]) for c in report.get("room_classes") or []}


def mean(xs):
    return sum(xs) / len(xs)


def pp(x):
    return "%.1f" % (100 * x)


def signed(x):
    return "%+.1f" % (100 * x)


def parse_sessions(specs):
    sessions = []
    for spec in specs or ["N=1,2", "Q=3,4"]:
        name, sep, repeats = spec.partition("=")
        try:
            numbers = [int(x) for x in repeats.split(",")] if sep else []
        except ValueError:
            numbers = []
        if not name or not numbers:
            raise UsageError(f"--session '{spec}': expected NAME=REPEATS, e.g. Q=3,4")
        sessions.append((name, numbers))
    if len(sessions) < 2:
        raise UsageError("at least two --session, to compare")
    return sessions


def session_ratios(runs, sessions):
    """{setup: [[ratios of session 1], [ratios of session 2], ...]}."""
    return {name: [[ratio(reps[k]) for k in numbers if k in reps] for _, numbers in sessions]
            for name, reps in runs.items()}


def pooled_sd(by_setup):
    """One run's sd within a session, pooled over every setup-session with two runs or more, and its dof."""
    squares, dof = 0.0, 0
    for groups in by_setup.values():
        for xs in groups:
            if len(xs) >= 2:
                m = mean(xs)
                squares += sum((x - m) ** 2 for x in xs)
                dof += len(xs) - 1
    if dof == 0:
        raise UsageError("no setup has two runs in one session: no scatter to judge by")
    return math.sqrt(squares / dof), dof


def speeds_of(reps, numbers):
    """The in-run speed index of each of these repeats that has one."""
    speeds = []
    for k in numbers:
        if k in reps:
            try:
                speeds.append(in_run_speed("", reps[k]))
            except UsageError:
                pass
    return speeds


def sessions_table(runs, sessions, out):
    by_setup = session_ratios(runs, sessions)
    sd, dof = pooled_sd(by_setup)
    crit = t95(dof)
    first = sessions[0][0]
    names = [s for s, _ in sessions]
    out.append(f"One run's sd within a session, pooled: {pp(sd)} pp ({dof} dof; two-sided 95 % t {crit:.3f}). "
               f"A difference is beyond scatter where |difference| > t x sd x sqrt(1/n1 + 1/n2).")
    out.append("")
    for later in range(1, len(sessions)):
        name = sessions[later][0]
        head = ["setup", "kind"] + [f"{s}: runs, mean %" for s in (first, name)]
        head += [f"{name} - {first} pp", "scatter's 95 % pp", "beyond scatter"]
        head += [f"in-run index M: {first}, {name}"]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        diffs, variances, beyond, higher = [], [], 0, 0
        all_speeds = [[], []]
        for setup in sorted(by_setup):
            a, b = by_setup[setup][0], by_setup[setup][later]
            if not a or not b:
                continue
            d = mean(b) - mean(a)
            var = sd ** 2 * (1 / len(a) + 1 / len(b))
            band = crit * math.sqrt(var)
            diffs.append(d)
            variances.append(var)
            beyond += abs(d) > band
            higher += d > 0
            cells = [setup, group_of(next(iter(runs[setup].values()))["setup"])]
            cells += [", ".join(pp(x) for x in xs) + f" ({pp(mean(xs))})" for xs in (a, b)]
            cells += [signed(d), "%.1f" % (100 * band), "yes" if abs(d) > band else "no"]
            speed = [speeds_of(runs[setup], sessions[i][1]) for i in (0, later)]
            cells.append(", ".join("%.2f" % (mean(x) / 1e6) if x else "-" for x in speed))
            for i, x in zip((0, 1), speed):
                all_speeds[i] += x
            out.append("| " + " | ".join(cells) + " |")
        k = len(diffs)
        if k == 0:
            out += ["", f"No setup was measured in both {first} and {name}.", ""]
            continue
        d_mean = mean(diffs)
        band = crit * math.sqrt(sum(variances)) / k
        out.append("")
        out.append(f"{name} against {first} over {k} setups: mean difference {signed(d_mean)} pp (95 % band of the "
                   f"scatter +-{100 * band:.1f} pp: {'beyond' if abs(d_mean) > band else 'within'} scatter; "
                   f"t = {d_mean / (band / crit):.2f}); {name} higher in {higher} of {k}; "
                   f"beyond scatter in {beyond} of {k}.")
        if all_speeds[0] and all_speeds[1]:
            a, b = mean(all_speeds[0]), mean(all_speeds[1])
            out.append(f"In-run speed index, mean over the runs: {first} {a / 1e6:.3f} M, {name} {b / 1e6:.3f} M "
                       f"({100 * (b / a - 1):+.1f} %).")
        out.append("")
    return names


def classes_table(runs, predicted, out):
    """Each room class measured (mean of every clean repeat) against each predictor, and signed means by kind."""
    labels = [label for label, _ in predicted]
    head = ["setup", "kind", "class", "measured %"] + [f"{label}: predicted % (pp)" for label in labels]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    errors = {label: [] for label in labels}  # (kind, class, signed error)
    for setup in sorted(runs):
        reps = runs[setup].values()
        kind = group_of(next(iter(reps))["setup"])
        measured = {}
        for report in reps:
            for cls, r in class_ratios(report).items():
                measured.setdefault(cls, []).append(r)
        measured["total"] = [ratio(r) for r in reps]
        preds = {}
        for label, folder in predicted:
            path = os.path.join(folder, setup + ".json")
            if not os.path.exists(path):
                raise UsageError(f"{label}: no prediction {path}")
            with open(path) as f:
                report = json.load(f)
            preds[label] = dict(class_ratios(report), total=ratio(report))
        for cls in sorted(measured, key=lambda c: (c == "total", c)):
            m = mean(measured[cls])
            cells = [setup, kind, cls, pp(m)]
            for label in labels:
                p = preds[label].get(cls)
                if p is None:
                    raise UsageError(f"{label}: {setup} has no room class {cls}")
                errors[label].append((kind, cls, p - m))
                cells.append(f"{pp(p)} ({signed(p - m)})")
            out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("Signed mean error (predicted - measured) pp and mean absolute error, by room class and by kind of "
               "setup:")
    out.append("")
    keys = sorted({(k, c) for errs in errors.values() for k, c, _ in errs if c != "total"}, key=lambda x: x[1])
    classes = sorted({c for _, c in keys})
    kinds = sorted({k for k, _ in keys})
    rows = [(f"room class {c}", lambda k, cc, c=c: cc == c) for c in classes]
    rows += [(f"{k}, every class", lambda kk, cc, k=k: kk == k and cc == "total") for k in kinds]
    rows += [(f"{k}, {c}", lambda kk, cc, k=k, c=c: kk == k and cc == c) for k in kinds for c in classes]
    head = ["where"] + [f"{label}: signed / abs" for label in labels]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for title, keep in rows:
        cells = [title]
        for label in labels:
            xs = [e for k, c, e in errors[label] if keep(k, c)]
            cells.append(f"{signed(mean(xs))} / {pp(mean([abs(x) for x in xs]))}" if xs else "-")
        out.append("| " + " | ".join(cells) + " |")
    out.append("")


def in_run_speed(name, report):
    """The in-run index as calibrate reads it (MeasuredRunFile.InRunSpeedIndex): each second's per-CPU speed weighted
    by the servers' CPU seconds on that CPU in it."""
    samples = (report.get("time_series") or {}).get("samples") or []
    if "speed_in_run_noisy" not in report.get("environment", {}) or not samples:
        raise UsageError(f"{name}: a repeat without an in-run speed timeline")
    weighted = seconds = 0.0
    for sample in samples:
        speeds, used = sample.get("cpu_speed"), sample.get("server_cpu_seconds_percpu")
        if speeds is None or used is None or len(speeds) != len(used):
            raise UsageError(f"{name}: a second of its timeline without per-CPU speeds and server seconds")
        for speed, u in zip(speeds, used):
            if u > 0:
                if speed is None:
                    raise UsageError(f"{name}: a second with server CPU and no speed")
                weighted += speed * u
                seconds += u
    if seconds <= 0:
        raise UsageError(f"{name}: the servers used no CPU in its timeline")
    return weighted / seconds


def tables_summary(paths, out):
    out.append("| table (calibrate --table) | setups | mean / worst pp | signed mean pp |")
    out.append("|---|---|---|---|")
    for path in paths:
        try:
            with open(path, newline="") as f:
                rows = list(csv.DictReader(f))
            errors = [float(r["predicted_ratio"]) - float(r["measured_ratio"]) for r in rows]
        except (OSError, KeyError, ValueError) as e:
            raise UsageError(f"--table {path}: not a calibrate table's CSV ({e})")
        if not errors:
            raise UsageError(f"--table {path}: no runs")
        absolute = [abs(e) for e in errors]
        out.append(f"| {path} | {len(errors)} | {pp(mean(absolute))} / {pp(max(absolute))} | "
                   f"{signed(mean(errors))} |")
    out.append("")


def scenario_yaml(name, reps, profile, rule):
    setup = next(iter(reps.values()))["setup"]
    lines = [f"# {name}: the scenario calibrate rebuilds for this setup (sessions.py --scenarios)", f"name: {name}",
             "rooms:"]
    for room in setup["rooms"]:
        lines += [f"  - count: {room['count']}", f"    size: {room['size']}"]
    lines += [f"interval: {setup['interval_seconds']:g}s", f"session: {setup['session_seconds']:g}s",
              f"sessions: {setup['sessions']}", f"ramp: {setup.get('ramp_seconds') or 0:g}s",
              f"tasks: {setup['tasks']}", f"task_vcpu: {setup['task_vcpu']:g}",
              f"subscription: {setup['subscription']}",
              f"load_balancer: {balancer_of(setup)}",
              f"redis_node: {'local-unshaped' if setup.get('redis_link') == 'unshaped' else setup['redis_node']}",
              f"profile: {profile}", "seed: 1", "replications: 2"]
    if rule == "in-run":
        speeds = [in_run_speed(name, report) for report in reps.values()]
        lines.append(f"machine_speed: {mean(speeds)!r}")  # unrounded: 1 unit moves a run 0.1 pp
    return "\n".join(lines) + "\n"


def main(argv):
    args = list(argv)
    sessions, predicted, tables, scenarios, profile, rule = [], [], [], None, None, "none"
    folder = None
    while args:
        a = args.pop(0)
        if a in ("--session", "--predicted", "--table", "--scenarios", "--profile", "--speed-rule"):
            if not args:
                raise UsageError(f"{a} needs a value")
            v = args.pop(0)
            if a == "--session":
                sessions.append(v)
            elif a == "--predicted":
                label, sep, path = v.partition("=")
                if not sep or not label or not path:
                    raise UsageError(f"--predicted '{v}': expected LABEL=DIR")
                predicted.append((label, path))
            elif a == "--table":
                tables.append(v)
            elif a == "--scenarios":
                scenarios = v
            elif a == "--profile":
                profile = v
            else:
                if v not in ("none", "in-run"):
                    raise UsageError(f"--speed-rule '{v}': none or in-run")
                rule = v
        elif a.startswith("-"):
            raise UsageError(f"unknown option {a}")
        elif folder is None:
            folder = a
        else:
            raise UsageError(f"one folder of runs, not '{a}' too")
    if folder is None:
        raise UsageError("usage: sessions.py DIR [--session NAME=REPEATS ...] [--predicted LABEL=PDIR ...] "
                         "[--table CSV ...]")
    runs, skipped = load_runs(folder)
    if scenarios is not None:
        if profile is None:
            raise UsageError("--scenarios needs --profile")
        try:
            os.makedirs(scenarios, exist_ok=True)
        except OSError as e:
            raise WriteError(f"cannot make {scenarios}: {e.strerror}") from e
        if not os.access(scenarios, os.W_OK):
            raise WriteError(f"cannot write into {scenarios}")
        for name, reps in sorted(runs.items()):
            path = os.path.join(scenarios, name + ".yaml")
            with open(path + ".tmp", "w") as f:  # a file is whole or absent, also after Ctrl-C
                f.write(scenario_yaml(name, reps, profile, rule))
            os.replace(path + ".tmp", path)
        return 0
    out = [f"# Sessions of {folder}", "", "Made by:", "", "```bash",
           "calibration/rooms-runs-n/remake.sh   # sessions.py " + " ".join(argv), "```", ""]
    if skipped:
        out += ["Left out (contaminated): " + ", ".join(skipped) + ".", ""]
    if tables:
        out += ["## Held-out tables", ""]
        tables_summary(tables, out)
    out += ["## Delivery ratio by session", ""]
    sessions_table(runs, parse_sessions(sessions), out)
    if predicted:
        out += ["## Room classes, every clean repeat, measured and predicted", ""]
        classes_table(runs, predicted, out)
    print("\n".join(out).rstrip())
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except UsageError as e:
        print(f"sessions.py: {e}", file=sys.stderr)
        sys.exit(2)
    except WriteError as e:
        print(f"sessions.py: {e}", file=sys.stderr)
        sys.exit(3)
    except KeyboardInterrupt:
        print("sessions.py: stopped", file=sys.stderr)
        sys.exit(130)
