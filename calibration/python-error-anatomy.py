#!/usr/bin/env python3
"""Where a Python-model validation misses (issue 17): its errors grouped by setup, and its costs against the benches.

    python-error-anatomy.py [--out FILE] [--profile YAML --bench TXT [--inbound-bench-ms MS] [--counters RUN]...]
                            LABEL=CSV...

Each CSV is a table `fanoutsim calibrate --table` wrote beside its markdown (python-validation.csv,
python-validation-day2.csv, python-two-run/predicted.csv). For every way of grouping the setups (mode, quota, users,
tasks, interval, aligned or spread first sends) it prints, per table, the runs in the group, their mean signed error
(predicted minus measured delivery ratio, pp: positive = the model delivers more than the replica did), their mean
absolute error and the worst. With --profile and --bench it adds the fitted costs beside the quiet batch bench's
(python-batch-bench.py output: per copy c and per wake-up w, each mode) and, if given, the inbound bench's figure;
each --counters run file (one with the replica's `server_counters`) adds its CPU budget: the server CPU the run used,
what reading every message at the inbound bench's cost leaves per written copy, and the copies per wake-up b that
the bench's c + w / b needs to fit that (handshakes and closes are not subtracted, so the figure left per copy is an
upper bound and b a lower one).
Bad input => one line naming the file, exit 2; an output that cannot be written => one line, exit 3, before any work.
"""
import csv
import json
import os
import re
import sys
import tempfile

GROUPS = (
    ("mode", lambda r: r["subscription"]),
    ("quota (cores)", lambda r: r["task_vcpu"]),
    ("users N", lambda r: r["users"]),
    ("tasks", lambda r: r["tasks"]),
    ("interval (s)", lambda r: r["interval_s"]),
    ("first sends", lambda r: "aligned (RAMP=0s)" if "-ramp0s" in r["run"] else "spread"),
    ("quota x mode", lambda r: f'{r["task_vcpu"]} core, {r["subscription"]}, {r["tasks"]} task(s)'),
)
NEEDED = ("run", "users", "interval_s", "tasks", "task_vcpu", "subscription", "measured_ratio", "predicted_ratio")


class BadInput(Exception):
    pass


def numeric_key(value: str):
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def read_table(label: str, path: str) -> list:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        raise BadInput(f"{path}: cannot read: {e.strerror}") from e
    if not rows:
        raise BadInput(f"{path}: no rows (expected a `fanoutsim calibrate --table` CSV)")
    missing = [c for c in NEEDED if c not in rows[0]]
    if missing:
        raise BadInput(f"{path}: not a calibrate table CSV: column(s) {', '.join(missing)} missing")
    for line, row in enumerate(rows, start=2):
        for column in ("measured_ratio", "predicted_ratio"):
            try:
                row[column] = float(row[column])
            except (TypeError, ValueError) as e:
                raise BadInput(f"{path}:{line}: {column} {row[column]!r} is not a number") from e
        row["error_pp"] = 100.0 * (row["predicted_ratio"] - row["measured_ratio"])
    return [(label, row) for row in rows]


def stats(rows: list) -> str:
    if not rows:
        return "- | - | - | -"
    errors = [r["error_pp"] for r in rows]
    worst = max(errors, key=abs)
    mean_abs = sum(abs(e) for e in errors) / len(errors)
    return f"{len(errors)} | {sum(errors) / len(errors):+.1f} | {mean_abs:.1f} | {worst:+.1f}"


def anatomy(tables: list) -> list:
    labels = [label for label, _ in tables]
    head = "| group | " + " | ".join(f"{x} runs | {x} mean signed pp | {x} mean abs pp | {x} worst pp"
                                      for x in labels) + " |"
    rule = "|---|" + "---|---|---|---|" * len(labels)
    out = []
    for title, key in (("all", lambda r: "all"),) + GROUPS:
        out += [f"### By {title}" if title != "all" else "### All runs", "", head, rule]
        values = sorted({key(r) for _, rows in tables for r in rows}, key=numeric_key)
        for value in values:
            cells = [stats([r for r in rows if key(r) == value]) for _, rows in tables]
            out.append(f"| {value} | " + " | ".join(cells) + " |")
        out.append("")
    out += ["### Largest misses (|error| >= 8 pp)", "", "| table | run | measured % | predicted % | error pp |",
            "|---|---|---|---|---|"]
    for label, rows in tables:
        for r in sorted(rows, key=lambda r: -abs(r["error_pp"])):
            if abs(r["error_pp"]) >= 8:
                out.append(f'| {label} | {r["run"]} | {100 * r["measured_ratio"]:.1f} | '
                           f'{100 * r["predicted_ratio"]:.1f} | {r["error_pp"]:+.1f} |')
    return out + [""]


