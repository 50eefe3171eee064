#!/usr/bin/env python3
"""Issue 13: the head of Redis' write order against the netlink drop runs, connection by connection.

The rule checked (README "The head of the write order"): Redis writes an iteration's clients from the head of its
pending-write list, where each client goes as it first gets output, so a PUBLISH fanned out in SUBSCRIBE order is
written last-subscribed first, and a burst past the shaper's bucket and queue is refused at the EARLIEST
subscribers. A write refused whole while the socket has nothing in flight is pushed by no ACK: only by Redis' next
write and the probe timer (max(RTO, 200 ms), then every 500 ms without doubling for a drop in the sender's own
qdisc), each time offering the socket's unsent head, which grows with Redis' writes up to the size goal (half the
peer's window) and must fit the bfifo whole; after tcp_retries2 = 15 failed probes (0.2 + 15 x 0.5 = 7.7 s) the
kernel aborts it. So the refused all probe together: a probe round passes floor((bucket + queue) / head) heads if
the head fits the queue, none once the next tick has grown the head past it.

Per session of each run (sessions = the bursts of samples a connection starts in, as in drop-ss-anatomy.py, whose
functions this imports): the refused-whole and the starved, by how many of them are among the earliest subscribers
(the rule) against the latest (SUBSCRIBE order, the model's default) and against chance; the count of starved
predicted from the refused by the probe rounds against the count measured; and the connections still held back at
their burst's end that had got going (more than 4 kB acknowledged), which the starved count leaves out.

  calibration/drop-write-order.py                      # calibration/drop-runs-netlink/*.ss.gz -> stdout
  calibration/drop-write-order.py FILES --out X.md

Bad input: one line on stderr, exit 2; an unwritable output: exit 3 (checked before the work); Ctrl-C: exit 130.
"""
import argparse
import glob
import importlib.util
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("anatomy", os.path.join(ROOT, "calibration", "drop-ss-anatomy.py"))
anatomy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(anatomy)

# Linux: the first probe after max(RTO, TCP_RTO_MIN) (the sockets' rto was 204-208 ms), then
# TCP_RESOURCE_PROBE_INTERVAL while the qdisc keeps refusing; aborted after tcp_retries2 failed probes.
FIRST_PROBE_S = 0.2
PROBE_S = 0.5
RETRIES2 = 15
# A held-back connection whose unsent bytes saw no ACK for this long up to its burst's last sample is stuck there.
STUCK_S = 1.0
# What Redis writes a subscriber per copy in these runs (drop-ss-anatomy.md: 235.7-236.1 bytes).
COPY_BYTES = 236


