#!/usr/bin/python3
"""CPU cost of the Python replica's inbound path (receive -> id call -> envelope -> PUBLISH -> job) and of a copy,
measured CPU-bound without the busy poll (issue 17; compare inbound_cpu, delivery_cpu, forward_turn_cpu).

    /usr/bin/python3 calibration/python-inbound-bench.py [--repeats 5] [--messages 1500] [--members 0,20]

Starts its own redis-server and id service on free 127.0.0.1 ports and the real server.py (src/ReferenceServer) in a
child process whose forwarders wait for Redis data (get_message(timeout=0.5)) instead of spinning on
get_message(timeout=0): the same code path per message, without the polls that take every spare cycle, so the
server's CPU time counts only what the messages cost. One client sends M messages back to back on one socket while
K more members of the room only read; the server's CPU (utime + stime of its process, every thread: gRPC's too)
over the M messages, divided by M, is the cost of one inbound message and its 1 + K copies. Fitting cost = a + b (1
+ K) over the K given separates the inbound cost a from the per-copy cost b. Then the inbound path's parts, timed
in this process with time.process_time(): the id call (a new gRPC channel per call, as the replica makes it), the
envelope, the async PUBLISH, the blocking persistence PUBLISH. Prints the load average before and after.
"""
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Callable, NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPLICA = os.path.join(HERE, "..", "src", "ReferenceServer")
TICK = os.sysconf("SC_CLK_TCK")


