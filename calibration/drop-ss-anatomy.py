#!/usr/bin/env python3
"""Issue 13: what Redis' sockets did during the lockstep drop runs, from the ss samples run-local took.

`SS_SAMPLE_MS=50 calibration/run-local` writes NAME.ss.gz beside each run file: "# t=UPTIME" then, per socket Redis
sends from (local port 6379), the line "STATE recvq sendq local peer" and an indented line of `ss -tinm` fields.
This follows every subscriber connection (peer port; a subscriber is a socket that never received more than 4 kB,
so the servers' PUBLISH connections are left out) through the samples and reports, per run: what Redis handed each
socket per second (written = bytes_acked + Send-Q), how fast it drained, how long a held-back socket waited
(a stall: Send-Q > 0 at one sample and bytes_acked unchanged at the next, for consecutive samples; its length is
known only to the sampling period), how many were held back at once, how often Linux tried again while held back
(data_segs_out counts every transmit attempt, a segment the bfifo refused included; delivered counts those
acknowledged) and whether the wait reached the retransmission timeout (200 ms). Beside them: the run file's
metrics, tc's counters and tcp_counters, and the model's figures for the same setup from
calibration/drop-tcp-compare.md (plain variant, the drop-runs-tcp run of the same setup name), if given.
Issue 13's starvation: per session, which connections starved (held back from their first burst of copies, the
unsent backlog past the queue), how long until the kernel aborted them, what they received after, and whether a
server subscribed again; and, from every drop run file's per-second series, the first session's delivery against
the second's.

  calibration/drop-ss-anatomy.py                         # calibration/drop-runs-ss/*.ss.gz -> drop-ss-anatomy.md
  calibration/drop-ss-anatomy.py A.ss.gz B.ss.gz --out X.md --model calibration/drop-tcp-compare.md

Bad input: one line on stderr, exit 2; an unwritable output: exit 3 (checked before the work); Ctrl-C: exit 130.
"""
import argparse
import glob
import gzip
import json
import os
import re
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIELD = re.compile(r"([a-z_]+):([0-9./]+)")
SKMEM_DROPS = re.compile(r"skmem:\([^)]*\bd(\d+)\)")
RTO_FLOOR_MS = 200  # Linux's TCP_RTO_MIN
SUBSCRIBER_MAX_RECEIVED = 4096
WAIT_BINS_MS = [(0, 100), (100, 200), (200, 500), (500, 1000), (1000, 2000), (2000, 5000), (5000, None)]


class BadInput(Exception):
    pass


def number(text):
    return float(text) if "." in text else int(text)


