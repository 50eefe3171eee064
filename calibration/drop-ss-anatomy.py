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
Samples taken in bursts (`SS_SAMPLER=netlink SS_BURST_S=3`: only the first seconds of every session) are grouped into
bursts where the gap between two samples is far above the median interval (20 medians, and at least a second). A
connection keeps its identity across a gap as long as its counters did not fall (else a new connection reused the
port); a wait is timed only within a burst (one still open at a burst's end is censored, not ended); sessions are
named by the burst a connection starts in; and a starved connection gone by the next burst was aborted somewhere in
the gap, so its time to the abort is given as a range. A file without such a gap is one burst: the tables are what
they always were. With --first-ms, also each session's first milliseconds connection by connection: when it
subscribed against the session's first burst of copies, its first write, what tcp_info said then, its first ACK, and
what tells the starved from the others.

  calibration/drop-ss-anatomy.py                         # calibration/drop-runs-ss/*.ss.gz -> drop-ss-anatomy.md
  calibration/drop-ss-anatomy.py A.ss.gz B.ss.gz --out X.md --model calibration/drop-tcp-compare.md
  calibration/drop-ss-anatomy.py calibration/drop-runs-netlink/*.ss.gz --out calibration/drop-ss-netlink.md \
      --first-ms 300

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
# A gap between samples this many median intervals long (and at least BURST_GAP_MIN_S) starts a new burst.
BURST_GAP_MEDIANS = 20
BURST_GAP_MIN_S = 1.0
# Counters that only grow over a connection's life: one that fell across a gap is a new connection on the port.
LIFE_COUNTERS = ("bytes_acked", "segs_out", "data_segs_out")
# When a connection's first write was acknowledged, ms after the sample that showed it.
ACK_BINS_MS = [(0, 100), (100, 300), (300, 600), (600, 900), (900, 1200), (1200, 2000), (2000, None)]


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


class Bursts:
    """The samples grouped into bursts: a gap far above the median interval (BURST_GAP_MEDIANS of them, at least
    BURST_GAP_MIN_S) ends one. `of[t]` is the burst of the sample at t, `starts[k]` / `ends[k]` its first and last
    sample times; a file sampled throughout is one burst."""

    def __init__(self, samples):
        times = [t for t, _ in samples]
        gaps = [b - a for a, b in zip(times, times[1:])]
        limit = max(BURST_GAP_MIN_S, BURST_GAP_MEDIANS * statistics.median(gaps))
        self.of, self.starts, self.ends = {}, [times[0]], []
        for previous, t in zip([None] + times, times):
            if previous is not None and t - previous > limit:
                self.ends.append(previous)
                self.starts.append(t)
            self.of[t] = len(self.starts) - 1
        self.ends.append(times[-1])

    @property
    def count(self):
        return len(self.starts)

    def same(self, ta, tb):
        return self.of[ta] == self.of[tb]


def connections(samples, bursts):
    """Split each peer's entries into connections: within a burst, bytes_acked falling (or the peer missing for
    more than a second) means a new one on a reused port; across a gap between bursts, any of LIFE_COUNTERS falling.
    """
    lives = {}
    done = []
    for t, entries in samples:
        for peer, e in entries.items():
            life = lives.get(peer)
            if life and bursts.same(life[-1][0], t):
                new = e.get("bytes_acked", 0) < life[-1][1].get("bytes_acked", 0) or t - life[-1][0] > 1.0
            else:
                new = life and any(e.get(k, 0) < life[-1][1].get(k, 0) for k in LIFE_COUNTERS)
            if new:
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


def load_start_of(samples, subs):
    """When the load's connections began: the first subscriber connection opened more than a second after the
    sampling did (those already there are the harness' own), else the first sample."""
    later = [life[0][0] for life in subs if life[0][0] - samples[0][0] > 1.0]
    return min(later) if later else samples[0][0]


def session_index(bursts, load_start, session_seconds):
    """Session of a connection by its first sample's time: one session length apart from the load's start, or, for
    samples in bursts, the burst it starts in (counted from the load's first)."""
    if bursts.count > 1:
        return lambda t: bursts.of[t] - bursts.of[load_start]
    return lambda t: int((t - load_start) // session_seconds)


def analyse(samples, queue_bytes, session_seconds):
    bursts = Bursts(samples)
    subs = connections(samples, bursts)
    if not subs:
        raise BadInput("no subscriber socket in the samples")
    by_session = {}  # session index (from the connection's first sample) -> [connections, acked, written, starved]
    load_start = load_start_of(samples, subs)
    session_of = session_index(bursts, load_start, session_seconds)
    for life in subs:
        if life[0][0] < load_start:
            continue
        last = life[-1][1]
        row = by_session.setdefault(session_of(life[0][0]), [0, 0, 0, 0, [], []])
        row[4].append(statistics.median(e.get("snd_wnd", 0) for _, e in life))
        row[5].append(statistics.median(e.get("mss", 0) for _, e in life))
        row[0] += 1
        row[1] += last.get("bytes_acked", 0)
        row[2] += written(last)
        row[3] += last["sendq"] > 0 and last.get("bytes_acked", 0) <= SUBSCRIBER_MAX_RECEIVED
    t_first = min(life[0][0] for life in subs)
    t_last = max(life[-1][0] for life in subs)
    # The last subscriber sample of each burst: a connection seen there may live on past it.
    burst_last = {}
    for life in subs:
        for t, _ in life:
            burst_last[bursts.of[t]] = max(burst_last.get(bursts.of[t], t), t)
    periods = [b[0] - a[0] for a, b in zip(samples, samples[1:])
               if t_first <= a[0] < t_last and bursts.same(a[0], b[0])]
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
            attempts += b.get("data_segs_out", 0) - a.get("data_segs_out", 0)
            delivered_segs += b.get("delivered", 0) - a.get("delivered", 0)
            if not bursts.same(ta, tb):
                # A gap between bursts: nothing is known of it but the counters; a wait open at the burst's end is
                # censored there.
                if episode:
                    stalls.append(episode + ["end"])
                    episode = None
                continue
            second = int(tb - t_first)
            handed[(index, second)] = handed.get((index, second), 0) + max(0, written(b) - written(a))
            open_at[tb] = open_at.get(tb, 0) + 1
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
            stalls.append(episode + ["closed" if life[-1][0] < burst_last[bursts.of[life[-1][0]]] else "end"])
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
    first_held_by = []  # the same to the next burst's first sample, for one gone in a gap between bursts
    gone_by = gap_end(bursts, burst_last)
    for life in starved_lives:
        held_from = next((t for t, e in life if e.get("notsent", 0) > 0), life[-1][0])
        first_held.append(life[-1][0] - held_from)
        if gone_by(life) is not None:
            first_held_by.append(gone_by(life) - held_from)
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
        "starved_held_by_median": statistics.median(first_held_by) if first_held_by else None,
        "mss_median": statistics.median(mss) if mss else None, "mss_max": max(mss) if mss else None,
        "starvation": starvation(subs, load_start, session_of, gone_by, queue_bytes),
        "bursts": bursts.count, "burst_s": statistics.median(
            [end - start for start, end in zip(bursts.starts, bursts.ends)]) if bursts.count > 1 else None,
        "first": (samples, subs, bursts, load_start, session_of),
    }


def gap_end(bursts, burst_last):
    """For a connection last seen at its burst's last sample with a later burst to come: that burst's first sample
    (it ended somewhere in the gap); else None (it ended where it was last seen, or the samples end)."""
    def gone_by(life):
        t = life[-1][0]
        k = bursts.of[t]
        return bursts.starts[k + 1] if t == burst_last[k] and k + 1 < bursts.count else None
    return gone_by


def starvation(subs, load_start, session_of, gone_by, queue_bytes):
    """Per session (index from the load's start): how its subscriber connections starved. A connection is held
    back from its first burst when its first unsent bytes came before it had more than 4 kB acknowledged (the
    subscription's replies only); starved as in analyse(). For the starved: seconds from the first unsent sample
    to the last one (the kernel's abort, to the sampling period), bytes acknowledged after the first unsent sample,
    whether the unsent backlog passed the queue and the MSS (ss `mss`, the segment size) at the end; and how many
    connections opened more than 1 s after their session's first (a server subscribing again). Sampled in bursts, a
    starved connection gone in a gap between bursts ended before the next burst's first sample (abort_by_s)."""
    sessions = {}
    for life in subs:
        if life[0][0] < load_start:
            continue
        row = sessions.setdefault(session_of(life[0][0]), {
            "connections": 0, "first_burst": 0, "first_burst_starved": 0, "starved": 0, "over_queue": [0, 0],
            "abort_s": [], "abort_by_s": [], "after_bytes": [], "mss": [], "opened": []})
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
            if gone_by(life) is not None:
                row["abort_by_s"].append(gone_by(life) - held[0])
            row["after_bytes"].append(last.get("bytes_acked", 0) - held[1].get("bytes_acked", 0))
            row["mss"].append(last.get("mss", 0))
    for row in sessions.values():
        row["late_opens"] = sum(1 for t in row["opened"] if t - min(row["opened"]) > 1.0)
        row["open_spread"] = max(row["opened"]) - min(row["opened"])
    return sessions


def first_window(analysis, window_s):
    """Each session's subscriber connections through their first copies (issue 13): [record], one per connection
    that got copies while sampled. Times are sample times (the sampling period's resolution) except the
    subscription's, which is the first sample's time less its lastrcv (the SUBSCRIBE command, to the millisecond).
    In flight = Send-Q - unsent summed over every socket Redis sends from: what left the socket and is not yet
    acknowledged, i.e. in the shaping queue or just past it (loopback delivers at once; the receiver may delay its
    ACK), an upper bound on the queue's fill."""
    samples, subs, bursts, load_start, session_of = analysis
    in_flight = {t: sum(max(0, e["sendq"] - e.get("notsent", 0)) for e in entries.values()) for t, entries in samples}
    held_now = {}
    for life in subs:
        for t, e in life:
            held_now[t] = held_now.get(t, 0) + (e.get("notsent", 0) > 0)
    records = []
    for life in subs:
        if life[0][0] < load_start:
            continue
        t0, e0 = life[0]
        # Its first copies: the first sample with more written than the subscription's replies (4 kB at most, as
        # for the starved).
        copied = next((i for i, (_, e) in enumerate(life) if written(e) > SUBSCRIBER_MAX_RECEIVED), None)
        last = life[-1][1]
        record = {"session": session_of(t0), "port": int(life[0][1]["peer"].rsplit(":", 1)[1]),
                  "subscribed": t0 - e0.get("lastrcv", 0) / 1000,
                  "starved": last["sendq"] > 0 and last.get("bytes_acked", 0) <= SUBSCRIBER_MAX_RECEIVED}
        records.append(record)
        burst_end = next((t for t, _ in reversed(life) if bursts.same(t, t0)))
        if record["subscribed"] < bursts.starts[bursts.of[t0]] - 0.05:
            # Open before its burst of samples began: its first copies were not sampled. Its state there instead.
            end = next(e for t, e in reversed(life) if bursts.same(t, t0))
            span = max(1e-9, burst_end - t0)
            record.update(
                unseen=True, age=t0 - record["subscribed"], acked=e0.get("bytes_acked", 0),
                unsent=e0.get("notsent", 0), cwnd=e0.get("cwnd"), rto=e0.get("rto"), snd_wnd=e0.get("snd_wnd"),
                mss=e0.get("mss"), attempts_per_s=(end.get("data_segs_out", 0) - e0.get("data_segs_out", 0)) / span,
                burst_acked=end.get("bytes_acked", 0) - e0.get("bytes_acked", 0), burst_s=span)
            continue
        if copied is None or copied == 0:
            # No copies while sampled, or already in the first sample (its write is not known apart).
            continue
        (tp, before), (t1, after) = life[copied - 1], life[copied]
        first = written(after) - written(before)
        window = [(t, e) for t, e in life[copied:] if t - t1 <= window_s and bursts.same(t, t1)]
        acked_at = next((t for t, e in life[copied:]
                         if bursts.same(t, t1) and e.get("bytes_acked", 0) > SUBSCRIBER_MAX_RECEIVED), None)
        end = window[-1][1]
        record.update(
            first_copies=t1, first_write=first, cwnd_before=before.get("cwnd"), cwnd=after.get("cwnd"),
            ssthresh=after.get("ssthresh"), rto=after.get("rto"), unacked=after.get("unacked", 0),
            unsent=after.get("notsent", 0), sendq=after["sendq"], mss=after.get("mss"), snd_wnd=after.get("snd_wnd"),
            refused=after.get("bytes_acked", 0) == before.get("bytes_acked", 0) and after.get("notsent", 0) >= first,
            in_flight_before=in_flight[tp], in_flight=in_flight[t1], held_then=held_now.get(t1, 0),
            first_ack=None if acked_at is None else acked_at - t1,
            window_acked=end.get("bytes_acked", 0) - before.get("bytes_acked", 0),
            window_attempts=end.get("data_segs_out", 0) - before.get("data_segs_out", 0),
            window_unsent=end.get("notsent", 0), window_cwnd=end.get("cwnd"), window_rto=end.get("rto"),
            window_backoff=end.get("backoff", 0))
    for session in {r["session"] for r in records}:
        group = [r for r in records if r["session"] == session]
        burst = min((r["first_copies"] for r in group if "first_copies" in r), default=None)
        for key, rank in (("subscribed", "order"), ("port", "port_order")):
            ordered = sorted(group, key=lambda r: (r[key], r["port"]))
            for i, r in enumerate(ordered):
                r[rank] = i / max(1, len(ordered) - 1)
        for r in group:
            r["burst"] = burst
            r["before_burst"] = None if burst is None else burst - r["subscribed"]
    return records


def first_sections(results, window_s):
    """The --first-ms sections: per run, session and group (starved or not) what the first copies met; then the
    starved share by the order of subscription and of port."""
    ms = int(window_s * 1000)

    def med(rows, key, scale=1.0, digits=0):
        values = [r[key] * scale for r in rows if r.get(key) is not None]
        return fmt(statistics.median(values), digits) if values else "-"

    rows = []
    for name, r in results:
        records = r["first_records"]
        for session in sorted({x["session"] for x in records}):
            group = [x for x in records if x["session"] == session]
            spread = [x["subscribed"] for x in group]
            for label, part in (("starved", [x for x in group if x["starved"]]),
                                ("others", [x for x in group if not x["starved"]])):
                if not part or all(x.get("unseen") for x in part):
                    continue
                copied = [x for x in part if "first_write" in x]
                acked = [x for x in copied if x["first_ack"] is not None and x["first_ack"] <= window_s]
                rows.append([
                    name, session + 1, label, len(part),
                    f"{(max(spread) - min(spread)) * 1000:,.0f}", med(part, "before_burst", 1000),
                    f"{min(x['before_burst'] for x in part) * 1000:,.0f}" if part[0]["before_burst"] is not None
                    else "-", med(part, "order", 100), med(part, "port_order", 100), len(copied),
                    med(copied, "first_write"),
                    f"{sum(x['refused'] for x in copied)}", f"{med(copied, 'cwnd_before')} / {med(copied, 'cwnd')}",
                    med(copied, "rto"), med(copied, "unacked"), med(copied, "in_flight_before"),
                    med(copied, "in_flight"), med(copied, "held_then"), f"{len(acked)}", med(acked, "first_ack", 1000),
                    med(copied, "window_acked"), med(copied, "window_attempts"), med(copied, "window_unsent"),
                    med(copied, "window_cwnd"), med(copied, "window_rto")])
    out = section(f"The first {ms} ms of each session, starved against the others", [
        "run", "session", "group", "connections", "first to last SUBSCRIBE, ms",
        "SUBSCRIBE before the first copies, median ms", "least, ms", "order of SUBSCRIBE, median percentile",
        "order of port, median percentile", "got copies while sampled", "first write, median bytes",
        "first write refused whole", "cwnd before / after it, median", "rto after, ms", "unacked after, segments",
        "in flight before it, all sockets, bytes", "in flight after", "sockets with unsent bytes then",
        f"acknowledged within {ms} ms", "first ACK after the first write, median ms",
        f"bytes acknowledged in {ms} ms", f"attempts in {ms} ms", f"unsent at {ms} ms", f"cwnd at {ms} ms",
        f"rto at {ms} ms"], rows,
        ["Per connection: SUBSCRIBE = its first sample's time less lastrcv (to the millisecond); its first copies:",
         "the first sample with more than 4 kB written (Send-Q + bytes_acked: more than the subscription's",
         "replies); the first write = what Redis handed it since the sample before (several PUBLISHes within",
         "one period are one write); refused whole = nothing of it acknowledged and all of it still unsent at",
         "that sample; tcp_info (cwnd, rto, unacked) at that sample. In flight = Send-Q - unsent over every",
         "socket Redis sends from (in the shaping queue or just past it, not yet acknowledged: an upper bound on",
         f"the queue's fill). Medians over the group; the window is the {ms} ms from the sample with its first",
         "copies, within its burst."])
    rows = []
    for name, r in results:
        records = r["first_records"]
        for session in sorted({x["session"] for x in records}):
            group = [x for x in records if x["session"] == session]
            for key, label in (("order", "SUBSCRIBE"), ("port", "port")):
                rank = "order" if key == "order" else "port_order"
                cells = []
                for fifth in range(5):
                    part = [x for x in group if min(4, int(x[rank] * 5)) == fifth]
                    cells.append(f"{sum(x['starved'] for x in part)} / {len(part)}")
                rows.append([name, session + 1, label, *cells])
    order_section = section("Who starves by order (starved / connections in each fifth, first to last)", [
        "run", "session", "order of", "first fifth", "second", "third", "fourth", "last fifth"], rows,
        ["Redis writes a channel's subscribers in SUBSCRIBE order, so the last to subscribe are the tail of",
         "every burst, the copies a full queue drops first."])
    rows = []
    for name, r in results:
        records = [x for x in r["first_records"] if x.get("unseen")]
        for session in sorted({x["session"] for x in records}):
            spread = [x["subscribed"] for x in r["first_records"] if x["session"] == session]
            for label, part in (("starved", [x for x in records if x["session"] == session and x["starved"]]),
                                ("others", [x for x in records if x["session"] == session and not x["starved"]])):
                if part:
                    rows.append([name, session + 1, label, len(part), f"{(max(spread) - min(spread)) * 1000:,.0f}",
                                 med(part, "age", 1, 1), med(part, "acked"),
                                 med(part, "unsent"), med(part, "cwnd"), med(part, "rto"), med(part, "snd_wnd"),
                                 med(part, "mss"), med(part, "attempts_per_s", 1, 1), med(part, "burst_acked")])
    if rows:
        out += section("Connections already open when their burst of samples began", [
            "run", "session", "group", "connections", "first to last SUBSCRIBE, ms", "seconds since SUBSCRIBE, median",
            "bytes acknowledged",
            "unsent bytes", "cwnd", "rto ms", "peer window", "mss", "attempts a second in the burst",
            "bytes acknowledged in the burst"], rows,
            ["Their first copies came before the burst of samples did, so the tables above leave them out; here",
             "their state at the burst's first sample (medians), and what the burst saw of them."])
    out += order_section
    rows = []
    for name, r in results:
        records = [x for x in r["first_records"] if "first_write" in x]
        for session in sorted({x["session"] for x in records}):
            for label, part in (("refused whole", [x for x in records if x["session"] == session and x["refused"]]),
                                ("not refused", [x for x in records if x["session"] == session and not x["refused"]])):
                if not part:
                    continue
                cells = []
                for lo, hi in ACK_BINS_MS:
                    got = [x for x in part if x["first_ack"] is not None and lo <= x["first_ack"] * 1000
                           and (hi is None or x["first_ack"] * 1000 < hi)]
                    cells.append(f"{len(got)} ({sum(x['starved'] for x in got)})")
                never = [x for x in part if x["first_ack"] is None]
                rows.append([name, session + 1, label, len(part), *cells,
                             f"{len(never)} ({sum(x['starved'] for x in never)})"])
    out += section("When the first write was acknowledged (connections, of them starved)", [
        "run", "session", "first write", "connections", *[f"{lo}-{hi} ms" if hi else f">= {lo} ms"
                                                          for lo, hi in ACK_BINS_MS], "not in the burst"], rows,
        ["From the sample with a connection's first copies to the first with more than 4 kB acknowledged (more",
         "than the subscription's replies), within the samples (a burst of samples may end first: 'not in the",
         "burst').",
         "Linux retries a refused write with nothing in flight at 200 ms and then every 500 ms (the probe timer),",
         "and at every write Redis makes to the socket (the next tick's copies, about a second on)."])
    return out


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


def held_cell(median, by_median, digits):
    """A starved connection's wait: its median, or, gone in gaps between bursts, from its last sample to the next
    burst's first."""
    return fmt(median, digits) if by_median is None else f"{fmt(median, digits)}-{fmt(by_median, digits)} (in a gap)"


def gap_cell(ends, by):
    """Median (range) of the starved's waits to their last sample; with those gone in gaps between bursts, the
    median from the last sample to the next burst's first and how many."""
    if not by:
        return f"{statistics.median(ends):.2f} ({min(ends):.2f}-{max(ends):.2f})"
    return (f"{statistics.median(ends):.2f}-{statistics.median(by):.2f} ({len(by)} of {len(ends)} gone in a gap; "
            f"last seen {min(ends):.2f}-{max(ends):.2f})")


def section(title, columns, rows, intro=()):
    """A Markdown section: its heading, intro lines, then a table of the columns and rows (lists of cells)."""
    lines = ["", f"## {title}", "", *intro, *([""] if intro else [])]
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "---|" * len(columns))
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def report(results, model, args_line, source=None, folders=("drop-runs", "drop-runs-ss")):
    """The Markdown report. SOURCE: lines saying where the files came from (default: calibration/drop-runs-ss);
    FOLDERS: the run folders whose per-second series the session split reads."""
    source = source or [
        "from the `.ss.gz` files that `SS_SAMPLE_MS=50 calibration/run-local` wrote",
        "beside the run files (calibration/drop-runs-ss: `OUT=calibration/drop-runs-ss SS_SAMPLE_MS=50 RAMP=0s",
        "REPEATS=2 calibration/run-local calibration/sweep-drops-tcp-aligned.txt`, 2026-12-03 15:17-15:27 UTC)."]
    out = ["# Redis' subscriber sockets during lockstep drop bursts, sampled by ss (issue 13)", "",
           f"Made by `{args_line}` {source[0]}", *source[1:],
           "The model's figures: `calibration/drop-tcp-compare` (its table, read, not rerun). A subscriber",
           "connection: a socket from Redis' port that never received more than 4 kB (the servers' PUBLISH",
           "connections are left out). Held back: unsent bytes (ss `notsent`: what Redis wrote that TCP has not",
           "got past the queue) at two samples in a row with bytes_acked unchanged; consecutive intervals are one",
           "stall, its length known only to the sampling period (a wait shorter than one period is not seen).",
           "Attempts = data_segs_out, which counts every transmit, a segment the bfifo refused included;",
           "delivered = segments acknowledged. Starved: a connection that closed with unsent bytes having had at",
           "most 4 kB acknowledged in its whole life."]
    burst_runs = [(name, r) for name, r in results if r["bursts"] > 1]
    if burst_runs:
        out += ["", "Sampled in bursts (" + ", ".join(
            f"{name}: {r['bursts']} bursts of {r['burst_s']:.2f} s" for name, r in burst_runs) + "). Sessions are",
            "the bursts a connection starts in; a wait still open at a burst's end is censored (it counts as one",
            "that never got through, not as a length); a starved connection gone by the next burst ended in the",
            "gap, so its time from the first unsent sample to its end is a range: from its last sample to the next",
            "burst's first. Per-second and per-interval figures use pairs of samples within a burst only."]
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
         f"{r['starved'] / r['connections']:.1%}", held_cell(r["starved_held_median"], r["starved_held_by_median"], 1),
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
                gap_cell(abort, s["abort_by_s"]) if abort else "-",
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
    for folder in folders:
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


def writable(path):
    """Whether PATH's folder exists and can be written: checked before the work (exit 3 otherwise)."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.isdir(folder) and os.access(folder, os.W_OK)


def write_atomic(path, text, prefix):
    """TEXT to PATH through a temp name in its folder, renamed: a reader never sees it half-written."""
    handle, temp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=prefix)
    with os.fdopen(handle, "w") as stream:
        stream.write(text)
    os.replace(temp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="NAME.ss.gz files (default: calibration/drop-runs-ss/*.ss.gz)")
    parser.add_argument("--out", default=os.path.join(ROOT, "calibration", "drop-ss-anatomy.md"))
    parser.add_argument("--model", default=os.path.join(ROOT, "calibration", "drop-tcp-compare.md"),
                        help="drop-tcp-compare.md to take the model's figures from ('' for none)")
    parser.add_argument("--first-ms", type=float,
                        help="also each session's first MS milliseconds from its first copies, per connection")
    args = parser.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(ROOT, "calibration", "drop-runs-ss", "*.ss.gz")))
    if not writable(args.out):
        print(f"drop-ss-anatomy: cannot write {args.out}", file=sys.stderr)
        return 3
    try:
        if not files:
            raise BadInput("no .ss.gz files")
        if args.first_ms is not None and not 0 < args.first_ms < 60_000:
            raise BadInput(f"--first-ms: expected milliseconds above 0 and below 60000, not {args.first_ms:g}")
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
            # The samples themselves are large: only what the first window needs of them is kept.
            first = r.pop("first")
            r.update(delivered=metrics["delivery_ratio"], received=metrics["ws_msgs_received"],
                     setup=setup["name"], queue_bytes=queue_bytes,
                     counters=run.get("tcp_counters", {}).get("increase", {}),
                     shaper_drops=run.get("environment", {}).get("shaper_queue_drops", "-"),
                     foreign=run.get("environment", {}).get("foreign_cpu_cores_mean", "-"),
                     first_records=first_window(first, args.first_ms / 1000) if args.first_ms else None)
            del first
            results.append((os.path.basename(path)[:-len(".ss.gz")], r))
    except BadInput as error:
        print(f"drop-ss-anatomy: {error}", file=sys.stderr)
        return 2
    shown = [os.path.relpath(f, ROOT) if os.path.abspath(f).startswith(ROOT) else f for f in args.files]
    if args.files and os.path.abspath(args.out) != os.path.join(ROOT, "calibration", "drop-ss-anatomy.md"):
        shown += ["--out", os.path.relpath(args.out, ROOT) if os.path.abspath(args.out).startswith(ROOT)
                  else args.out]
    if args.first_ms:
        shown += ["--first-ms", f"{args.first_ms:g}"]
    line = " ".join(["calibration/drop-ss-anatomy.py"] + shown)
    # The run folders of the files (under calibration/) whose per-second series the session split reads.
    folders = ["drop-runs"]
    for path in files:
        folder = os.path.relpath(os.path.dirname(os.path.abspath(path)), os.path.join(ROOT, "calibration"))
        if os.sep not in folder and not folder.startswith(".") and folder not in folders:
            folders.append(folder)
    source = None if not args.files else [
        "from the `.ss.gz` files calibration/run-local wrote beside these run files (`SS_SAMPLE_MS`, and with",
        "`SS_SAMPLER=netlink` through calibration/ss-netlink.py)."]
    text = report(results, model, line, source, folders)
    if args.first_ms:
        text += "\n".join(first_sections(results, args.first_ms / 1000)) + "\n"
    write_atomic(args.out, text, ".drop-ss-anatomy.")
    print(f"drop-ss-anatomy: wrote {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("drop-ss-anatomy: stopped; nothing written", file=sys.stderr)
        sys.exit(130)
