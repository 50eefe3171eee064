#!/usr/bin/python3
"""CPU cost of a copy in the Python replica against the copies one wake-up carries (issue 17; compare delivery_cpu,
per_task_turn_cpu, forward_turn_cpu and the profile's copies_per_wake_up fields).

    /usr/bin/python3 calibration/python-batch-bench.py [--repeats 3] [--members 40] [--batches 1,4,16,64]
                                                       [--copies 16000]

The same child as calibration/python-inbound-bench.py (its own redis-server and id service, the real server.py whose
forwarders wait for Redis data instead of spinning), but no inbound path: this process PUBLISHes b envelopes to the
room's channel in one pipeline (one socket write, so they reach the server's Redis sockets together), waits until
every one of the K members has received all b, and repeats. Per connection each member's own subscription then
finds b messages buffered when its poll wakes; per task the room's one reader puts b copies on every member's queue
before the members run. The server's CPU over the rounds (utime + stime, every thread), less what it spends idle over
the same wall time (the forwarders' 0.5 s wait timeouts), divided by the copies written, is the cost of a copy at b
copies per wake-up; times b, the cost of a wake-up with its b copies. Fitting cost per copy = c + w / b over the b
given separates the part every copy pays (c) from the part a wake-up pays once (w). Prints the load average before
and after: on a shared machine every figure is inflated by contention.
"""
import asyncio
import importlib.util
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("inbound_bench", os.path.join(HERE, "python-inbound-bench.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
sys.path.insert(0, bench.REPLICA)
import envelope  # noqa: E402  (the replica's own encoder, so content_of accepts what is published)

IDLE_SECONDS = 2.0


async def one_point(port: int, server_pid: int, redis_port: int, room: str, members: int, batch: int,
                    copies: int) -> tuple[float, float]:
    """Server CPU seconds per written copy at `batch` copies per wake-up, and the idle CPU rate subtracted."""
    import redis.asyncio as aioredis
    import websockets
    url = f"ws://127.0.0.1:{port}/ws/{room}"
    readers = [await websockets.connect(url, max_queue=None, ping_interval=None, close_timeout=1)
               for _ in range(members)]
    publisher = aioredis.Redis(port=redis_port)
    channel = envelope.channel_for(room)
    payloads = [envelope.encode(1000 + i, "bench", f"bench copy {i:04d} " + "x" * 60, room) for i in range(batch)]
    rounds = max(1, copies // (batch * members))
    await asyncio.sleep(0.3)
    idle_before, idle_t0 = bench.cpu_seconds(server_pid), time.monotonic()
    await asyncio.sleep(IDLE_SECONDS)
    idle_rate = (bench.cpu_seconds(server_pid) - idle_before) / (time.monotonic() - idle_t0)

    async def take(ws) -> None:
        for _ in range(batch):
            await ws.recv()

    before, t0 = bench.cpu_seconds(server_pid), time.monotonic()
    for _ in range(rounds):
        waiting = [asyncio.ensure_future(take(ws)) for ws in readers]
        pipe = publisher.pipeline(transaction=False)
        for payload in payloads:
            pipe.publish(channel, payload)
        await pipe.execute()
        await asyncio.wait_for(asyncio.gather(*waiting), timeout=120)
    used = bench.cpu_seconds(server_pid) - before - idle_rate * (time.monotonic() - t0)
    for ws in readers:
        await ws.close()
    await publisher.close()
    await asyncio.sleep(0.5)
    return used / (rounds * batch * members), idle_rate


def fit(batches: list[int], per_copy: list[float]) -> tuple[float, float]:
    """Least squares of per copy = c + w / b: (c, w)."""
    xs = [1.0 / b for b in batches]
    mx, my = statistics.mean(xs), statistics.mean(per_copy)
    sxx = sum((x - mx) ** 2 for x in xs)
    w = sum((x - mx) * (y - my) for x, y in zip(xs, per_copy)) / sxx
    return my - w * mx, w


def spread(values: list[float]) -> str:
    mean = statistics.mean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean * 1e6:8.2f} us  sd {sd * 1e6:6.2f}  min {min(values) * 1e6:8.2f}  max {max(values) * 1e6:8.2f}"


def parse(argv: list[str]) -> tuple[int, int, list[int], int] | str:
    repeats, members, batches, copies = 3, 40, [1, 4, 16, 64], 16000
    args = list(argv)
    while args:
        flag = args.pop(0)
        if flag not in ("--repeats", "--members", "--batches", "--copies") or not args:
            return __doc__.split("\n\n")[1]
        value = args.pop(0)
        try:
            numbers = [int(v) for v in value.split(",")]
        except ValueError:
            return f"python-batch-bench.py: {flag} expects integers, not '{value}'"
        if any(n < 1 for n in numbers) or (flag != "--batches" and len(numbers) != 1):
            expected = "positive integers" if flag == "--batches" else "one positive integer"
            return f"python-batch-bench.py: {flag} expects {expected}, not '{value}'"
        if flag == "--batches":
            batches = numbers
        elif flag == "--repeats":
            repeats = numbers[0]
        elif flag == "--members":
            members = numbers[0]
        else:
            copies = numbers[0]
    if len(batches) < 2:
        return "python-batch-bench.py: --batches needs at least two sizes to separate the per-wake-up part"
    return repeats, members, batches, copies


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        return bench.serve(argv[1:])
    parsed = parse(argv)
    if isinstance(parsed, str):
        print(parsed, file=sys.stderr)
        return 2
    repeats, members, batches, copies = parsed
    load_before = open("/proc/loadavg").read().split()[:3]
    with bench.bench_services("batch-bench-") as services:
        redis_port = services.redis_port
        results: dict[tuple[str, int], list[float]] = {}
        idle: dict[str, list[float]] = {}
        for mode in ("per-connection", "per-task"):
            server, port = services.start(mode)
            asyncio.run(one_point(port, server.pid, redis_port, "warm", 4, 4, 400))
            for r in range(repeats):
                for b in batches:
                    cost, rate = asyncio.run(one_point(port, server.pid, redis_port, f"r{r}b{b}", members, b, copies))
                    results.setdefault((mode, b), []).append(cost)
                    idle.setdefault(mode, []).append(rate)
                    print(f"  {mode} b={b} repeat {r + 1}: {cost * 1e6:.2f} us/copy", file=sys.stderr)
            counters = bench.metrics(port)
            print(f"{mode}: server counters after the runs: copies_from_redis {counters['copies_from_redis']}, "
                  f"messages_out {counters['messages_out']}, dropped {counters['dropped']}, send_failures "
                  f"{counters['send_failures']}")
            server.terminate()
            server.wait(timeout=15)
        print(f"server CPU per written copy against copies per wake-up b ({members} members, ~{copies} copies a "
              f"point, {repeats} repeats; idle CPU subtracted; load average before {' '.join(load_before)}):")
        for mode in ("per-connection", "per-task"):
            print(f"  {mode}: idle CPU {statistics.mean(idle[mode]) * 100:.2f} % of a core (subtracted)")
            for b in batches:
                values = results[(mode, b)]
                print(f"  {mode:14s} b={b:<3d} per copy {spread(values)}   per wake-up "
                      f"{statistics.mean(values) * b * 1e6:9.1f} us")
            fits = [fit(batches, [results[(mode, b)][r] for b in batches]) for r in range(repeats)]
            print(f"  {mode:14s} fit per copy = c + w / b: c {spread([f[0] for f in fits])}")
            print(f"  {mode:14s}                          w {spread([f[1] for f in fits])}")
        print(f"load average after: {' '.join(open('/proc/loadavg').read().split()[:3])}")
        return 0


if __name__ == "__main__":
    sys.exit(bench.run_interruptible(main, sys.argv[1:], "python-batch-bench.py"))
