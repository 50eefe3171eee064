#!/usr/bin/env python3
"""The servers' own counters around a measured run (issues 17, 16): what each task read, published, wrote and refused.

    python-server-counters.py snapshot [--wait-idle S] --out FILE URL...   GET each task's /metrics.json
    python-server-counters.py record RUN_FILE BEFORE AT_END SETTLED         add them to a run file
    python-server-counters.py table RUN_FILE...                             sent vs read vs published vs written
    python-server-counters.py steps RUN_FILE...                             the replica's step timers a message, a copy
    python-server-counters.py opens RUN_FILE...                             TCP connects beyond id calls and WebSockets

calibration/run-local (either server) takes a snapshot after the warm-up has drained (BEFORE), one as soon as the
load generator has finished (AT_END) and one once every connection is closed (SETTLED, --wait-idle: messages the
replica had queued when the client closed are still read and published after it), then `record` writes the
differences from BEFORE into the run file as the optional block `server_counters`, with the replica's publish lags of
the run as `server_counters.publish_lag` (each snapshot also keeps the raw lags of GET /metrics/publish-lags; the
run's are the settled snapshot's between the BEFORE and SETTLED `publish_lags` counts, less their smallest, task by
task: seconds from a message's send stamp to its PUBLISH's answer beyond the run's quickest). The C# server's counters
(src/ChatServer/MetricsSnapshot.cs) are kept too: its `subscription_failures` (WebSockets closed with 1013 because
their Redis subscription failed), `timeout_closes`, `connections_rejected`, `redis_reconnects` and its `lost` causes
(as `lost.CAUSE`); a counter a server does not have is left out. Nothing else reads that block:
run files without it are read as before. A task that did not answer is recorded with its error, not guessed.
Bad input (a file that is not a snapshot or not a run file) => one line naming the file, line and column, exit 2.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import outfile  # noqa: E402
import run_table  # noqa: E402

# The counters kept in the run file: the replica's (src/ReferenceServer/metrics.py), then the C# server's own
# (src/ChatServer/MetricsSnapshot.cs); a server without one leaves it out. The C# server's "lost" object (message
# losses by cause) is kept as "lost.CAUSE", each cause the server names.
COUNTERS = ("messages_in", "published", "ignored_while_closing", "publish_errors", "id_errors", "persistence_errors",
            "copies_from_redis", "messages_out", "send_failures", "dropped", "oversized_rejected", "binary_rejected",
            "connections_rejected", "subscription_failures", "timeout_closes", "origin_rejected", "redis_reconnects",
            "memory_trims", "writer_waits", "empty_polls", "poll_turns", "gc_collections", "gc_full_collections",
            "gc_cpu_ns", "send_bursts", "bursts_with_copies_left", "id_cpu_ns", "persist_cpu_ns", "id_wall_ns",
            "persist_wall_ns", "send_cpu_ns",
            "sends_waited", "fanout_cpu_ns", "publish_lags", "publish_wall_ns", "joins", "join_wall_ns",
            "accept_wall_ns")
LOST = "lost"
SOURCE = ("GET /metrics.json of each task: before = after the warm-up drained, at_end = when the load generator "
          "ended, settled = once every connection had closed (or the wait ran out); counts are differences from "
          "before (python-server-counters.py)")


class BadInput(Exception):
    pass


def fetch(url: str, timeout_s: float) -> dict:
    with urllib.request.urlopen(url, timeout=timeout_s) as response:
        return json.loads(response.read())


def metrics_url(ws_or_http_url: str) -> str:
    """ws://HOST:PORT/ws/ROOM or http://HOST:PORT -> http://HOST:PORT/metrics.json"""
    scheme, sep, rest = ws_or_http_url.partition("://")
    if not sep or scheme not in ("ws", "http"):
        raise BadInput(f"'{ws_or_http_url}': expected ws://HOST:PORT/... or http://HOST:PORT")
    return "http://" + rest.split("/", 1)[0] + "/metrics.json"


