#!/usr/bin/env python3
"""Where a Python-model validation misses (issue 17): its errors grouped by setup, and its costs against the benches.

    python-error-anatomy.py [--out FILE] [--profile YAML --bench TXT [--inbound-bench-ms MS] [--counters RUN]...]
                            [--sessions RUN... [--model JSON]... [--by-folder] [--include-contaminated]]
                            [LABEL=CSV...]

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
Each --sessions run file (a measured run with its time series) adds a row on how its sessions went: the delivery rate
while every client sent, the longest stretch with no client connected between sessions and, with --profile and
--inbound-bench-ms, its server CPU per received copy beyond the inbound path; each --model file, the simulated run of
the same setup (`fanoutsim run --json`, named as the run), puts beside it the model's ratio, the share of the sent
messages the model published before its run ended (the replica's when it recorded `server_counters`), its sessions and
connect time.
Where a setup has --sessions runs with aligned first sends (`-ramp0s` in the name) and spread ones, a second table
sets them side by side session phase by phase (the first, second and third second in which the clients sent, the
rest, the last, what arrived after it, the session's ratio), with the model's of both when its --model file has a
time series (`fanoutsim run --sample 1s`), and the aligned runs' mean less the spread ones', with whether that
difference is beyond the runs' repeat scatter (a t test on the pooled sd of one run). Where a setup has two or more
--sessions runs on one host (`cpu_mhz`), a table of repeats gives each setup's scatter, the host's pooled sd of one run
and how the repeats' ratios follow each speed index the run files carry (in-run, probes, machine).
A run the run's contamination guard marked (environment.contaminated) is left out of these tables, as `fanoutsim
calibrate` leaves it out, and the tables say how many were and which; --include-contaminated keeps them, each named
with `(contaminated)`. --by-folder gives these tables once per folder of --sessions runs (a folder is one measuring
session: calibration/python-runs-q), so runs of one host in different sessions are not averaged together.
Bad input => one line naming the file, exit 2; an output that cannot be written => one line, exit 3, before any work.
"""
import csv
import json
import os
import re
import sys
import tempfile

from student_t import t95

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


def load_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise BadInput(f"{path}: cannot read: {e.strerror}") from e
    except ValueError as e:
        raise BadInput(f"{path}: not JSON ({e})") from e


def read_samples(series) -> tuple:
    """A run's time_series (measured, or `fanoutsim run --sample`): its step and (sent/s, delivered/s, open
    connections) sample by sample."""
    step = float(series["interval_seconds"])
    return step, [(float(s["sent_per_second"]), float(s["delivered_per_second"]), int(s["open_connections"]))
                  for s in series["samples"]]


def longest_gap(samples: list, step: float) -> float:
    """The longest stretch with no client connected between the first and the last connected samples, seconds."""
    connected = [i for i, (_, _, o) in enumerate(samples) if o > 0]
    gap = longest = 0
    for _, _, o in samples[connected[0]:connected[-1] + 1] if connected else []:
        gap = gap + 1 if o == 0 else 0
        longest = max(longest, gap)
    return longest * step


def session_phases(samples: list, n: int, interval: float, step: float) -> list:
    """Each session of a time series, in shares of the full delivery rate (N x N / interval): a session is a stretch
    of samples in which the clients sent at least half their full rate; its shares sample by sample, what was
    delivered after its last one until the next session sent (in seconds at the full rate), and its deliveries over
    its sends x N."""
    full, sessions, i = n / interval, [], 0
    rate = n * full
    while i < len(samples):
        if samples[i][0] < 0.5 * full:
            i += 1
            continue
        j = i
        while j < len(samples) and samples[j][0] >= 0.5 * full:
            j += 1
        k = j
        while k < len(samples) and samples[k][0] < 0.5 * full:
            k += 1
        sent = sum(s for s, _, _ in samples[i:k]) * step
        delivered = sum(d for _, d, _ in samples[i:k]) * step
        sessions.append({"shares": [d / rate for _, d, _ in samples[i:j]],
                         "after": sum(d for _, d, _ in samples[j:k]) * step / rate,
                         "ratio": delivered / (sent * n) if sent > 0 else float("nan")})
        i = k
    return sessions


# The speed indexes a run file may carry, by the `calibrate --speed-rule` each stands for: in-run (the sampler where
# the servers ran; speed_index_server when its rule says in-run), probes (the probes where the servers ran) and
# machine (the probes' mean over every CPU, speed_index: the only one the older runs have).
SPEED_RULES = ("in-run", "probes", "machine")


