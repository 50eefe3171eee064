#!/usr/bin/env python3
"""Reads the replica's --timeline-dir files (src/ReferenceServer/timeline.py): in what order its loop took a run's
inbound messages, forwarded copies and closed sessions (issue 17, session AN).

    python3 calibration/python-timeline.py [--gap 0.15] [--close-gap 1] [--interval 1] [--run RUN.json] [--seconds K]
                                           TIMELINE.txt...

A run made with `SERVER_ENV="CHAT_TIMELINE_DIR=DIR" calibration/run-local ...` leaves one file per server in DIR.
The measured load starts after the harness' warm-up: the first line after the last silence of 3 s or more (none: the
first line). Times are seconds from there. For each file:
  - inbound clusters: messages taken with less than --gap seconds between them are one cluster (with aligned sends,
    about one send tick a cluster); for each, the copies the process read from Redis (forwarded) while it ran and
    since the cluster before: copies read within a cluster are forwarding interleaved with the inbound path;
  - turns to the inbound path: inbound messages taken after copies were read since the message before (the loop
    went from forwarding back to messages), and how many a second; the model counts the same as its run's
    environment.inbound_after_copies (fanoutsim run --json);
  - session ends: disconnects less than --close-gap seconds apart are one; for each, the next join (the sessions
    after it), and from its first disconnect to that join the inbound messages taken (a backlog worked off while the
    clients were leaving) and the copies read meanwhile;
  - the inbound path's pace (session AP): for each session (a user's join to its disconnect) with two messages or
    more, how far its handler fell behind a client sending every --interval seconds between its first message taken
    and its last ((last - first) - (messages - 1) x interval), by round (the sessions in join order, split into --run's
    sessions per user, 2 without it);
  - with --run (the run's JSON; its file may hold several servers, each its own timeline): the load's end, taken as
    the first join plus the load's duration_seconds, and the inbound messages taken after it (a backlog the clients
    never waited for; the model counts those it had not taken when its run ended as
    environment.inbound_pending_at_end);
  - with --seconds K: the load's first K seconds one by one: joins, inbound messages taken, PUBLISHes answered (the
    replica's `published` lines, since session AP), what the process read from Redis (per task a message once, per
    connection a copy for each subscriber) and the copies it wrote, each counted between the first and the last line
    in that second.
"""
import argparse
import json
import os
import statistics
import sys
from typing import NamedTuple

SILENCE_S = 3.0


class Event(NamedTuple):
    t: float
    kind: str
    user: str
    copies: int
    written: int


def usage_error(message: str) -> None:
    print(f"python-timeline.py: {message}", file=sys.stderr)
    sys.exit(2)


def read_events(path: str) -> list[Event]:
    events = []
    try:
        with open(path) as f:
            for number, line in enumerate(f, 1):
                fields = line.split()
                if len(fields) != 5:
                    usage_error(f"{path}:{number}: expected 'SECONDS EVENT USER COPIES_READ COPIES_WRITTEN', "
                                f"not '{line.rstrip()}'")
                try:
                    events.append(Event(float(fields[0]), fields[1], fields[2], int(fields[3]), int(fields[4])))
                except ValueError:
                    usage_error(f"{path}:{number}: SECONDS is a number and the counts whole numbers, "
                                f"not '{line.rstrip()}'")
    except OSError as e:
        usage_error(f"{path}: {e.strerror}")
    if not events:
        usage_error(f"{path}: no events")
    return events


def measured(events: list[Event]) -> tuple[list[Event], float]:
    """The events after the last silence of SILENCE_S or more, and that silence (0: none)."""
    start, silence = 0, 0.0
    for i in range(1, len(events)):
        if events[i].t - events[i - 1].t >= SILENCE_S:
            start, silence = i, events[i].t - events[i - 1].t
    return events[start:], silence


def clusters(events: list[Event], kind: str, gap: float) -> list[list[Event]]:
    groups: list[list[Event]] = []
    for e in (e for e in events if e.kind == kind):
        if groups and e.t - groups[-1][-1].t <= gap:
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


class Run(NamedTuple):
    duration: float
    sessions: int


def read_run(path: str) -> Run:
    try:
        with open(path) as f:
            run = json.load(f)
        return Run(float(run["metrics"]["duration_seconds"]), int(run["setup"]["sessions"]))
    except OSError as e:
        usage_error(f"{path}: {e.strerror}")
    except json.JSONDecodeError as e:
        usage_error(f"{path}:{e.lineno}:{e.colno}: not JSON ({e.msg})")
    except (KeyError, TypeError, ValueError):
        usage_error(f"{path}: expected a run file with metrics.duration_seconds and setup.sessions")
    raise AssertionError("unreachable")


def lag_growth(events: list[Event], interval: float) -> list[tuple[float, float]]:
    """Per session with two messages or more, in join order: (its join, how far its handler fell behind)."""
    joined: dict[str, float] = {}
    taken: dict[str, list[float]] = {}
    for e in events:
        if e.kind == "join":
            joined.setdefault(e.user, e.t)
        elif e.kind == "inbound":
            taken.setdefault(e.user, []).append(e.t)
    return sorted((joined.get(user, times[0]), (times[-1] - times[0]) - (len(times) - 1) * interval)
                  for user, times in taken.items() if len(times) >= 2)