def probe_rounds(refused, users, interval_s, goal, bucket, queue):
    """Of REFUSED connections refused whole together at a tick, how many the probe rounds get through before the
    abort: at each round (0.2 s, then every 0.5 s, 15 of them) every one still held back offers its head, the
    copies written to it so far (a tick of USERS copies every INTERVAL_S) up to the size goal; if it fits the
    queue, the bucket and the queue take floor((bucket + queue) / head) of them (the link idle by then); a head
    past the queue never fits."""
    left, t = refused, FIRST_PROBE_S
    for _ in range(RETRIES2 + 1):
        head = min(goal, (1 + int(t / interval_s)) * users * COPY_BYTES)
        if head <= queue:
            left -= min(left, int((bucket + queue) // head))
        t += PROBE_S
    return refused - left


def sessions_of(path):
    """{session: [connection records]} of one .ss.gz beside its run file, and the run's setup and file."""
    run_path = path[:-len(".ss.gz")] + ".json"
    try:
        run = json.load(open(run_path))
        setup = run["setup"]
        queue = int(setup["redis_shaping_queue_kb"] * 1024)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise anatomy.BadInput(f"{run_path}: {error}") from None
    result = anatomy.analyse(anatomy.parse(path), queue, setup["session_seconds"])
    samples, subs, bursts, load_start, session_of = result["first"]
    records = anatomy.first_window(result["first"], 0.3)
    by_port = {(r["session"], r["port"]): r for r in records}
    for life in subs:
        if life[0][0] < load_start:
            continue
        t0, e0 = life[0]
        record = by_port.get((session_of(t0), int(e0["peer"].rsplit(":", 1)[1])))
        if record is None:
            continue
        in_burst = [(t, e) for t, e in life if bursts.same(t, t0)]
        t_end, end = in_burst[-1]
        acked_at = max((t for (ta, a), (t, e) in zip(in_burst, in_burst[1:])
                        if e.get("bytes_acked", 0) > a.get("bytes_acked", 0)), default=t0)
        record.update(end_acked=end.get("bytes_acked", 0), end_unsent=end.get("notsent", 0),
                      stuck=end.get("notsent", 0) > 0 and t_end - acked_at >= STUCK_S,
                      last_ack=acked_at, mss_end=end.get("mss", 0))
    sessions = {}
    for r in records:
        if "stuck" in r:
            sessions.setdefault(r["session"], []).append(r)
    return sessions, setup, run


def order_cells(group, flag):
    """How many of the flagged connections are among the earliest subscribers of the same count, among the latest,
    and what chance would give (k^2 / n)."""
    ordered = sorted(group, key=lambda r: (r["subscribed"], r["port"]))
    k = sum(1 for r in group if r[flag])
    if k == 0:
        return [0, "-", "-", "-"]
    early = sum(1 for r in ordered[:k] if r[flag])
    late = sum(1 for r in ordered[len(ordered) - k:] if r[flag])
    return [k, early, late, f"{k * k / len(ordered):.0f}"]


def report(files, args_line):
    out = ["# The head of Redis' write order, connection by connection (issue 13)", "",
           f"Made by `{args_line}` from the netlink drop runs' `.ss.gz` samples (10 ms, the first 3 s of every",
           "session; r1-r3 missed the sessions' first seconds, so their first writes are not known) and run files.",
           "Refused whole: the connection's first write of copies had nothing acknowledged and was all unsent at",
           "the sample that showed it; starved: closed with unsent bytes, at most 4 kB ever acknowledged;",
           f"stuck: unsent bytes at its burst's last sample and no ACK in the {STUCK_S:g} s before it.",
           "Earliest / latest k: of the k flagged, how many are the k earliest (the rule: Redis writes",
           "last-subscribed first, so the queue refuses the earliest) or the k latest subscribers (SUBSCRIBE",
           "order); chance would put k^2 / n in either."]
    rows, counts, stuck_rows, series_rows = [], [], [], []
    for path in files:
        sessions, setup, run = sessions_of(path)
        # The repeat (r2, r3...; the first file has none): the setup is the same throughout.
        name = os.path.basename(path)[:-len(".ss.gz")][len(setup["name"]):].lstrip(".") or "r1"
        users, interval = setup["users"], setup["interval_seconds"]
        queue = int(setup["redis_shaping_queue_kb"] * 1024)
        bucket = int(setup["redis_shaping_bucket_kb"] * 1024)
        aborts = run.get("tcp_counters", {}).get("increase", {}).get("TcpExt.TCPAbortOnTimeout", "-")
        for session, group in sorted(sessions.items()):
            sampled = [r for r in group if "refused" in r]
            rows.append([name, session + 1, len(group), *order_cells(group, "starved"),
                         *(order_cells(sampled, "refused") if sampled else ["-"] * 4)])
            refused = sum(1 for r in sampled if r["refused"])
            goal = anatomy.statistics.median(r["mss_end"] for r in group)
            recovered = probe_rounds(refused, users, interval, goal, bucket, queue) if sampled else None
            starved = sum(r["starved"] for r in group)
            counts.append([name, session + 1, len(group), refused if sampled else "-",
                           "-" if recovered is None else recovered,
                           "-" if recovered is None else refused - recovered, starved,
                           f"{goal:,.0f}", f"{queue:,}"])
            going = [r for r in group if r["stuck"] and r["end_acked"] > anatomy.SUBSCRIBER_MAX_RECEIVED]
            stuck_rows.append([
                name, session + 1, sum(r["stuck"] for r in group), starved, len(going),
                f"{anatomy.statistics.median(r['end_acked'] for r in going):,.0f}" if going else "-",
                f"{anatomy.statistics.median(r['end_unsent'] for r in going):,.0f}" if going else "-",
                f"{anatomy.statistics.median(r['last_ack'] - r['burst'] for r in going if r['burst']):.2f}"
                if going and any(r["burst"] for r in going) else "-",
                sum(1 for r in going if r.get("refused")), aborts if session == 0 else ""])
        samples = run.get("time_series", {}).get("samples", [])
        cells = [f"{s['delivered_per_second'] / max(1e-9, s['sent_per_second'] * users):.0%}"
                 for s in samples if s.get("sent_per_second", 0) > 0]
        series_rows.append([name, f"{run['metrics']['delivery_ratio']:.1%}", " ".join(cells)])
    out += anatomy.section("Who is refused and who starves: the earliest subscribers, not the latest", [
        "run", "session", "connections", "starved", "of them the earliest k", "the latest k", "chance",
        "refused whole", "of them the earliest k", "the latest k", "chance"], rows)
    out += anatomy.section("How many starve: the refused against the probe rounds", [
        "run", "session", "connections", "refused whole (measured)", "probe rounds get through (rule)",
        "starved, predicted", "starved, measured", "size goal (mss), median bytes", "queue bytes"], counts,
        ["Predicted from the measured refused-whole count: every refused connection probes at 0.2 s and then",
         "every 0.5 s; a round takes floor((bucket + queue) / head) heads while the head (the ticks written so",
         "far, up to the size goal) fits the queue, none after; the rest are aborted. The count refused is",
         "measured, not predicted: 10 ms samples cannot split a tick's writes into Redis' iterations."])
    out += anatomy.section("Held back at the burst's end: the starved and those that had got going", [
        "run", "session", "stuck at the burst's end", "of them starved", "had got going (> 4 kB acknowledged)",
        "their bytes acknowledged, median", "their unsent, median", "their last ACK, s after the first copies",
        "of them refused whole at the first write", "TCPAbortOnTimeout (run)"], stuck_rows,
        ["A connection that got its first write through but was later refused with nothing in flight waits",
         "for the same probes; once the next tick has grown its head past the queue it is aborted like the",
         "starved, 7.7 s on, after the burst of samples: the starved count does not see it."])
    out += anatomy.section("Delivered in each second (copies received / sent x N), run file's series", [
        "run", "delivered", "second by second"], series_rows)
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="NAME.ss.gz (default: calibration/drop-runs-netlink/*.ss.gz)")
    parser.add_argument("--out", help="write the Markdown here (default: stdout)")
    args = parser.parse_args()
    if args.out and not anatomy.writable(args.out):
        print(f"drop-write-order: cannot write {args.out}", file=sys.stderr)
        return 3
    # The first repeat's file has no .rN: it goes first.
    files = args.files or sorted(glob.glob(os.path.join(ROOT, "calibration", "drop-runs-netlink", "*.ss.gz")),
                                 key=lambda f: (".r" in os.path.basename(f), f))
    shown = [os.path.relpath(f, ROOT) if os.path.abspath(f).startswith(ROOT) else f for f in args.files]
    if args.out:
        shown += ["--out", os.path.relpath(os.path.abspath(args.out), ROOT)]
    try:
        if not files:
            raise anatomy.BadInput("no .ss.gz files")
        for path in files:
            if not path.endswith(".ss.gz"):
                raise anatomy.BadInput(f"{path}: not a .ss.gz file")
        text = report(files, " ".join(["calibration/drop-write-order.py"] + shown))
    except anatomy.BadInput as error:
        print(f"drop-write-order: {error}", file=sys.stderr)
        return 2
    if not args.out:
        sys.stdout.write(text)
        return 0
    anatomy.write_atomic(args.out, text, ".drop-write-order.")
    print(f"drop-write-order: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("drop-write-order: stopped; nothing written", file=sys.stderr)
        sys.exit(130)
