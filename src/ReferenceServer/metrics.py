"""Process-wide counters, named as the C# server's /metrics names them (fanoutsim load reads "dropped")."""
import gc
import os
import platform
import time
from dataclasses import asdict, dataclass

# fanoutsim load's send stamp (src/LoadGen/LatencyStamp.cs): the five characters of a message's "text", 30 bits of
# 10-microsecond units since the load generator's start in a base-64 alphabet.
_STAMP_KEY = '"text":"'
_STAMP_LENGTH = 5
_STAMP_UNIT_S = 10e-6
_STAMP_DIGITS = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}
# The most publish lags kept (a list slot and a float object each, about 32 bytes): hours of a saturated replica's
# publishes.
PUBLISH_LAGS_KEPT = 500_000


@dataclass
class Metrics:
    # Plain ints: everything runs on the one event-loop thread.
    connections: int = 0
    # The inbound path, step by step: text messages taken from clients, PUBLISHed, and (none of these counted in
    # messages_in) text read after this server began closing the socket, which is not published.
    messages_in: int = 0
    published: int = 0
    ignored_while_closing: int = 0
    # The outbound path: envelopes read from Redis subscriptions (one per subscriber connection, or per task and room
    # in per-task mode), copies written to sockets, and writes that failed (the socket was gone).
    copies_from_redis: int = 0
    messages_out: int = 0
    send_failures: int = 0
    dropped: int = 0
    # Per-task mode: the times a member's writer found its queue empty and waited for a copy, so messages_out over it
    # is how many copies a writer's turn sent (a saturated writer drains its backlog without yielding).
    writer_waits: int = 0
    # Where a saturated task's quota goes besides messages and copies: get_message() calls that found nothing (the busy
    # poll, every subscriber's), and the garbage collector's runs, full ones (generation 2) and the process CPU they
    # took in nanoseconds (counted once watch_gc() was called).
    empty_polls: int = 0
    # Subscribers' turns: a poll that brought a message after one that found nothing, so copies_from_redis over it
    # is how many copies a subscriber's turn read (per connection, its forwarder's turn; per task, the room reader's).
    poll_turns: int = 0
    # Send bursts: the loop steps in which a connection's forwarder wrote at least one copy, so messages_out over it is
    # how many copies a socket took back to back (the kernel coalesces those into fewer TCP segments). Unlike
    # writer_waits and poll_turns it needs nothing to run dry, so it holds while a saturated forwarder never waits.
    send_bursts: int = 0
    # Per task, the bursts that ended with copies still in the member's queue: its writer yielded with work left (a
    # send that waited), rather than running dry.
    bursts_with_copies_left: int = 0
    gc_collections: int = 0
    gc_full_collections: int = 0
    gc_cpu_ns: int = 0
    # With --step-times, the event loop thread's CPU (user and kernel, nanoseconds) in the steps that never yield: the
    # blocking id call, the blocking persistence enqueue, a copy's send that did not wait (sends_waited counts those
    # that did: a socket over its buffer limit or a close under way, their clocks counting other steps' CPU) and, per
    # task, the reader's hand-out of a copy to every member's queue. 0 without it.
    id_cpu_ns: int = 0
    persist_cpu_ns: int = 0
    # ... and the wall time those two blocking calls held the loop (the id service and Redis answer meanwhile).
    id_wall_ns: int = 0
    persist_wall_ns: int = 0
    # ... and the wall time a receive loop waited for its PUBLISH's answer, a yield: the loop runs every other ready
    # step before it comes back, so this is how long a round of the loop kept a connection's next message waiting.
    publish_wall_ns: int = 0
    send_cpu_ns: int = 0
    sends_waited: int = 0
    fanout_cpu_ns: int = 0
    oversized_rejected: int = 0
    binary_rejected: int = 0
    connections_rejected: int = 0
    publish_errors: int = 0
    id_errors: int = 0
    persistence_errors: int = 0
    # Messages published whose text carried the load generator's send stamp: each one's raw lag is kept in
    # publish_lag_raw (GET /metrics/publish-lags), the monotonic clock when its PUBLISH was answered less the stamp.
    # Both count on the machine's CLOCK_MONOTONIC but the stamp from the load generator's start, so a run's lags are
    # its raw values less their smallest (its first publishes, on a server with nothing queued).
    publish_lags: int = 0
    # The app's part of a connect, on the wall clock in nanoseconds (always counted: three clock reads a connect):
    # joins is the connects that subscribed, join_wall_ns their time from the handler's start to Redis' confirmation
    # (its own client's connect and SUBSCRIBE in per-connection mode) and accept_wall_ns from there to the upgrade
    # sent. Each await in them that suspends waits for a turn of the loop, so under load they say how many turns a
    # connect takes; the client's whole connect less these is Uvicorn's accept and parse before the handler starts.
    joins: int = 0
    join_wall_ns: int = 0
    accept_wall_ns: int = 0

    # The clocks of the step timers: None (no timing, the default), or the thread's CPU clock and the wall clock.
    step_clock = None
    wall_clock = None

    def __post_init__(self) -> None:
        # Not a field: the snapshot (asdict) stays counters; the lags are served on their own.
        self.publish_lag_raw: list[float] = []

    def record_publish_lag(self, text: str) -> None:
        """Keeps the raw lag of a published message whose text carries a send stamp (one without is skipped)."""
        at = text.find(_STAMP_KEY)
        if at < 0 or len(self.publish_lag_raw) >= PUBLISH_LAGS_KEPT:
            return
        at += len(_STAMP_KEY)
        stamp = text[at:at + _STAMP_LENGTH]
        if len(stamp) < _STAMP_LENGTH:
            return
        units = 0
        for digit in stamp:
            value = _STAMP_DIGITS.get(digit)
            if value is None:
                return
            units = units * 64 + value
        self.publish_lag_raw.append(time.monotonic() - units * _STAMP_UNIT_S)
        self.publish_lags += 1

    def time_steps(self) -> None:
        """Times the steps that never yield (id_cpu_ns and the others) with the thread's CPU clock (a system call
        each side, about a microsecond a step; off by default so as not to add it to every copy)."""
        self.step_clock = time.thread_time_ns
        self.wall_clock = time.perf_counter_ns

    def blocking_started(self):
        """A blocking call's start for blocking_spent: the CPU and wall clocks now, or None when steps are not timed."""
        return (self.step_clock(), self.wall_clock()) if self.step_clock else None

    def blocking_spent(self, started) -> tuple[int, int]:
        """The CPU and the wall nanoseconds since blocking_started gave started."""
        return self.step_clock() - started[0], self.wall_clock() - started[1]

    def watch_gc(self) -> None:
        """Counts each collection and the process CPU it took (a gc callback at its start and stop; process time is
        the whole process', so another thread running meanwhile counts too, as the quota counts it)."""
        clock = time.process_time_ns
        started = 0

        def on_gc(phase: str, info: dict) -> None:
            nonlocal started
            if phase == "start":
                started = clock()
                return
            self.gc_cpu_ns += clock() - started
            self.gc_collections += 1
            if info["generation"] == 2:
                self.gc_full_collections += 1

        gc.callbacks.append(on_gc)

    def snapshot(self, redis_connected: bool, mode: str, instance_id: str) -> dict:
        return asdict(self) | {
            "redis_connected": redis_connected,
            # redis-py reconnects inside each call; a lost subscriber connection ends its WebSocket instead.
            "redis_reconnects": 0,
            "subscription_mode": mode,
            "instance_id": instance_id,
            "processor_count": os.cpu_count(),
            "runtime": f"{platform.python_implementation()} {platform.python_version()} asyncio",
        }