def serve(argv: list[str]) -> int:
    """The child: server.py with forwarders that wait for data rather than spin (see the module's doc)."""
    sys.path.insert(0, REPLICA)
    import server
    import subscriptions

    subscriptions.POLL_TIMEOUT = 0.5
    return server.main(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def wait_for(check, what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds} s")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def run_interruptible(main, argv: list[str], name: str) -> int:
    """main(argv), but Ctrl-C or a SIGTERM stops it with one line and exit 130: the benches print to stdout and write
    no file, and bench_services' cleanup stops their servers on the way out (a SIGTERM would otherwise end the
    process without it and leave them running)."""
    if argv[:1] == ["--serve"]:
        return main(argv)  # the server child: Uvicorn handles its own signals

    def on_term(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        return main(argv)
    except KeyboardInterrupt:
        print(f"{name}: interrupted; its redis-server, id service and servers stopped", file=sys.stderr)
        return 130


class Services(NamedTuple):
    redis_port: int
    id_port: int
    start: Callable[[str], tuple[subprocess.Popen, int]]


@contextlib.contextmanager
def bench_services(prefix: str):
    """Its own redis-server and id service on free 127.0.0.1 ports, and start(mode) -> (server process, port), which
    starts the waiting server.py of `serve` in that subscription mode on them. Every child is stopped and the
    scratch folder removed on the way out, whatever happened."""
    redis_port, id_port = free_port(), free_port()
    children = []
    scratch = tempfile.mkdtemp(prefix=prefix)

    def start(mode: str):
        port = free_port()
        server = subprocess.Popen([sys.executable, os.path.join(HERE, "python-inbound-bench.py"), "--serve", "--port",
                                   str(port), "--redis", f"127.0.0.1:{redis_port}", "--id-service",
                                   f"127.0.0.1:{id_port}", "--subscription", mode, "--instance-id", "bench",
                                   "--outbound-queue", "100000"])
        children.append(server)
        wait_for(lambda: metrics(port)["redis_connected"], f"server.py ({mode})")
        return server, port

    try:
        children.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--save", "", "--appendonly",
                                          "no", "--dir", scratch], stdout=subprocess.DEVNULL))
        children.append(subprocess.Popen([sys.executable, os.path.join(REPLICA, "id_service.py"), "--port",
                                          str(id_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(lambda: port_open(redis_port) and port_open(id_port), "redis-server and the id service")
        yield Services(redis_port, id_port, start)
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        subprocess.run(["rm", "-rf", scratch], check=False)


def metrics(port: int) -> dict:
    import json
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        return json.loads(r.read())


async def one_run(port: int, server_pid: int, room: str, messages: int, members: int) -> float:
    """Server CPU seconds per message: one sender, `members` readers, every copy awaited."""
    import websockets
    url = f"ws://127.0.0.1:{port}/ws/{room}"
    sender = await websockets.connect(url, max_queue=None, ping_interval=None, close_timeout=1)
    readers = [await websockets.connect(url, max_queue=None, ping_interval=None, close_timeout=1)
               for _ in range(members)]

    async def drain(ws) -> None:
        for _ in range(messages):
            await ws.recv()

    await asyncio.sleep(0.3)
    before = cpu_seconds(server_pid)
    waiting = [asyncio.create_task(drain(ws)) for ws in [sender, *readers]]
    for i in range(messages):
        await sender.send(f"bench message {i:06d} " + "x" * 60)
    await asyncio.wait_for(asyncio.gather(*waiting), timeout=600)
    after = cpu_seconds(server_pid)
    for ws in [sender, *readers]:
        await ws.close()
    await asyncio.sleep(0.5)
    return (after - before) / messages


def parts(redis_port: int, id_port: int, rounds: int) -> dict:
    """Per call, in this process: the inbound path's steps as session.py makes them."""
    sys.path.insert(0, REPLICA)
    import envelope
    import id_client
    import redis
    import redis.asyncio as aioredis

    def timed(fn, n=rounds) -> float:
        fn()
        t0 = time.process_time()
        for _ in range(n):
            fn()
        return (time.process_time() - t0) / n

    target = f"127.0.0.1:{id_port}"
    blocking = redis.Redis(port=redis_port)
    result = {
        "id call (new gRPC channel)": timed(lambda: id_client.next_id(target, 5.0)),
        "envelope": timed(lambda: envelope.encode(123456789, "task1-1", "bench message " + "x" * 60, "bench"),
                          rounds * 20),
        "persistence PUBLISH (blocking)": timed(lambda: blocking.publish("bench_persist", "x" * 150)),
    }

    async def async_publish() -> float:
        client = aioredis.Redis(port=redis_port)
        await client.publish("bench_broadcast", "x" * 150)
        t0 = time.process_time()
        for _ in range(rounds):
            await client.publish("bench_broadcast", "x" * 150)
        cost = (time.process_time() - t0) / rounds
        await client.close()
        return cost

    result["async PUBLISH (redis.asyncio)"] = asyncio.run(async_publish())
    return result


def spread(values: list[float]) -> str:
    mean = statistics.mean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return (f"mean {mean * 1e6:8.1f} us  sd {sd * 1e6:6.1f}  min {min(values) * 1e6:8.1f}  "
            f"max {max(values) * 1e6:8.1f}  (n={len(values)})")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        return serve(argv[1:])
    repeats, messages, members = 5, 1500, [0, 20]
    args = list(argv)
    while args:
        flag = args.pop(0)
        if flag in ("--repeats", "--messages", "--members") and args:
            value = args.pop(0)
            try:
                if flag == "--members":
                    members = [int(v) for v in value.split(",")]
                elif flag == "--repeats":
                    repeats = int(value)
                else:
                    messages = int(value)
            except ValueError:
                print(f"python-inbound-bench.py: {flag} expects integers, not '{value}'", file=sys.stderr)
                return 2
        else:
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
    load_before = open("/proc/loadavg").read().split()[:3]
    with bench_services("inbound-bench-") as services:
        results: dict[str, list[float]] = {}
        for mode in ("per-connection", "per-task"):
            server, port = services.start(mode)
            asyncio.run(one_run(port, server.pid, "warm", 200, 2))
            for r in range(repeats):
                for k in members:
                    cost = asyncio.run(one_run(port, server.pid, f"r{r}k{k}", messages, k))
                    results.setdefault(f"{mode} K={k}", []).append(cost)
                    print(f"  {mode} K={k} repeat {r + 1}: {cost * 1e6:.1f} us/message", file=sys.stderr)
            counters = metrics(port)
            print(f"{mode}: server counters after the runs: messages_in {counters['messages_in']}, published "
                  f"{counters['published']}, copies_from_redis {counters['copies_from_redis']}, messages_out "
                  f"{counters['messages_out']}, send_failures {counters['send_failures']}")
            server.terminate()
            server.wait(timeout=15)
        print(f"server CPU per inbound message with its 1 + K copies ({messages} messages a run, "
              f"{repeats} repeats; load average before {' '.join(load_before)}):")
        for name, values in results.items():
            print(f"  {name:20s} {spread(values)}")
        if len(members) >= 2:
            k0, k1 = members[0], members[-1]
            for mode in ("per-connection", "per-task"):
                per_copy = [(b - a) / (k1 - k0) for a, b in zip(results[f"{mode} K={k0}"], results[f"{mode} K={k1}"])]
                inbound = [a - (1 + k0) * c for a, c in zip(results[f"{mode} K={k0}"], per_copy)]
                print(f"  {mode:14s} per copy  {spread(per_copy)}")
                print(f"  {mode:14s} inbound   {spread(inbound)}")
        print("the inbound path's parts, in this process (per call):")
        part_runs = [parts(services.redis_port, services.id_port, 300) for _ in range(repeats)]
        for name in part_runs[0]:
            print(f"  {name:32s} {spread([p[name] for p in part_runs])}")
        print(f"load average after: {' '.join(open('/proc/loadavg').read().split()[:3])}")
        return 0


if __name__ == "__main__":
    sys.exit(run_interruptible(main, sys.argv[1:], "python-inbound-bench.py"))