UNITS = {"s": 1e6, "ms": 1e3, "us": 1.0}


def profile_costs(path: str) -> dict:
    """The profile's `costs:` entries in microseconds (a value without a unit is seconds; plain counts stay)."""
    costs, inside = {}, False
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
    except OSError as e:
        raise BadInput(f"{path}: cannot read: {e.strerror}") from e
    for line in lines:
        if re.match(r"^costs:\s*$", line):
            inside = True
            continue
        if inside and re.match(r"^\S", line):
            break
        m = re.match(r"^\s+([a-z_]+):\s*([-+0-9.eE]+)\s*(ms|us|s)?\s*$", line) if inside else None
        if m:
            costs[m.group(1)] = float(m.group(2)) * UNITS[m.group(3) or "s"]
    if not costs:
        raise BadInput(f"{path}: no `costs:` block with numeric entries (expected a profile YAML)")
    return costs


def bench_fits(path: str) -> dict:
    """c and w (us) of each mode from a python-batch-bench.py output."""
    fits = {}
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise BadInput(f"{path}: cannot read: {e.strerror}") from e
    for mode in ("per-connection", "per-task"):
        c = re.search(rf"^\s*{mode}\s+fit per copy = c \+ w / b: c\s+([0-9.]+) us", text, re.M)
        w = re.search(rf"^\s*{mode}\s+w\s+([0-9.]+) us", text, re.M)
        if not c or not w:
            raise BadInput(f"{path}: no '{mode} fit per copy = c + w / b' lines (expected python-batch-bench.py "
                           "output)")
        fits[mode] = (float(c.group(1)), float(w.group(1)))
    return fits


def counters_table(runs: list, fits: dict, inbound_ms: float) -> list:
    out = ["### CPU budgets of the counters runs (inbound at the bench's cost, copies at c + w / b)", "",
           "| run | mode | server CPU s | messages read | copies written | CPU left per copy us | bench c us | "
           "copies per wake-up b |", "|---|---|---|---|---|---|---|---|"]
    for path in runs:
        try:
            with open(path, encoding="utf-8") as f:
                run = json.load(f)
            settled = run["server_counters"]["settled"]
            read, written = int(settled["messages_in"]), int(settled["messages_out"])
            mode = run["setup"]["subscription"]
            cpu = sum(float(v) for k, v in run["environment"].items() if k.startswith("server_cpu_seconds_pid"))
        except OSError as e:
            raise BadInput(f"{path}: cannot read: {e.strerror}") from e
        except (ValueError, KeyError, TypeError) as e:
            raise BadInput(f"{path}: not a run file with server_counters.settled and server CPU ({e})") from e
        if mode not in fits or written <= 0 or cpu <= 0:
            raise BadInput(f"{path}: mode {mode!r}, {written} copies written, {cpu} CPU s: nothing to budget")
        c, w = fits[mode]
        left = (cpu - read * inbound_ms / 1e3) / written * 1e6
        b = f"{w / (left - c):.1f}" if left > c else f"none (left {left:.1f} us <= c)"
        out.append(f"| {os.path.basename(path)} | {mode} | {cpu:.2f} | {read} | {written} | {left:.1f} | {c:.1f} | "
                   f"{b} |")
    return out + [""]