def run_speeds(env: dict) -> dict:
    in_run = str(env.get("speed_index_server_rule", "")).startswith("in-run")
    keys = {"in-run": "speed_index_server" if in_run else None,
            "probes": "speed_index_server_probes" if in_run else "speed_index_server",
            "machine": "speed_index"}
    speeds = {}
    for rule, key in keys.items():
        try:
            speeds[rule] = float(env[key]) if key and key in env else float("nan")
        except (TypeError, ValueError):
            speeds[rule] = float("nan")
    return speeds


def measured_sessions(path: str) -> dict:
    """What a measured run's time series says about its sessions: the delivery rate while every client sends and
    the longest stretch with no client connected between its first and last connected samples."""
    run = load_json(path)
    try:
        setup, metrics, series = run["setup"], run["metrics"], run["time_series"]
        n, interval = int(setup["users"]), float(setup["interval_seconds"])
        step, samples = read_samples(series)
        row = {"name": setup["name"],
               "file": f"{os.path.basename(os.path.dirname(os.path.abspath(path)))}/{os.path.basename(path)}",
               "mode": setup["subscription"], "users": n, "interval": interval,
               "tasks": int(setup["tasks"]), "quota": float(setup["task_vcpu"]),
               "sent": int(metrics["ws_msgs_sent"]), "received": int(metrics["ws_msgs_received"]),
               "ratio": float(metrics["delivery_ratio"]), "session": float(metrics["ws_session_duration"]["avg"]),
               "speed": float(run["environment"]["speed_index"]),
               "speeds": run_speeds(run["environment"]),
               "folder": os.path.dirname(os.path.abspath(path)),
               "contaminated": run["environment"].get("contaminated") == "true",
               "host": f'{run["environment"].get("cpu_mhz", "?")} MHz',
               "cpu": sum(float(v) for k, v in run["environment"].items() if k.startswith("server_cpu_seconds_pid"))}
    except (KeyError, TypeError, ValueError) as e:
        raise BadInput(f"{path}: not a measured run file with setup, metrics, speed_index and time_series ({e})") from e
    at_end = (run.get("server_counters") or {}).get("at_end") or {}
    try:
        row["published"] = float(at_end["published"]) / row["sent"] if "published" in at_end else float("nan")
    except (TypeError, ValueError, ZeroDivisionError) as e:
        raise BadInput(f"{path}: server_counters.at_end.published {at_end.get('published')!r} is not a count") from e
    if run.get("source") != "measured" or not samples:
        raise BadInput(f"{path}: not a measured run (source {run.get('source')!r}) with time_series samples")
    # Seconds in which the clients sent at least half their full rate: the sessions' steady part.
    sending = [d for s, d, _ in samples if s >= 0.5 * n / interval]
    row["rate_sending"] = sum(sending) / len(sending) if sending else float("nan")
    row["gap"] = longest_gap(samples, step)
    row["phases"] = session_phases(samples, n, interval, step)
    return row


def model_sessions(path: str) -> dict:
    """A simulated run's (`fanoutsim run --json`) ratio, sessions, connect time and the share of the sent messages
    it read and published before the run ended (events_RedisPublish over ws_msgs_sent)."""
    run = load_json(path)
    try:
        setup, metrics, env = run["setup"], run["metrics"], run["environment"]
        row = {"name": setup["name"], "ratio": float(metrics["delivery_ratio"]),
               "session": float(metrics["ws_session_duration"]["avg"]),
               "connect": float((metrics.get("ws_connecting") or {}).get("avg", float("nan"))),
               "published": float(env["events_RedisPublish"]) / float(metrics["ws_msgs_sent"])}
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as e:
        raise BadInput(f"{path}: not a `fanoutsim run --json` result ({e})") from e
    if run.get("source") != "simulated":
        raise BadInput(f"{path}: not a simulated run (source {run.get('source')!r})")
    row["file"] = os.path.basename(path)
    row["phases"] = None
    if run.get("time_series") is not None:
        # `fanoutsim run --sample`: replication 0 over time.
        try:
            step, samples = read_samples(run["time_series"])
            n, interval = int(setup["users"]), float(setup["interval_seconds"])
            row["speed"] = float(setup.get("machine_speed_index") or "nan")
        except (KeyError, TypeError, ValueError) as e:
            raise BadInput(f"{path}: time_series or setup users / interval_seconds unreadable ({e})") from e
        row["gap"] = longest_gap(samples, step)
        row["phases"] = session_phases(samples, n, interval, step)
    return row