def snapshot(urls: list[str], wait_idle_s: float, answer_timeout_s: float = 20.0) -> dict:
    """Each task's counters; with wait_idle_s, polled until it holds no connection (or the wait runs out)."""
    deadline = time.monotonic() + wait_idle_s
    tasks = []
    for url in urls:
        target = metrics_url(url)
        entry = {"url": target}
        started = time.monotonic()
        while True:
            try:
                counters = fetch(target, answer_timeout_s)
            except (OSError, ValueError, urllib.error.URLError) as e:
                entry["error"] = f"{type(e).__name__}: {e}"
                # A replica still working through its backlog may not answer at once: ask again while there is time.
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.5)
                continue
            entry.pop("error", None)
            entry["counters"] = counters
            if counters.get("connections", 0) == 0 or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        if "publish_lags" in entry.get("counters", {}):
            # Once, after the counters it is sliced by: a lag kept since then lies past their count.
            try:
                lags = fetch(target.replace("/metrics.json", "/metrics/publish-lags"), answer_timeout_s)
                entry["publish_lag_raw"] = lags["raw_seconds"]
            except (OSError, ValueError, KeyError, TypeError, urllib.error.URLError) as e:
                entry["publish_lag_error"] = f"{type(e).__name__}: {e}"
        entry["idle"] = entry.get("counters", {}).get("connections") == 0
        entry["seconds"] = round(time.monotonic() - started, 3)
        tasks.append(entry)
    return {"taken_at_unix": round(time.time(), 3), "tasks": tasks}