def parse(path):
    """[(t seconds, {peer: entry})]; entry has state, recvq, sendq and the numeric ss fields."""
    samples = []
    try:
        with gzip.open(path, "rt") as stream:
            head = None
            for lineno, line in enumerate(stream, 1):
                if line.startswith("# t="):
                    samples.append((float(line[4:].strip()), {}))
                elif line.startswith("\t") or line.startswith(" "):
                    if head is None:
                        raise BadInput(f"{path}:{lineno}: a field line without its socket line")
                    fields = {k: v for k, v in FIELD.findall(line)}
                    entry = dict(head)
                    for key, value in fields.items():
                        if key == "retrans":
                            entry["retrans_total"] = int(value.split("/")[1])
                        elif key not in ("rtt", "wscale", "bbr") and "/" not in value:
                            entry[key] = number(value)
                    drops = SKMEM_DROPS.search(line)
                    entry["skmem_drops"] = int(drops.group(1)) if drops else 0
                    samples[-1][1][head["peer"]] = entry
                    head = None
                elif line.strip():
                    parts = line.split()
                    if not samples or len(parts) < 5 or not parts[1].isdigit() or not parts[2].isdigit():
                        raise BadInput(f"{path}:{lineno}: not an ss -tinm sample line: {line.strip()[:60]}")
                    head = {"state": parts[0], "recvq": int(parts[1]), "sendq": int(parts[2]), "peer": parts[4]}
    except (OSError, EOFError, gzip.BadGzipFile, ValueError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: {error}") from None
    if len(samples) < 3:
        raise BadInput(f"{path}: fewer than 3 samples")
    return samples


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def connections(samples):
    """Split each peer's entries into connections (bytes_acked falling means a new one on a reused port)."""
    lives = {}
    done = []
    for t, entries in samples:
        for peer, e in entries.items():
            life = lives.get(peer)
            if life and (e.get("bytes_acked", 0) < life[-1][1].get("bytes_acked", 0) or t - life[-1][0] > 1.0):
                done.append(life)
                life = None
            if life is None:
                life = lives[peer] = []
            life.append((t, e))
    done.extend(lives.values())
    return [life for life in done if max(e.get("bytes_received", 0) for _, e in life) <= SUBSCRIBER_MAX_RECEIVED
            and max(e.get("bytes_acked", 0) for _, e in life) > 0]


def written(e):
    return e.get("bytes_acked", 0) + e["sendq"]


def analyse(samples, queue_bytes, session_seconds):
    subs = connections(samples)
    if not subs:
        raise BadInput("no subscriber socket in the samples")
    by_session = {}  # session index (from the connection's first sample) -> [connections, acked, written, starved]
    load_start = min(life[0][0] for life in subs if life[0][0] - samples[0][0] > 1.0) if any(
        life[0][0] - samples[0][0] > 1.0 for life in subs) else samples[0][0]
    for life in subs:
        if life[0][0] < load_start:
            continue
        last = life[-1][1]
        row = by_session.setdefault(int((life[0][0] - load_start) // session_seconds), [0, 0, 0, 0, [], []])
        row[4].append(statistics.median(e.get("snd_wnd", 0) for _, e in life))
        row[5].append(statistics.median(e.get("mss", 0) for _, e in life))
        row[0] += 1
        row[1] += last.get("bytes_acked", 0)
        row[2] += written(last)
        row[3] += last["sendq"] > 0 and last.get("bytes_acked", 0) <= SUBSCRIBER_MAX_RECEIVED
    t_first = min(life[0][0] for life in subs)
    t_last = max(life[-1][0] for life in subs)
    periods = [b[0] - a[0] for a, b in zip(samples, samples[1:]) if t_first <= a[0] < t_last]
    handed = {}  # (connection, second) -> bytes
    drain_rates = []
    backlog_samples = stalled_samples = 0
    stalls = []  # [length s, largest unsent bytes, attempts during, largest lastsnd ms, ended: sent / closed / end]
    held_at = {}  # sample time -> sockets held back in the interval ending there
    open_at = {}
    attempts = delivered_segs = retrans = backoff_sockets = 0
    starved_lives = []
    for index, life in enumerate(subs):
        episode = None
        for (ta, a), (tb, b) in zip(life, life[1:]):
            second = int(tb - t_first)
            handed[(index, second)] = handed.get((index, second), 0) + max(0, written(b) - written(a))
            open_at[tb] = open_at.get(tb, 0) + 1
            attempts += b.get("data_segs_out", 0) - a.get("data_segs_out", 0)
            delivered_segs += b.get("delivered", 0) - a.get("delivered", 0)
            acked = b.get("bytes_acked", 0) - a.get("bytes_acked", 0)
            if a["sendq"] > 0:
                backlog_samples += 1
                if acked > 0:
                    drain_rates.append(acked / (tb - ta))
            if a.get("notsent", 0) > 0 and acked <= 0 and b.get("notsent", 0) > 0:
                stalled_samples += 1
                held_at[tb] = held_at.get(tb, 0) + 1
                if episode is None:
                    episode = [0.0, a.get("notsent", 0), 0, 0]
                episode[0] += tb - ta
                episode[1] = max(episode[1], b.get("notsent", 0))
                episode[2] += b.get("data_segs_out", 0) - a.get("data_segs_out", 0)
                episode[3] = max(episode[3], b.get("lastsnd", 0))
            elif episode:
                stalls.append(episode + ["sent"])
                episode = None
        if episode:
            stalls.append(episode + ["closed" if life[-1][0] < t_last else "end"])
        retrans += max(e.get("retrans_total", 0) for _, e in life)
        backoff_sockets += any(e.get("backoff", 0) > 0 for _, e in life)
        if life[-1][1]["sendq"] > 0 and life[-1][1].get("bytes_acked", 0) <= SUBSCRIBER_MAX_RECEIVED:
            starved_lives.append(life)
    per_second = [v for v in handed.values() if v > 0]
    held = [held_at.get(t, 0) for t in sorted(open_at)]
    ratio = [held_at.get(t, 0) / open_at[t] for t in sorted(open_at)]
    recovered = [s for s in stalls if s[4] == "sent"]
    waits = [s[0] * 1000 for s in recovered]
    mss = [e["mss"] for life in subs for _, e in life if "mss" in e]
    first_held = []  # for a starved connection: seconds from its first unsent byte to its last sample
    for life in starved_lives:
        held_from = next((t for t, e in life if e.get("notsent", 0) > 0), life[-1][0])
        first_held.append(life[-1][0] - held_from)
    return {
        "connections": len(subs), "samples": len(periods), "by_session": by_session,
        "period_ms": statistics.median(periods) * 1000 if periods else None,
        "period_p90_ms": percentile(periods, 0.9) * 1000 if periods else None,
        "handed_median": statistics.median(per_second) if per_second else 0,
        "handed_p90": percentile(per_second, 0.9) or 0,
        "drain_median": statistics.median(drain_rates) if drain_rates else 0,
        "backlog_share": backlog_samples / max(1, sum(open_at.values())),
        "stalled_share": stalled_samples / max(1, sum(open_at.values())),
        "held_median": statistics.median(held) if held else 0, "held_max": max(held) if held else 0,
        "held_max_share": max(ratio) if ratio else 0,
        "stalls": len(stalls), "waits": waits,
        "wait_bins": [sum(1 for w in waits if w >= lo and (hi is None or w < hi)) for lo, hi in WAIT_BINS_MS],
        "never": sum(1 for s in stalls if s[4] != "sent"),
        "never_big": sum(1 for s in stalls if s[4] != "sent" and s[1] > queue_bytes),
        "recovered_big": sum(1 for s in recovered if s[1] > queue_bytes),
        "recovered_largest": max((s[1] for s in recovered), default=0),
        "stall_no_try": sum(1 for s in stalls if s[2] == 0),
        "lastsnd_median": statistics.median([s[3] for s in stalls]) if stalls else None,
        "attempts": attempts, "delivered_segs": delivered_segs, "retrans": retrans,
        "backoff_sockets": backoff_sockets, "starved": len(starved_lives),
        "starved_held_median": statistics.median(first_held) if first_held else None,
        "mss_median": statistics.median(mss) if mss else None, "mss_max": max(mss) if mss else None,
        "starvation": starvation(subs, load_start, session_seconds, queue_bytes),
    }


def starvation(subs, load_start, session_seconds, queue_bytes):
    """Per session (index from the load's start): how its subscriber connections starved. A connection is held
    back from its first burst when its first unsent bytes came before it had more than 4 kB acknowledged (the
    subscription's replies only); starved as in analyse(). For the starved: seconds from the first unsent sample
    to the last one (the kernel's abort, to the sampling period), bytes acknowledged after the first unsent sample,
    whether the unsent backlog passed the queue and the MSS (ss `mss`, the segment size) at the end; and how many
    connections opened more than 1 s after their session's first (a server subscribing again)."""
    sessions = {}
    for life in subs:
        if life[0][0] < load_start:
            continue
        index = int((life[0][0] - load_start) // session_seconds)
        row = sessions.setdefault(index, {"connections": 0, "first_burst": 0, "first_burst_starved": 0,
                                          "starved": 0, "over_queue": [0, 0], "abort_s": [], "after_bytes": [],
                                          "mss": [], "opened": []})
        row["connections"] += 1
        row["opened"].append(life[0][0])
        held = next(((t, e) for t, e in life if e.get("notsent", 0) > 0), None)
        last = life[-1][1]
        starved = last["sendq"] > 0 and last.get("bytes_acked", 0) <= SUBSCRIBER_MAX_RECEIVED
        first_burst = held is not None and held[1].get("bytes_acked", 0) <= SUBSCRIBER_MAX_RECEIVED
        over = any(e.get("notsent", 0) > queue_bytes for _, e in life)
        row["first_burst"] += first_burst
        row["first_burst_starved"] += first_burst and starved
        row["starved"] += starved
        row["over_queue"][0 if starved else 1] += over
        if starved and held is not None:
            row["abort_s"].append(life[-1][0] - held[0])
            row["after_bytes"].append(last.get("bytes_acked", 0) - held[1].get("bytes_acked", 0))
            row["mss"].append(last.get("mss", 0))
    for row in sessions.values():
        row["late_opens"] = sum(1 for t in row["opened"] if t - min(row["opened"]) > 1.0)
        row["open_spread"] = max(row["opened"]) - min(row["opened"])
    return sessions


def session_split(folder):
    """{setup: [(run, first-session ratio, second-session ratio)]} from the run files' per-second time series: the
    copies the clients received in the seconds of each session over the messages sent in them times N (samples up
    to one interval past the first session's end count to it; a second's copies may belong to the other)."""
    rows = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "calibration", folder, "*.json"))):
        try:
            run = json.load(open(path))
            setup, samples = run["setup"], run.get("time_series", {}).get("samples", [])
            users, boundary = setup["users"], setup["session_seconds"] + setup["interval_seconds"] / 2
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BadInput(f"{path}: {error}") from None
        if setup.get("sessions", 1) != 2 or not samples:
            continue
        got, sent = [0.0, 0.0], [0.0, 0.0]
        for s in samples:
            half = 0 if s["time"] <= boundary else 1
            got[half] += s.get("delivered_per_second", 0)
            sent[half] += s.get("sent_per_second", 0) * users
        name = os.path.basename(path)[:-len(".json")]
        rows.setdefault(setup["name"], []).append(
            (name, got[0] / sent[0] if sent[0] else None, got[1] / sent[1] if sent[1] else None))
    return rows


def model_rows(path):
    """{setup name: (delivered, drops / delivered copy, timer re-pushes)} from drop-tcp-compare.md's plain rows."""
    rows = {}
    try:
        lines = open(path).read().splitlines()
    except OSError as error:
        raise BadInput(f"{path}: {error}") from None
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 16 and cells[0].startswith("drop-runs-tcp/") and cells[9] == "plain":
            rows[cells[0].split("/", 1)[1]] = (cells[10], cells[13], cells[15])
    return rows


def fmt(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def unsampled(setup):
    """The same setup's runs without the sampler: [(file, delivered, RTO timeouts, aborts on timeout)]."""
    rows = []
    for folder in ("drop-runs-tcp", "drop-runs"):
        for path in sorted(glob.glob(os.path.join(ROOT, "calibration", folder, setup + "*.json"))):
            name = os.path.basename(path)[:-len(".json")]
            if name != setup and not re.fullmatch(re.escape(setup) + r"\.r\d+", name):
                continue
            try:
                run = json.load(open(path))
                counters = run.get("tcp_counters", {}).get("increase", {})
                rows.append((f"{folder}/{name}", run["metrics"]["delivery_ratio"],
                             counters.get("TcpExt.TCPTimeouts"), counters.get("TcpExt.TCPAbortOnTimeout")))
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise BadInput(f"{path}: {error}") from None
    return rows


def section(title, columns, rows, intro=()):
    """A Markdown section: its heading, intro lines, then a table of the columns and rows (lists of cells)."""
    lines = ["", f"## {title}", "", *intro, *([""] if intro else [])]
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "---|" * len(columns))
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def report(results, model, args_line):
    out = ["# Redis' subscriber sockets during lockstep drop bursts, sampled by ss (issue 13)", "",
           f"Made by `{args_line}` from the `.ss.gz` files that `SS_SAMPLE_MS=50 calibration/run-local` wrote",
           "beside the run files (calibration/drop-runs-ss: `OUT=calibration/drop-runs-ss SS_SAMPLE_MS=50 RAMP=0s",
           "REPEATS=2 calibration/run-local calibration/sweep-drops-tcp-aligned.txt`, 2026-12-03 15:17-15:27 UTC).",
           "The model's figures: `calibration/drop-tcp-compare` (its table, read, not rerun). A subscriber",
           "connection: a socket from Redis' port that never received more than 4 kB (the servers' PUBLISH",
           "connections are left out). Held back: unsent bytes (ss `notsent`: what Redis wrote that TCP has not",
           "got past the queue) at two samples in a row with bytes_acked unchanged; consecutive intervals are one",
           "stall, its length known only to the sampling period (a wait shorter than one period is not seen).",
           "Attempts = data_segs_out, which counts every transmit, a segment the bfifo refused included;",
           "delivered = segments acknowledged. Starved: a connection that closed with unsent bytes having had at",
           "most 4 kB acknowledged in its whole life."]
    out += section("Run by run", [
        "run", "delivered", "subscriber connections", "sample period ms (p90)",
        "handed per socket-second, median / p90 bytes", "drain while backlogged, median MB/s",
        "socket-samples with Send-Q > 0", "held back", "held back at once, median / max (share of open)",
        "foreign CPU, mean cores"], [
        [name, f"{r['delivered']:.1%}", r["connections"], f"{fmt(r['period_ms'])} ({fmt(r['period_p90_ms'])})",
         f"{fmt(r['handed_median'])} / {fmt(r['handed_p90'])}", f"{r['drain_median'] / 1e6:.2f}",
         f"{r['backlog_share']:.1%}", f"{r['stalled_share']:.1%}",
         f"{fmt(r['held_median'])} / {r['held_max']} ({r['held_max_share']:.0%})", r["foreign"]]
        for name, r in results])
    heads = [f"{lo}-{hi} ms" if hi else f">= {lo} ms" for lo, hi in WAIT_BINS_MS]
    out += section("How long a held-back socket waited", [
        "run", "stalls", *heads, "median ms", "p90 ms", ">= 200 ms",
        "got through with backlog > queue (largest bytes)", "never got through", "of them backlog > queue"], [
        [name, r["stalls"], *r["wait_bins"], fmt(percentile(r["waits"], 0.5)), fmt(percentile(r["waits"], 0.9)),
         sum(1 for w in r["waits"] if w >= RTO_FLOOR_MS), f"{r['recovered_big']} ({r['recovered_largest']:,})",
         r["never"], r["never_big"]] for name, r in results],
        ["Stalls that ended with the unsent bytes sent, by length; then those that never got through (the",
         "connection closed held back, or the run ended), and the unsent backlog against the bfifo's limit."])
    out += section("Starved connections and the loss", [
        "run", "delivered", "lost", "starved connections", "share of subscriber connections",
        "held back before closing, median s", "aborted on timeout (TCPAbortOnTimeout)"], [
        [name, f"{r['delivered']:.1%}", f"{1 - r['delivered']:.1%}", r["starved"],
         f"{r['starved'] / r['connections']:.1%}", fmt(r["starved_held_median"], 1),
         r["counters"].get("TcpExt.TCPAbortOnTimeout", 0)] for name, r in results])
    out += section("By session (connections grouped by when they opened, one session length apart)", [
        "run", "session", "subscriber connections", "bytes acknowledged / bytes Redis wrote", "starved",
        "peer window (snd_wnd), median of connections' medians", "mss, same"], [
        [name, session + 1, count, f"{acked / max(1, wrote):.1%}", starved, fmt(statistics.median(window)),
         fmt(statistics.median(mss))]
        for name, r in results
        for session, (count, acked, wrote, starved, window, mss) in sorted(r["by_session"].items())])
    rows = []
    for name, r in results:
        for session, s in sorted(r["starvation"].items()):
            abort = s["abort_s"]
            rows.append([
                name, session + 1, s["connections"], s["first_burst"], s["first_burst_starved"], s["starved"],
                f"{s['over_queue'][0]} / {s['over_queue'][1]}",
                f"{statistics.median(abort):.2f} ({min(abort):.2f}-{max(abort):.2f})" if abort else "-",
                f"{max(s['after_bytes']):,}" if s["after_bytes"] else "-",
                f"{fmt(statistics.median(s['mss']))} / {r['queue_bytes']:,}" if s["mss"] else "-",
                f"{s['open_spread']:.2f}", s["late_opens"]])
    out += section("Who starves, and what follows (by session)", [
        "run", "session", "subscriber connections", "held back from their first burst",
        "of them starved", "starved", "unsent past the queue: starved / others",
        "first unsent -> last sample of the starved, median (range) s", "bytes acknowledged after that, most",
        "MSS of the starved at the end, median / queue bytes", "first to last connection opened, s",
        "connections opened > 1 s into the session"], rows,
        ["Held back from the first burst: the connection's first unsent bytes came while it had at most 4 kB",
         "acknowledged (only the subscription's replies: its first write of copies was refused whole). The",
         "last column counts subscriber connections that opened more than a second after their session's first:",
         "a server subscribing again after an abort would show there."])
    out += section("Pushes, drops and timers", [
        "run", "attempts (subscribers)", "delivered segments", "refused attempts", "bfifo drops (all flows)",
        "stalls with no attempt", "median lastsnd in a stall ms", "retransmits (ss)", "sockets with backoff",
        "RetransSegs", "TLP", "RTO timeouts", "mss median / max", "queue bytes"], [
        [name, f"{r['attempts']:,}", f"{r['delivered_segs']:,}", f"{r['attempts'] - r['delivered_segs']:,}",
         r["shaper_drops"], f"{r['stall_no_try']} / {r['stalls']}", fmt(r["lastsnd_median"]), r["retrans"],
         r["backoff_sockets"], r["counters"].get("Tcp.RetransSegs", "-"),
         r["counters"].get("TcpExt.TCPLossProbes", "-"), r["counters"].get("TcpExt.TCPTimeouts", "-"),
         f"{fmt(r['mss_median'])} / {fmt(r['mss_max'])}", f"{r['queue_bytes']:,}"] for name, r in results])
    rows = []
    for setup in sorted({r["setup"] for _, r in results}):
        sampled = ", ".join(f"{r['delivered']:.1%} ({r['counters'].get('TcpExt.TCPTimeouts', '-')}, "
                            f"{r['counters'].get('TcpExt.TCPAbortOnTimeout', 0)})"
                            for _, r in results if r["setup"] == setup)
        others = ", ".join(f"{d:.1%} ({'-' if t is None else t}, {'-' if t is None else (a or 0)})"
                           for _, d, t, a in unsampled(setup))
        rows.append([setup, sampled, others or "-"])
    out += section("The same setups without the sampler", [
        "setup", "sampled runs: delivered (RTO timeouts, aborts)",
        "unsampled runs: delivered (RTO timeouts, aborts; - where the run has no tcp_counters)"], rows)
    rows = []
    for folder in ("drop-runs", "drop-runs-ss"):
        for setup, runs in sorted(session_split(folder).items()):
            cells = [f"{fmt(a * 100 if a is not None else None, 1)} / {fmt(b * 100 if b is not None else None, 1)}"
                     for _, a, b in runs]
            rows.append([f"{folder}/{setup}", len(runs), ", ".join(cells),
                         sum(1 for _, a, b in runs if a is not None and b is not None and a < b - 0.05),
                         sum(1 for _, a, b in runs if a is not None and b is not None and b < a - 0.05)])
    out += section("First and second session in every drop run (per-second series)", [
        "setup", "runs", "delivered % in session 1 / session 2, run by run",
        "runs whose first session lost 5 pp more", "runs whose second session lost 5 pp more"], rows,
        ["From each run file's per-second time series: copies received in a session's seconds over the messages",
         "sent in them times N. The split is by whole seconds, so a second at the boundary counts to one session",
         "and the last, partial second shortens the second session (its spread runs read 94-99 %)."])
    if model:
        rows = []
        for name, r in results:
            m = model.get(r["setup"], ("-", "-", "-"))
            drops = int(r["shaper_drops"]) / max(1, r["received"]) if r["shaper_drops"] != "-" else None
            rows.append([name, f"{r['delivered']:.1%}", fmt(drops, 2), r["counters"].get("TcpExt.TCPTimeouts", "-"),
                         sum(1 for w in r["waits"] if w >= RTO_FLOOR_MS), r["starved"], *m])
        out += section("Beside the model (plain variant of calibration/drop-tcp-compare.md, same setup)", [
            "run", "measured delivered", "bfifo drops / delivered copy", "RTO timeouts", "stalls >= 200 ms",
            "starved connections", "model delivered", "model drops / delivered copy", "model timer re-pushes"],
            rows)
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="NAME.ss.gz files (default: calibration/drop-runs-ss/*.ss.gz)")
    parser.add_argument("--out", default=os.path.join(ROOT, "calibration", "drop-ss-anatomy.md"))
    parser.add_argument("--model", default=os.path.join(ROOT, "calibration", "drop-tcp-compare.md"),
                        help="drop-tcp-compare.md to take the model's figures from ('' for none)")
    args = parser.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(ROOT, "calibration", "drop-runs-ss", "*.ss.gz")))
    out_dir = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(out_dir) or not os.access(out_dir, os.W_OK):
        print(f"drop-ss-anatomy: cannot write {args.out}", file=sys.stderr)
        return 3
    try:
        if not files:
            raise BadInput("no .ss.gz files")
        model = model_rows(args.model) if args.model else {}
        results = []
        for path in files:
            if not path.endswith(".ss.gz"):
                raise BadInput(f"{path}: not a .ss.gz file")
            run_path = path[:-len(".ss.gz")] + ".json"
            try:
                run = json.load(open(run_path))
                setup, metrics = run["setup"], run["metrics"]
                queue_bytes = int(setup["redis_shaping_queue_kb"] * 1024)
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise BadInput(f"{run_path}: {error}") from None
            r = analyse(parse(path), queue_bytes, setup["session_seconds"])
            r.update(delivered=metrics["delivery_ratio"], received=metrics["ws_msgs_received"],
                     setup=setup["name"], queue_bytes=queue_bytes,
                     counters=run.get("tcp_counters", {}).get("increase", {}),
                     shaper_drops=run.get("environment", {}).get("shaper_queue_drops", "-"),
                     foreign=run.get("environment", {}).get("foreign_cpu_cores_mean", "-"))
            results.append((os.path.basename(path)[:-len(".ss.gz")], r))
    except BadInput as error:
        print(f"drop-ss-anatomy: {error}", file=sys.stderr)
        return 2
    shown = [os.path.relpath(f, ROOT) if os.path.abspath(f).startswith(ROOT) else f for f in args.files]
    line = " ".join(["calibration/drop-ss-anatomy.py"] + shown)
    text = report(results, model, line)
    handle, temp = tempfile.mkstemp(dir=out_dir, prefix=".drop-ss-anatomy.")
    with os.fdopen(handle, "w") as stream:
        stream.write(text)
    os.replace(temp, args.out)
    print(f"drop-ss-anatomy: wrote {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("drop-ss-anatomy: stopped; nothing written", file=sys.stderr)
        sys.exit(130)