# The phases of a session the aligned-against-spread table shows: label, and which of its sending samples (or what
# after them) each takes.
PHASES = (("1st s", lambda p: p["shares"][0] if p["shares"] else float("nan")),
          ("2nd s", lambda p: p["shares"][1] if len(p["shares"]) > 1 else float("nan")),
          ("3rd s", lambda p: p["shares"][2] if len(p["shares"]) > 2 else float("nan")),
          ("4th to last but one s", lambda p: mean(p["shares"][3:-1])),
          ("last s", lambda p: p["shares"][-1] if len(p["shares"]) > 1 else float("nan")),
          ("after the last s", lambda p: p["after"]),
          ("session ratio", lambda p: p["ratio"]))


def mean(values: list) -> float:
    values = [v for v in values if v == v]
    return sum(values) / len(values) if values else float("nan")


def phase_means(rows: list) -> list:
    """Each phase's share, averaged over a run's sessions and then over the runs."""
    return [mean([mean([take(p) for p in r["phases"]]) for r in rows]) for _, take in PHASES]


def aligned_table(runs: list, models: list) -> list:
    """Setups run both with aligned first sends (RAMP=0s, `-ramp0s` in the name) and spread: each run's sessions
    phase by phase beside the model's replication 0, and the aligned runs' mean less the spread ones'."""
    base = lambda r: r["name"].replace("-ramp0s", "")  # noqa: E731
    aligned = lambda r: r["name"].endswith("-ramp0s")  # noqa: E731
    sampled = [m for m in models if m["phases"] is not None]
    setups = sorted({base(r) for r in runs if aligned(r)} & {base(r) for r in runs if not aligned(r)},
                    key=lambda b: [numeric_key(x) for x in re.split(r"[-a-z]+", b) if x])
    if not setups:
        return []
    head = ("| setup | first sends | source | host | runs | speed M | ratio % | "
            + " | ".join(f"{label} %" for label, _ in PHASES) + " | s with none connected |")
    rule = "|---|---|---|---|---|---|---|" + "---|" * len(PHASES) + "---|"
    out = ["### Aligned against spread first sends, second by second", "",
           "Each session's samples (1 s) from the first in which the clients sent at least half their full rate: "
           "delivered in it as a share of the full rate (N x N / interval; phase by phase, the sessions' mean), "
           "what arrived after the last such second until the next session sent (in seconds at the full rate), and "
           "the session's deliveries over its sends x N. Replica: each measured run (host: its `cpu_mhz`; runs of "
           "different hosts are not averaged together); model: `fanoutsim run --sample 1s` of the same setup, its "
           "replication 0 (the ratio column is the run's mean of its replications).", "", head, rule]
    diff = ["#### Aligned less spread (pp of the full rate; replica: mean of the runs of one host)", "",
            "Beyond scatter: the runs' ratios, aligned against spread, by a two-sided t test at 95 % on the pooled "
            "standard deviation of one run (t = difference / (sd x sqrt(1/n aligned + 1/n spread)), n aligned + n "
            "spread - 2 degrees of freedom); `-` where neither side has a repeat.", "",
            "| setup | source | ratio pp | " + " | ".join(f"{label} pp" for label, _ in PHASES) +
            " | s with none connected | runs aligned / spread | sd of one run pp | t (dof) | beyond scatter |",
            "|---|---|---|" + "---|" * len(PHASES) + "---|---|---|---|---|"]
    for setup in setups:
        means = {}
        hosts = sorted({r["host"] for r in runs if base(r) == setup})
        for is_aligned in (False, True):
            label = "aligned" if is_aligned else "spread"
            for host in hosts:
                group = [r for r in runs if base(r) == setup and aligned(r) == is_aligned and r["host"] == host]
                if not group:
                    continue
                for r in sorted(group, key=lambda r: r["file"]):
                    out.append(f"| {setup} | {label} | replica {shown(r)} | {host} | 1 | {r['speed'] / 1e6:.2f} | "
                               f"{100 * r['ratio']:.1f} | "
                               + " | ".join(fmt(100 * v, ".1f") for v in phase_means([r])) + f" | {r['gap']:.0f} |")
                key = (f"replica, {host}", is_aligned)
                means[key] = (mean([r["ratio"] for r in group]), phase_means(group), mean([r["gap"] for r in group]),
                              [r["ratio"] for r in group])
                out.append(f"| {setup} | {label} | replica, mean | {host} | {len(group)} | - | "
                           f"{100 * means[key][0]:.1f} | " + " | ".join(fmt(100 * v, ".1f") for v in means[key][1])
                           + f" | {means[key][2]:.1f} |")
            model = [m for m in sampled if base(m) == setup and aligned(m) == is_aligned]
            if model:
                m = model[0]
                means[("model", is_aligned)] = (m["ratio"], phase_means([m]), m["gap"], None)
                out.append(f"| {setup} | {label} | model {m['file']} | - | - | {fmt(m['speed'] / 1e6, '.2f')} | "
                           f"{100 * m['ratio']:.1f} | " + " | ".join(fmt(100 * v, ".1f") for v in phase_means([m]))
                           + f" | {m['gap']:.0f} |")
        for source in [f"replica, {host}" for host in hosts] + ["model"]:
            if (source, True) in means and (source, False) in means:
                (ra, pa, ga, xa), (rs, ps, gs, xs) = means[(source, True)], means[(source, False)]
                diff.append(f"| {setup} | {source} | {100 * (ra - rs):+.1f} | "
                            + " | ".join(fmt(100 * (a - s), "+.1f") for a, s in zip(pa, ps))
                            + f" | {fmt(ga - gs, '+.1f')} | {beyond_scatter(xa, xs)} |")
    return out + [""] + diff + [""]