def load_json(path: str, what: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise BadInput(f"{path}:{e.lineno}:{e.colno}: {what} is not JSON: {e.msg}") from e
    except OSError as e:
        raise BadInput(f"{path}: cannot read {what}: {e.strerror}") from e


def read_snapshot(path: str) -> list[dict]:
    data = load_json(path, "a counter snapshot")
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and isinstance(t.get("url"), str) for t in tasks):
        raise BadInput(f"{path}:1:1: expected a snapshot: {{\"tasks\": [{{\"url\": ..., \"counters\": {{...}}}}]}}")
    for t in tasks:
        raw = t.get("publish_lag_raw")
        if raw is not None and (not isinstance(raw, list) or not all(
                isinstance(x, (int, float)) and not isinstance(x, bool) for x in raw)):
            raise BadInput(f"{path}:1:1: task {t['url']}: key 'publish_lag_raw' expected a list of seconds")
        counters = t.get("counters")
        if counters is None:
            continue
        if not isinstance(counters, dict):
            raise BadInput(f"{path}:1:1: task {t['url']}: key 'counters' expected an object")
        lost = counters.get(LOST)
        if lost is not None and not isinstance(lost, dict):
            raise BadInput(f"{path}:1:1: task {t['url']}: key '{LOST}' expected an object of counts by cause, "
                           f"not {json.dumps(lost)}")
        for key in counter_keys(counters):
            value = count_of(counters, key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise BadInput(f"{path}:1:1: task {t['url']}: key '{key}' expected a count (integer >= 0), "
                               f"not {json.dumps(value)}")
    return tasks


def counter_keys(counters: dict) -> list[str]:
    """COUNTERS, then one "lost.CAUSE" per cause of the C# server's "lost" object (in its order)."""
    lost = counters.get(LOST)
    return list(COUNTERS) + ([f"{LOST}.{cause}" for cause in lost] if isinstance(lost, dict) else [])


def count_of(counters: dict, key: str):
    if key.startswith(LOST + "."):
        lost = counters.get(LOST)
        return lost.get(key[len(LOST) + 1:]) if isinstance(lost, dict) else None
    return counters.get(key)


def differences(before: dict | None, after: dict | None) -> dict | None:
    if before is None or after is None:
        return None
    return {k: count_of(after, k) - count_of(before, k) for k in counter_keys(after)
            if isinstance(count_of(after, k), int) and isinstance(count_of(before, k), int)}


def total(per_task: list[dict | None]) -> dict | None:
    if not per_task or any(d is None for d in per_task):
        return None
    keys = [k for k in per_task[0] if all(k in d for d in per_task)]
    return {k: sum(d[k] for d in per_task) for k in keys}


def block(before: list[dict], at_end: list[dict], settled: list[dict]) -> dict:
    urls = [t["url"] for t in before]
    for name, snap in (("at_end", at_end), ("settled", settled)):
        if [t["url"] for t in snap] != urls:
            raise BadInput(f"the {name} snapshot has tasks {[t['url'] for t in snap]}, the before one {urls}")
    tasks = []
    for b, e, s in zip(before, at_end, settled):
        task = {"url": b["url"], "at_end": differences(b.get("counters"), e.get("counters")),
                "settled": differences(b.get("counters"), s.get("counters")), "settled_idle": s.get("idle", False),
                "settle_seconds": s.get("seconds")}
        errors = {n: t["error"] for n, t in (("before", b), ("at_end", e), ("settled", s)) if "error" in t}
        if errors:
            task["errors"] = errors
        tasks.append(task)
    counters = {"source": SOURCE, "at_end": total([t["at_end"] for t in tasks]),
                "settled": total([t["settled"] for t in tasks]), "tasks": tasks}
    lag = publish_lag(before, at_end, settled)
    if lag is not None:
        counters["publish_lag"] = lag
    return counters


PUBLISH_LAG_SOURCE = ("the replica's raw publish lags (GET /metrics/publish-lags in the settled snapshot) between the "
                      "before and settled publish_lags counts, each task's less its smallest: seconds from a message's "
                      "send stamp to its PUBLISH's answer beyond the run's quickest; after_load_end: published after "
                      "the at_end snapshot (python-server-counters.py)")


def publish_lag(before: list[dict], at_end: list[dict], settled: list[dict]) -> dict | None:
    """The run's publish lags, or None when no task kept any (the C# server, or a replica without stamps)."""
    lags, after_end = [], 0
    for b, e, s in zip(before, at_end, settled):
        raw = s.get("publish_lag_raw")
        first, end, last = (t.get("counters", {}).get("publish_lags") for t in (b, e, s))
        if raw is None or not all(isinstance(c, int) for c in (first, end, last)):
            continue
        run = raw[first:last]
        if not run:
            continue
        quickest = min(run)
        lags += [x - quickest for x in run]
        after_end += max(0, last - max(first, end))
    if not lags:
        return None
    lags.sort()

    def quantile(p: float) -> float:
        return round(lags[min(len(lags) - 1, int(p * len(lags)))], 4)

    return {"source": PUBLISH_LAG_SOURCE, "count": len(lags), "after_load_end": after_end,
            "mean": round(sum(lags) / len(lags), 4), "p50": quantile(0.5), "p90": quantile(0.9),
            "p95": quantile(0.95), "p99": quantile(0.99), "max": round(lags[-1], 4)}


def record(run_path: str, before_path: str, at_end_path: str, settled_path: str) -> dict:
    report = load_json(run_path, "a run file")
    if not isinstance(report, dict) or not isinstance(report.get("metrics"), dict):
        raise BadInput(f"{run_path}:1:1: expected a run file (an object with 'metrics')")
    counters = block(read_snapshot(before_path), read_snapshot(at_end_path), read_snapshot(settled_path))
    report["server_counters"] = counters
    tmp = run_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    os.replace(tmp, run_path)
    return counters


def table_row(path: str) -> str:
    report = load_json(path, "a run file")
    sent = report.get("metrics", {}).get("ws_msgs_sent")
    received = report.get("metrics", {}).get("ws_msgs_received")
    counters = report.get("server_counters")
    if counters is None:
        return f"| {os.path.basename(path)} | {sent} | no server_counters | | | | | | {received} |"
    end, settled = counters.get("at_end") or {}, counters.get("settled") or {}
    cells = [end.get("messages_in"), settled.get("messages_in"), settled.get("published"),
             settled.get("ignored_while_closing"), settled.get("copies_from_redis"), settled.get("messages_out"),
             settled.get("send_failures")]
    return "| " + " | ".join(str(c) for c in [os.path.basename(path), sent, *cells, received]) + " |"


TABLE_HEADER = ("run", "sent", "read at end", "read settled", "published", "ignored closing", "copies from Redis",
                "written", "send failures", "received")
STEPS_HEADER = ("run", "mode", "ratio %", "in-run speed, millions", "id call CPU ms a message", "at 2.3 million",
                "send CPU us a copy", "at 2.3 million", "copies a poll turn")

# The speed the steps table scales each run's step CPU to (the in-run speed index, millions): a run on a slower
# machine spends more CPU in the same step, so runs compare at one speed.
STEPS_AT_SPEED = 2.3e6


def steps_row(path: str) -> str:
    """One run with step timers (server.py --step-times): its mode, ratio and in-run speed, the event loop thread's
    CPU in a message's blocking id call and in a copy's send (as measured, and scaled to STEPS_AT_SPEED by the run's
    speed), and the copies a subscriber's poll turn read."""
    report = load_json(path, "a run file")
    settled = (report.get("server_counters") or {}).get("settled") or {}
    if not settled.get("id_cpu_ns"):
        return f"| {os.path.basename(path)} | no step timers (server_counters.settled.id_cpu_ns) | | | | | | |"
    try:
        speed = float(report["environment"]["speed_index_server"])
        ratio = 100 * float(report["metrics"]["delivery_ratio"])
        id_ms = settled["id_cpu_ns"] / settled["published"] / 1e6
        send_us = settled["send_cpu_ns"] / settled["messages_out"] / 1e3
        per_turn = settled["messages_out"] / settled["poll_turns"]
        mode = "aligned" if run_table.aligned(report) else "spread"
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as e:
        raise BadInput(f"{path}: a run file with step timers needs {e}") from None
    at = speed / STEPS_AT_SPEED
    return (f"| {os.path.basename(path)} | {mode} | {ratio:.1f} | {speed / 1e6:.2f} | {id_ms:.2f} | {id_ms * at:.2f} | "
            f"{send_us:.1f} | {send_us * at:.1f} | {per_turn:.1f} |")


OPENS_HEADER = ("run", "mode", "users", "sessions", "messages taken", "TCP connects",
                "beyond the id calls and WebSockets", "a session")


def opens_row(path: str) -> str:
    """One run's TCP connects in its network namespace (tcp_counters: Tcp.ActiveOpens) beyond the replica's id calls
    (a new gRPC channel a message: its messages_in at the load's end) and the load generator's WebSockets
    (ws_sessions): the Redis connections its clients opened (per connection each session's subscription and first
    PUBLISH; per task the shared client's pool growing), besides a handful of the harness' own. The counters' second
    reading comes as the load generator exits, the messages' a moment later: a saturated run's figure is a lower
    bound."""
    report = load_json(path, "a run file")
    try:
        opens = report["tcp_counters"]["increase"]["Tcp.ActiveOpens"]
        taken = report["server_counters"]["at_end"]["messages_in"]
        sessions = report["metrics"]["ws_sessions"]
        setup = report["setup"]
        mode, users = setup["subscription"], setup["users"]
    except (KeyError, TypeError) as e:
        raise BadInput(f"{path}: a run file with tcp_counters and server_counters needs {e}") from None
    beyond = opens - taken - sessions
    per_session = f"{beyond / sessions:.2f}" if sessions else "-"
    return (f"| {os.path.basename(path)} | {mode} | {users} | {sessions} | {taken} | {opens} | {beyond} | "
            f"{per_session} |")


def main(argv: list[str]) -> int:
    usage = __doc__.split("\n\n")[1]
    try:
        if argv[:1] == ["snapshot"]:
            args, wait_idle_s, out = argv[1:], 0.0, None
            while args and args[0].startswith("--"):
                if args[0] == "--wait-idle" and len(args) > 1:
                    try:
                        wait_idle_s = float(args[1])
                    except ValueError:
                        raise BadInput(f"--wait-idle expects seconds, not '{args[1]}'") from None
                elif args[0] == "--out" and len(args) > 1:
                    out = args[1]
                else:
                    raise BadInput(f"unknown option '{args[0]}'\n{usage}")
                args = args[2:]
            if not args or out is None:
                raise BadInput(f"snapshot needs --out FILE and at least one URL\n{usage}")
            data = snapshot(args, wait_idle_s)
            tmp = out + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
            os.replace(tmp, out)
            return 0
        if argv[:1] == ["record"] and len(argv) == 5:
            counters = record(*argv[1:])
            print(f"server counters: at end {counters['at_end']}; settled {counters['settled']}", file=sys.stderr)
            return 0
        if argv[:1] == ["table"] and len(argv) > 1:
            # Every file is read before the first line is printed: a bad file is one error line, not half a table.
            return run_table.main("python-server-counters.py table", "RUN_FILE...", argv[1:], table_row,
                                  TABLE_HEADER, "a run file")
        if argv[:1] == ["steps"] and len(argv) > 1:
            return run_table.main("python-server-counters.py steps", "RUN_FILE...", argv[1:], steps_row,
                                  STEPS_HEADER, "a run file with step timers")
        if argv[:1] == ["opens"] and len(argv) > 1:
            return run_table.main("python-server-counters.py opens", "RUN_FILE...", argv[1:], opens_row,
                                  OPENS_HEADER, "a run file with tcp_counters and server_counters")
        raise BadInput(f"usage:\n{usage}")
    except BadInput as e:
        print(f"python-server-counters.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    outfile.main("python-server-counters.py", main, errors=(BadInput,))
