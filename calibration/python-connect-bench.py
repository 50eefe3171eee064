#!/usr/bin/python3
"""CPU cost of the Python replica's connect, close and first message (issue 17; compare handshake_cpu, close_cpu).

    /usr/bin/python3 calibration/python-connect-bench.py [--repeats 5] [--batch 1,50] [--cycles 100]

Starts its own redis-server and id service and the real server.py (src/ReferenceServer) in its waiting form (as
calibration/python-inbound-bench.py does: forwarders wait for Redis data rather than spin, so the server's CPU time
counts only what the connections cost), in each subscription mode. A run opens B WebSockets at once and waits until
every one is open (its upgrade answered, after the server's SUBSCRIBE was confirmed), then closes them at once and
waits until every close handshake is done and the server reports no open connection; it does that --cycles / B times.
The server's CPU (every thread's run time, to the nanosecond) over the connects and over the closes, less its idle
rate times their wall time, divided by the connections, is a connect's and a close's CPU. The close's part after the
client's close completed (the handler's UNSUBSCRIBE, reset and client close) is counted in the close. Then B
connections, each alone in a room of its own, send a first message and then a second, each awaited until its one copy
comes back: their CPU apart (the first PUBLISH of a per-connection client also opens its second Redis connection). The
CPU of the bench's own reads of the server's counters (GET /metrics, timed alone first) is taken off. Prints the load
average before and after, and the client's wall times of a connect and a close.
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


def cpu_seconds(pid: int) -> float:
    """The process' CPU time to the nanosecond: the sum of its threads' run time (/proc/PID/task/*/schedstat; the
    clock ticks of /proc/PID/stat are 10 ms, too coarse for a millisecond's work)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that ended meanwhile
    return total / 1e9


def open_connections(port: int) -> int:
    return int(bench.metrics(port).get("connections", 0))


async def idle_rate(server_pid: int, seconds: float = 2.0) -> float:
    before = cpu_seconds(server_pid)
    await asyncio.sleep(seconds)
    return (cpu_seconds(server_pid) - before) / seconds


async def closes_done(port: int) -> int:
    """Waits until the server holds no connection (its handlers' cleanup done too), at most 30 s; returns how many
    times it read the counters."""
    await asyncio.sleep(0.1)
    reads, deadline = 1, time.monotonic() + 30
    while open_connections(port) > 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        reads += 1
    return reads


def read_cost(port: int, server_pid: int, idle: float, reads: int = 200) -> float:
    """Server CPU seconds one GET /metrics costs (the bench reads the counters to see the closes end)."""
    c0, t0 = cpu_seconds(server_pid), time.perf_counter()
    for _ in range(reads):
        open_connections(port)
    return max(0.0, (cpu_seconds(server_pid) - c0) - idle * (time.perf_counter() - t0)) / reads


async def one_run(port: int, server_pid: int, room: str, batch: int, cycles: int, idle: float,
                  per_read: float) -> dict:
    """CPU seconds per connect and per close, and the client's mean wall times, over cycles // batch batches."""
    import websockets
    url = f"ws://127.0.0.1:{port}/ws/{room}"
    connect_cpu = close_cpu = 0.0
    walls_open: list[float] = []
    walls_close: list[float] = []
    n = 0

    async def dial():
        t0 = time.perf_counter()
        ws = await websockets.connect(url, max_queue=None, ping_interval=None, close_timeout=10)
        walls_open.append(time.perf_counter() - t0)
        return ws

    async def hang_up(ws):
        t0 = time.perf_counter()
        await ws.close()
        walls_close.append(time.perf_counter() - t0)

    for _ in range(max(1, cycles // batch)):
        c0, t0 = cpu_seconds(server_pid), time.perf_counter()
        sockets = await asyncio.gather(*(dial() for _ in range(batch)))
        await asyncio.sleep(0.05)
        c1, t1 = cpu_seconds(server_pid), time.perf_counter()
        await asyncio.gather(*(hang_up(ws) for ws in sockets))
        reads = await closes_done(port)
        c2, t2 = cpu_seconds(server_pid), time.perf_counter()
        connect_cpu += (c1 - c0) - idle * (t1 - t0)
        close_cpu += (c2 - c1) - idle * (t2 - t1) - reads * per_read
        n += batch
    return {"connect": connect_cpu / n, "close": close_cpu / n, "connect wall": statistics.mean(walls_open),
            "close wall": statistics.mean(walls_close)}


async def messages_run(port: int, server_pid: int, room: str, batch: int, cycles: int, idle: float) -> dict:
    """CPU seconds of a connection's first message and of its second, each connection alone in its room (one copy a
    message: its own): the first PUBLISH of a per-connection client opens that client's second Redis connection."""
    import websockets
    first = second = 0.0
    n = 0

    async def message(ws, text: str) -> None:
        await ws.send(text)
        while await ws.recv() != text:
            pass

    for c in range(max(1, cycles // batch)):
        sockets = [await websockets.connect(f"ws://127.0.0.1:{port}/ws/{room}-{c}-{i}", max_queue=None,
                                            ping_interval=None, close_timeout=10) for i in range(batch)]
        await asyncio.sleep(0.1)
        spent = []
        for k in (1, 2):
            c0, t0 = cpu_seconds(server_pid), time.perf_counter()
            await asyncio.gather(*(message(ws, f"bench message {k} " + "x" * 60) for ws in sockets))
            await asyncio.sleep(0.05)
            spent.append((cpu_seconds(server_pid) - c0) - idle * (time.perf_counter() - t0))
        first += spent[0]
        second += spent[1]
        n += batch
        await asyncio.gather(*(ws.close() for ws in sockets))
        await closes_done(port)
    return {"first message": first / n, "second message": second / n}


def spread(values: list[float]) -> str:
    mean = statistics.mean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"mean {mean * 1e3:7.3f} ms  sd {sd * 1e3:6.3f}  min {min(values) * 1e3:7.3f}  max {max(values) * 1e3:7.3f}"


def parse(argv: list[str]):
    repeats, batches, cycles = 5, [1, 50], 100
    args = list(argv)
    while args:
        flag = args.pop(0)
        if flag in ("--repeats", "--batch", "--cycles") and args:
            value = args.pop(0)
            try:
                if flag == "--batch":
                    batches = [int(v) for v in value.split(",")]
                elif flag == "--repeats":
                    repeats = int(value)
                else:
                    cycles = int(value)
            except ValueError:
                raise ValueError(f"{flag} expects integers, not '{value}'") from None
            if min([repeats, cycles, *batches]) < 1:
                raise ValueError(f"{flag} expects integers of at least 1, not '{value}'")
        else:
            raise ValueError("usage: " + __doc__.split("\n\n")[1].strip())
    return repeats, batches, cycles


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        return bench.serve(argv[1:])
    try:
        repeats, batches, cycles = parse(argv)
    except ValueError as e:
        print(f"python-connect-bench.py: {e}", file=sys.stderr)
        return 2
    load_before = open("/proc/loadavg").read().split()[:3]
    with bench.bench_services("connect-bench-") as services:
        results: dict[str, list[float]] = {}
        for mode in ("per-connection", "per-task"):
            server, port = services.start(mode)
            idle = asyncio.run(idle_rate(server.pid))
            per_read = read_cost(port, server.pid, idle)
            asyncio.run(one_run(port, server.pid, "warm", 10, 50, idle, per_read))
            for r in range(repeats):
                for b in batches:
                    got = asyncio.run(one_run(port, server.pid, f"r{r}b{b}", b, cycles, idle, per_read))
                    got |= asyncio.run(messages_run(port, server.pid, f"m{r}b{b}", b, cycles, idle))
                    for part, value in got.items():
                        results.setdefault(f"{mode} B={b} {part}", []).append(value)
                    print(f"  {mode} B={b} repeat {r + 1}: connect {got['connect'] * 1e3:.3f} ms, close "
                          f"{got['close'] * 1e3:.3f} ms, first message {got['first message'] * 1e3:.3f} ms, "
                          f"second {got['second message'] * 1e3:.3f} ms CPU", file=sys.stderr)
            print(f"  {mode}: idle {idle * 1e3:.2f} ms CPU a second, a counters read {per_read * 1e3:.2f} ms",
                  file=sys.stderr)
            server.terminate()
            server.wait(timeout=15)
        print(f"server CPU (and client wall) per connection, {cycles} connections a run (at least one batch), "
              f"{repeats} repeats; "
              f"load average before {' '.join(load_before)}, after "
              f"{' '.join(open('/proc/loadavg').read().split()[:3])}:")
        for name, values in results.items():
            print(f"  {name:36s} {spread(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(bench.run_interruptible(main, sys.argv[1:], "python-connect-bench.py"))