def pooled_sd(groups: list) -> tuple:
    """The pooled standard deviation of one value over groups (each a list) and its degrees of freedom."""
    squares = sum(sum((x - mean(g)) ** 2 for x in g) for g in groups if len(g) > 1)
    dof = sum(len(g) - 1 for g in groups if len(g) > 1)
    return ((squares / dof) ** 0.5 if dof else float("nan")), dof


def beyond_scatter(aligned, spread) -> str:
    """The last four cells of an aligned-less-spread row: the runs on each side, the pooled sd of one run (pp), t
    with its degrees of freedom, and whether the difference is beyond that scatter (two-sided, 95 %)."""
    if aligned is None or spread is None:
        return "- | - | - | -"
    sd, dof = pooled_sd([aligned, spread])
    runs = f"{len(aligned)} / {len(spread)}"
    if not dof or not sd > 0:
        return f"{runs} | - | - | -"
    t = (mean(aligned) - mean(spread)) / (sd * (1 / len(aligned) + 1 / len(spread)) ** 0.5)
    return f"{runs} | {100 * sd:.1f} | {t:+.2f} ({dof}) | {'yes' if abs(t) > t95(dof) else 'no'}"


def correlation(xs: list, ys: list) -> tuple:
    """Pearson's r and the least-squares slope of ys on xs, or None where either does not vary."""
    mx, my = mean(xs), mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    if len(xs) < 3 or sxx <= 0 or syy <= 0:
        return None
    return sxy / (sxx * syy) ** 0.5, sxy / sxx