def report_pace(events: list[Event], interval: float, run: Run | None) -> None:
    growth = lag_growth(events, interval)
    rounds = run.sessions if run else 2
    if growth:
        size = -(-len(growth) // rounds)
        parts = [growth[i:i + size] for i in range(0, len(growth), size)]
        by_round = ", ".join(f"round {i + 1} {statistics.mean(g for _, g in part):.2f} s ({len(part)})"
                             for i, part in enumerate(parts))
        print(f"  inbound lag growth a session (first to last message taken, beyond one every {interval:g} s): "
              f"{statistics.mean(g for _, g in growth):.2f} s over {len(growth)} sessions; {by_round}")
    if run:
        first_join = next((e.t for e in events if e.kind == "join"), events[0].t)
        end = first_join + run.duration
        inbound = [e for e in events if e.kind == "inbound"]
        late = sum(1 for e in inbound if e.t > end)
        share = f" ({100 * late / len(inbound):.1f} %)" if inbound else ""
        print(f"  the load's end at {end - events[0].t:.2f} s (first join + {run.duration:.2f} s): inbound messages "
              f"taken after it {late} of {len(inbound)}{share}")


def report_seconds(events: list[Event], seconds: int) -> None:
    print("  the first seconds: second, joins, inbound taken, PUBLISHes answered, read from Redis, copies written")
    t0 = events[0].t
    for second in range(seconds):
        inside = [i for i, e in enumerate(events) if second <= e.t - t0 < second + 1]
        if not inside:
            print(f"    {second:3d} {0:5d} {0:5d} {0:5d} {0:7d} {0:7d}")
            continue
        first, last = inside[0], inside[-1]
        before = first - 1 if first else first
        print(f"    {second:3d} {sum(1 for i in inside if events[i].kind == 'join'):5d} "
              f"{sum(1 for i in inside if events[i].kind == 'inbound'):5d} "
              f"{sum(1 for i in inside if events[i].kind == 'published'):5d} "
              f"{events[last].copies - events[before].copies:7d} {events[last].written - events[before].written:7d}")


def report(path: str, gap: float, close_gap: float, interval: float = 1.0, run: Run | None = None,
           seconds: int = 0) -> None:
    events, silence = measured(read_events(path))
    t0 = events[0].t
    copies = events[-1].copies - events[0].copies
    after = f" (after a silence of {silence:.1f} s)" if silence else ""
    print(f"{path}: {len(events)} events over {events[-1].t - t0:.2f} s{after}; copies read from Redis {copies}")
    inbound = clusters(events, "inbound", gap)
    within_total = 0
    print(f"  inbound clusters (messages less than {gap} s apart): start, end, messages, copies read within, "
          "copies read since the cluster before")
    previous = events[0].copies
    for group in inbound:
        within = group[-1].copies - group[0].copies
        within_total += within
        print(f"    {group[0].t - t0:7.2f} {group[-1].t - t0:7.2f} {len(group):5d} {within:7d} "
              f"{group[0].copies - previous:7d}")
        previous = group[-1].copies
    if copies > 0:
        print(f"  copies read while an inbound cluster ran: {within_total} of {copies} "
              f"({100 * within_total / copies:.1f} %)")
    taken = [e for e in events if e.kind == "inbound"]
    turns = sum(1 for a, b in zip(taken, taken[1:]) if b.copies > a.copies)
    span = taken[-1].t - taken[0].t if taken else 0.0
    rate = f" ({turns / span:.1f} a second)" if span > 0 else ""
    print(f"  inbound messages taken after copies were read since the message before: {turns} of {len(taken)}"
          f"{rate}")
    print(f"  session ends (disconnects less than {close_gap} s apart): first, last, disconnects, next join, "
          "inbound taken and copies read from the first disconnect to that join (or the last disconnect)")
    for group in clusters(events, "disconnect", close_gap):
        first, last = group[0], group[-1]
        join = next((e for e in events if e.kind == "join" and e.t >= first.t), None)
        until = join or last
        backlog = sum(1 for e in events if e.kind == "inbound" and first.t <= e.t <= until.t)
        next_join = f"{join.t - t0:7.2f}" if join else "      -"
        print(f"    {first.t - t0:7.2f} {last.t - t0:7.2f} {len(group):5d} {next_join} {backlog:5d} "
              f"{until.copies - first.copies:7d}")
    report_pace(events, interval, run)
    if seconds:
        report_seconds(events, seconds)


USAGE = ("usage: python-timeline.py [--gap SECONDS] [--close-gap SECONDS] [--interval SECONDS] [--run RUN.json] "
         "[--seconds K] TIMELINE.txt...")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own is two lines; one is enough
        usage_error(f"{message}; {USAGE}")


def main(argv: list[str]) -> int:
    parser = Parser(prog="python-timeline.py")
    parser.add_argument("--gap", type=float, default=0.15)
    parser.add_argument("--close-gap", type=float, default=1.0)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--run")
    parser.add_argument("--seconds", type=int, default=0)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    if not args.files:
        usage_error(USAGE)
    if not args.gap > 0 or not args.close_gap > 0 or not args.interval > 0 or args.seconds < 0:
        usage_error("--gap, --close-gap and --interval are positive numbers of seconds, --seconds a count from 0")
    run = read_run(args.run) if args.run else None
    for path in args.files:
        report(path, args.gap, args.close_gap, args.interval, run, args.seconds)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("python-timeline.py: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (| head): nothing left to say; stdout is pointed at /dev/null so the exit does not
        # raise again while flushing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
