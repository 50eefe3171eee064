#!/usr/bin/env python3
"""Where a per-connection connect's time goes in the replica (issue 17, session AL): for every run of the folders given
(runs with the replica's joins counters, CHAT_STEP_TIMES on for the PUBLISH wait), the clients' mean ws_connecting
beside the handler's part of it from the replica's server_counters (settled): join_wall_ns / joins (the handler's start
to Redis' SUBSCRIBE confirmation: its own client's connect and SUBSCRIBE), accept_wall_ns / joins (from there to the
upgrade sent), what is left before the handler starts (Uvicorn's accept and the HTTP parse), and publish_wall_ns /
published, a receive loop's wait for its PUBLISH's answer: about a turn of the loop. "turns" is the connect over that
wait: how many of the loop's turns a connect lasts.

    phases.py FOLDER...        # markdown table on stdout, rows by delivered ratio, highest first

Standard library only. Bad input (a missing folder, a folder without run JSONs, a run without the counters) => one
line, exit 2; Ctrl-C => exit 130.
"""
import glob
import json
import os
import signal
import sys


class BadInput(Exception):
    pass


def runs_in(folders):
    runs = []
    for folder in folders:
        if not os.path.isdir(folder):
            raise BadInput(f"{folder}: no such folder")
        paths = sorted(glob.glob(os.path.join(folder, "*.json")))
        if not paths:
            raise BadInput(f"{folder}: no run JSONs")
        for path in paths:
            with open(path) as f:
                try:
                    run = json.load(f)
                except json.JSONDecodeError as e:
                    raise BadInput(f"{path}:{e.lineno}:{e.colno}: not JSON ({e.msg})") from None
            if not isinstance(run, dict):
                raise BadInput(f"{path}:1:1: expected a run (a JSON object)")
            runs.append((path, run))
    return runs


def row(path, run):
    counters = ((run.get("server_counters") or {}).get("settled")) or {}
    joins = counters.get("joins")
    if not joins:
        raise BadInput(f"{path}: no joins in server_counters.settled (a run made before the replica counted them)")
    missing = [k for k in ("join_wall_ns", "accept_wall_ns") if not isinstance(counters.get(k), int)]
    if missing:
        raise BadInput(f"{path}: server_counters.settled has joins but no {' or '.join(missing)}")
    ms = 1e-6 / joins
    join_ms = counters["join_wall_ns"] * ms
    accept_ms = counters["accept_wall_ns"] * ms
    try:
        ratio, connect_ms = run["metrics"]["delivery_ratio"], run["metrics"]["ws_connecting"]["avg"] * 1000
    except (KeyError, TypeError):
        raise BadInput(f"{path}: expected metrics.delivery_ratio and metrics.ws_connecting.avg") from None
    published = counters.get("published") or 0
    wait_ms = counters.get("publish_wall_ns", 0) * 1e-6 / published if published else 0.0
    turns = f"{connect_ms / wait_ms:.1f}" if wait_ms > 0 else "-"
    return (ratio, os.path.basename(path)[:-5], connect_ms, join_ms, accept_ms,
            connect_ms - join_ms - accept_ms, wait_ms, turns)


def main(argv):
    if not argv:
        print("usage: phases.py FOLDER...", file=sys.stderr)
        return 2
    try:
        rows = sorted((row(path, run) for path, run in runs_in(argv)), reverse=True)
    except (BadInput, OSError) as e:
        print(f"phases.py: {e}", file=sys.stderr)
        return 2
    print("| run | delivered % | connect ms (clients) | join ms | accept ms | before the handler ms "
          "| PUBLISH wait ms | connect in PUBLISH waits |")
    print("|---|---|---|---|---|---|---|---|")
    for ratio, name, connect, join, accept, before, wait, turns in rows:
        print(f"| {name} | {100 * ratio:.1f} | {connect:.0f} | {join:.0f} | {accept:.0f} | {before:.0f} "
              f"| {wait:.0f} | {turns} |")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    sys.exit(main(sys.argv[1:]))