def repeats_table(runs: list) -> list:
    """Setups measured two or more times on one host (cpu_mhz): each setup's runs, and per host the pooled sd of
    one run and how the runs' distance from their setup's mean follows each speed index's distance from its mean."""
    groups = {}
    for r in runs:
        groups.setdefault((r["host"], r["name"]), []).append(r)
    repeated = {k: v for k, v in groups.items() if len(v) > 1}
    if not repeated:
        return []
    out = ["### Repeats on each host", "",
           "Setups with two or more --sessions runs on one host (`cpu_mhz`), each run's delivery ratio and the "
           "runs' mean in-run speed index (`-` where a run has none); then, per "
           "host, the pooled standard deviation of one run and, over every run of those setups, its ratio's "
           "distance from its setup's mean (pp) against each speed index's distance from that setup's mean (% of "
           "it): r and the slope (pp of ratio per % of speed). A speed rule whose index follows the repeats has r "
           "well above 0.", "",
           "| host | setup | runs | mean % | min % | max % | sd pp | mean in-run speed M |",
           "|---|---|---|---|---|---|---|---|"]
    hosts = sorted({host for host, _ in repeated})
    for (host, name), group in sorted(repeated.items(), key=lambda kv: (kv[0][0], kv[1][0]["users"], kv[0][1])):
        ratios = [100 * r["ratio"] for r in group]
        sd, _ = pooled_sd([ratios])
        # The in-run index where every run of the setup has one (the runs' session speed, as the repeats' r uses it).
        in_run = [r["speeds"]["in-run"] for r in group]
        speed = mean(in_run) / 1e6 if all(v == v and v > 0 for v in in_run) else float("nan")
        out.append(f"| {host} | {name} | {len(group)} | {mean(ratios):.1f} | {min(ratios):.1f} | {max(ratios):.1f} | "
                   f"{sd:.1f} | {fmt(speed, '.2f')} |")
    out += ["", "| host | setups | runs | pooled sd of one run pp (dof) | "
            + " | ".join(f"{rule} r | {rule} slope pp per %" for rule in SPEED_RULES) + " |",
            "|---|---|---|---|" + "---|---|" * len(SPEED_RULES)]
    for host in hosts:
        sets = [g for (h, _), g in repeated.items() if h == host]
        sd, dof = pooled_sd([[100 * r["ratio"] for r in g] for g in sets])
        cells = []
        for rule in SPEED_RULES:
            xs, ys = [], []
            for g in sets:
                speeds = [r["speeds"][rule] for r in g]
                if any(v != v or v <= 0 for v in speeds):
                    continue
                ms, mr = mean(speeds), mean([r["ratio"] for r in g])
                xs += [100 * (v / ms - 1) for v in speeds]
                ys += [100 * (r["ratio"] - mr) for r in g]
            fit = correlation(xs, ys)
            cells.append(f"{fit[0]:+.2f} | {fit[1]:+.2f}" if fit else "- | -")
        out.append(f"| {host} | {len(sets)} | {sum(len(g) for g in sets)} | {sd:.1f} ({dof}) | "
                   + " | ".join(cells) + " |")
    return out + [""]


def shown(run: dict) -> str:
    """A measured run's name in a table: its folder and file, and `(contaminated)` if the guard marked it."""
    return run["file"] + (" (contaminated)" if run["contaminated"] else "")


def fmt(value: float, spec: str) -> str:
    return "-" if value != value else format(value, spec)


def contamination_note(runs: list, keep: bool) -> list:
    """How many runs the contamination guard marked and which, and whether they are left out (as `fanoutsim
    calibrate` leaves them out) or kept (--include-contaminated)."""
    marked = [r["file"] for r in runs if r["contaminated"]]
    count = f"{len(marked)} run{'' if len(marked) == 1 else 's'}"
    if not marked:
        return ["No run marked contaminated by the run's guard (environment.contaminated).", ""]
    if keep:
        return [f"Kept (--include-contaminated), though marked contaminated by the run's guard "
                f"(environment.contaminated), each named with `(contaminated)`: {count}: " + ", ".join(marked) + ".",
                ""]
    return [f"Left out, marked contaminated by the run's guard (environment.contaminated; --include-contaminated "
            f"keeps them): {count}: " + ", ".join(marked) + ".", ""]


def sessions_table(runs: list, models: list, profile, inbound_ms, by_folder: bool = False,
                   include_contaminated: bool = False) -> list:
    """The sessions, repeats and aligned tables over every --sessions run; with by_folder, one set of them per
    folder the runs are in (a folder is one measuring session), in the order the folders were first named."""
    simulated = {}
    for path in models:
        row = model_sessions(path)
        simulated[row["name"]] = row
    measured = [measured_sessions(p) for p in runs]
    kept = [r for r in measured if include_contaminated or not r["contaminated"]]
    unmatched = sorted(set(simulated) - {r["name"] for r in kept})
    if unmatched:
        raise BadInput(f"--model {', '.join(unmatched)}: no --sessions run of that setup name")
    if not by_folder:
        return session_tables(measured, simulated, profile, inbound_ms, include_contaminated)
    out = []
    for folder in dict.fromkeys(r["folder"] for r in measured):
        group = [r for r in measured if r["folder"] == folder]
        out += [f"## Session folder {os.path.basename(folder)} ({len(group)} runs)", ""]
        out += session_tables(group, simulated, profile, inbound_ms, include_contaminated)
    return out