def costs_table(profile: str, bench: str, inbound_ms) -> list:
    p, b = profile_costs(profile), bench_fits(bench)
    get = lambda k: p.get(k, 0.0)  # noqa: E731
    rows = [
        ("per-connection copy (delivery_cpu + subscriber_read_cpu)", get("delivery_cpu") + get("subscriber_read_cpu"),
         b["per-connection"][0], "c"),
        ("per-connection wake-up (forward_turn_cpu)", get("forward_turn_cpu"), b["per-connection"][1], "w"),
        ("per-task copy (delivery_cpu + local_fanout_cpu)", get("delivery_cpu") + get("local_fanout_cpu"),
         b["per-task"][0], "c"),
        ("per-task wake-up (per_task_turn_cpu)", get("per_task_turn_cpu"), b["per-task"][1], "w"),
    ]
    if inbound_ms is not None:
        rows.append(("inbound message (inbound_cpu)", get("inbound_cpu"), 1e3 * inbound_ms, "inbound bench"))
    out = [f"### Fitted costs ({profile}) against the benches ({bench})", "",
           "| cost | fitted us | bench us | fitted / bench | bench figure |", "|---|---|---|---|---|"]
    for name, fitted, measured, what in rows:
        out.append(f"| {name} | {fitted:.1f} | {measured:.1f} | {fitted / measured:.2f} | {what} |")
    out += ["", f"Not in a bench: task_overhead_cores {p.get('task_overhead_cores', 0.0) / 1e6:.4f} core, "
            f"busy_poll_cpu {get('busy_poll_cpu'):.1f} us (fixed, measured), handshake_cpu "
            f"{get('handshake_cpu'):.0f} us, close_cpu {get('close_cpu'):.0f} us.", ""]
    return out, b


def check_writable(path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
        print(f"python-error-anatomy: cannot write {path}: its folder is missing or not writable", file=sys.stderr)
        sys.exit(3)


def main(argv: list) -> int:
    out_path = profile = bench = inbound_ms = None
    pairs, counters = [], []
    i = 0
    try:
        while i < len(argv):
            arg = argv[i]
            if arg in ("--out", "--profile", "--bench", "--inbound-bench-ms", "--counters"):
                if i + 1 >= len(argv):
                    raise BadInput(f"{arg} needs a value")
                value = argv[i + 1]
                i += 2
                if arg == "--out":
                    out_path = value
                elif arg == "--profile":
                    profile = value
                elif arg == "--bench":
                    bench = value
                elif arg == "--counters":
                    counters.append(value)
                else:
                    try:
                        inbound_ms = float(value)
                    except ValueError as e:
                        raise BadInput(f"--inbound-bench-ms {value!r} is not a number") from e
                continue
            if arg in ("-h", "--help"):
                print(__doc__.strip())
                return 0
            if "=" not in arg or arg.startswith("-"):
                raise BadInput(f"{arg!r}: expected LABEL=CSV (e.g. 4-fold=calibration/python-validation.csv)")
            label, path = arg.split("=", 1)
            pairs.append((label, path))
            i += 1
        if not pairs:
            raise BadInput("no LABEL=CSV given (usage: python-error-anatomy.py [--out FILE] LABEL=CSV...)")
        if (profile is None) != (bench is None):
            raise BadInput("--profile and --bench go together")
        if counters and (bench is None or inbound_ms is None):
            raise BadInput("--counters needs --profile, --bench and --inbound-bench-ms")
        if out_path:
            check_writable(out_path)
        tables = []
        for label, path in pairs:
            rows = read_table(label, path)
            tables.append((label, [r for _, r in rows]))
        lines = ["# Where the Python model misses", "",
                 "Made by: `python3 calibration/python-error-anatomy.py " + " ".join(argv) + "`", "",
                 "Signed error = predicted minus measured delivery ratio (pp); positive: the model delivers more.",
                 "Sources: " + ", ".join(f"{label} = {path}" for label, path in pairs) + ".", ""]
        lines += anatomy(tables)
        if profile:
            table, fits = costs_table(profile, bench, inbound_ms)
            lines += table
            if counters:
                lines += counters_table(counters, fits, inbound_ms)
    except BadInput as e:
        print(f"python-error-anatomy: {e}", file=sys.stderr)
        return 2
    text = "\n".join(lines).rstrip() + "\n"
    if not out_path:
        sys.stdout.write(text)
        return 0
    directory = os.path.dirname(os.path.abspath(out_path))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".anatomy-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out_path)
    except OSError as e:
        print(f"python-error-anatomy: cannot write {out_path}: {e.strerror}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