def session_tables(measured: list, simulated: dict, profile, inbound_ms, include_contaminated: bool) -> list:
    # profile_costs reads a plain number as seconds; speed_index is a plain number.
    profile_speed = profile_costs(profile).get("speed_index", 0.0) / UNITS["s"] if profile else 0.0
    measured = sorted(measured,
                      key=lambda r: (r["mode"], r["tasks"], r["quota"], r["interval"], r["users"], r["file"]))
    out = ["### While the clients send: the replica's sessions beside the model's", ""]
    # As `fanoutsim calibrate` does: a run the contamination guard marked measured another process too.
    out += contamination_note(measured, include_contaminated)
    measured = [r for r in measured if include_contaminated or not r["contaminated"]]
    out += ["Replica: the share of the sent messages it had read and published when the load ended "
            "(`server_counters`, where recorded); delivered/s averaged over the seconds in which the clients sent at "
            "least half their full rate; the longest stretch with no client connected between sessions; its server "
            "CPU per received copy beyond the inbound path (CPU scaled to the profile's speed index by the run's, "
            "less every message read at the inbound bench's cost; handshakes, closes and the runtime's overhead not "
            "subtracted). Model (`fanoutsim run --json` of the same setup): ratio, the share of the sent messages it "
            "published before the run ended, sessions and connect time.", "",
            "| run | N | interval s | quota | tasks | speed M | replica % | model % | replica published % | "
            "model published % | replica session s | model session s | model connect s | "
            "replica delivered/s while sending | replica s with none connected | "
            "replica CPU per copy beyond inbound us |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    nan = float("nan")
    for r in measured:
        m = simulated.get(r["name"], {})
        beyond = nan
        if profile_speed > 0 and inbound_ms is not None and r["received"] > 0 and r["cpu"] > 0:
            beyond = (r["cpu"] * r["speed"] / profile_speed - r["sent"] * inbound_ms / 1e3) / r["received"] * 1e6
        out.append(f'| {shown(r)} | {r["users"]} | {r["interval"]:g} | {r["quota"]:g} | {r["tasks"]} | '
                   f'{r["speed"] / 1e6:.2f} | {100 * r["ratio"]:.1f} | {fmt(100 * m.get("ratio", nan), ".1f")} | '
                   f'{fmt(100 * r["published"], ".0f")} | {fmt(100 * m.get("published", nan), ".0f")} | '
                   f'{r["session"]:.2f} | {fmt(m.get("session", nan), ".2f")} | {fmt(m.get("connect", nan), ".2f")} | '
                   f'{fmt(r["rate_sending"], ".0f")} | {r["gap"]:.0f} | {fmt(beyond, ".1f")} |')
    return out + [""] + repeats_table(measured) + aligned_table(measured, list(simulated.values()))


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
    pairs, counters, sessions, models = [], [], [], []
    by_folder = include_contaminated = False
    i = 0
    try:
        while i < len(argv):
            arg = argv[i]
            if arg in ("--out", "--profile", "--bench", "--inbound-bench-ms", "--counters", "--sessions", "--model"):
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
                elif arg == "--sessions":
                    sessions.append(value)
                elif arg == "--model":
                    models.append(value)
                else:
                    try:
                        inbound_ms = float(value)
                    except ValueError as e:
                        raise BadInput(f"--inbound-bench-ms {value!r} is not a number") from e
                continue
            if arg in ("--by-folder", "--include-contaminated"):
                by_folder = by_folder or arg == "--by-folder"
                include_contaminated = include_contaminated or arg == "--include-contaminated"
                i += 1
                continue
            if arg in ("-h", "--help"):
                print(__doc__.strip())
                return 0
            if "=" not in arg or arg.startswith("-"):
                raise BadInput(f"{arg!r}: expected LABEL=CSV (e.g. 4-fold=calibration/python-validation.csv)")
            label, path = arg.split("=", 1)
            pairs.append((label, path))
            i += 1
        if not pairs and not sessions:
            raise BadInput("no LABEL=CSV or --sessions RUN given (usage: python-error-anatomy.py [--out FILE] "
                           "LABEL=CSV...)")
        if models and not sessions:
            raise BadInput("--model needs the --sessions runs it is set beside")
        if (by_folder or include_contaminated) and not sessions:
            raise BadInput("--by-folder and --include-contaminated apply to --sessions runs; none given")
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
                 "Signed error = predicted minus measured delivery ratio (pp); positive: the model delivers more."]
        if pairs:
            lines += ["Sources: " + ", ".join(f"{label} = {path}" for label, path in pairs) + "."]
        lines.append("")
        if tables:
            lines += anatomy(tables)
        if profile:
            table, fits = costs_table(profile, bench, inbound_ms)
            lines += table
            if counters:
                lines += counters_table(counters, fits, inbound_ms)
        if sessions:
            lines += sessions_table(sessions, models, profile, inbound_ms, by_folder, include_contaminated)
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
