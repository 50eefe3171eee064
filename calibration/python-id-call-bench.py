#!/usr/bin/python3
"""CPU of the replica's id call against the time since the one before (issue 17, session AN; compare inbound_cpu).

    /usr/bin/python3 calibration/python-id-call-bench.py [--calls 60] [--gaps 0,0.002,0.005,0.02,0.1] [--repeats 4]
        [--between sleep|work]

Starts its own id service (src/ReferenceServer/id_service.py) on a free 127.0.0.1 port and makes, in this process,
the replica's own call (id_client.next_id: a new gRPC channel, a blocking unary call) --calls times in a row with G
seconds of sleep before each, for every G of --gaps, --repeats times round. A call's CPU is this process' CPU over
the whole row (every thread: gRPC's own too, which may work between calls), less its idle rate times the sleeps,
divided by the calls. With aligned sends a replica's receive loops make a tick's id calls back to back (G = 0);
with spread ones, one at a time between other work. --between work spends the G seconds on such work instead (JSON
envelopes encoded and decoded, as a forwarder's copies are handled), its own CPU counted and taken off.
"""
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPLICA = os.path.join(HERE, "..", "src", "ReferenceServer")
_spec = importlib.util.spec_from_file_location("inbound_bench", os.path.join(HERE, "python-inbound-bench.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
USAGE = "usage: python-id-call-bench.py [--calls N] [--gaps SECONDS,...] [--repeats R] [--between sleep|work]"


def usage_error(message: str) -> int:
    print(f"python-id-call-bench.py: {message}", file=sys.stderr)
    return 2


def parse(argv: list[str]) -> tuple[int, list[float], int, str] | str:
    values = {"--calls": "60", "--gaps": "0,0.002,0.005,0.02,0.1", "--repeats": "4", "--between": "sleep"}
    args = list(argv)
    while args:
        flag = args.pop(0)
        if flag not in values or not args:
            return USAGE
        values[flag] = args.pop(0)
    try:
        calls, repeats = int(values["--calls"]), int(values["--repeats"])
        gaps = [float(g) for g in values["--gaps"].split(",")]
    except ValueError:
        return "--calls and --repeats expect whole numbers, --gaps seconds separated by commas"
    if calls < 1 or repeats < 1 or min(gaps) < 0:
        return "--calls and --repeats must be at least 1 and every gap at least 0"
    if values["--between"] not in ("sleep", "work"):
        return f"--between is sleep or work, not '{values['--between']}'"
    return calls, gaps, repeats, values["--between"]


def idle_rate(seconds: float = 1.0) -> float:
    before = time.process_time()
    time.sleep(seconds)
    return (time.process_time() - before) / seconds


def work(seconds: float) -> float:
    """Other work for about that long: a copy's envelope decoded and encoded again; returns its CPU seconds."""
    started, deadline = time.process_time(), time.monotonic() + seconds
    envelope = '{"id": 7302921, "user": "task1-17", "text": "ABCDE hello", "room": "cal", "ts": 1765000000.5}'
    while time.monotonic() < deadline:
        json.dumps(json.loads(envelope))
    return time.process_time() - started


def row(next_id, target: str, calls: int, gap: float, idle: float, between: str) -> float:
    """CPU milliseconds a call, over a row of calls each after gap seconds of sleep or of other work."""
    before, other = time.process_time(), 0.0
    for _ in range(calls):
        if gap and between == "work":
            other += work(gap)
        elif gap:
            time.sleep(gap)
            other += idle * gap
        next_id(target, 5.0)
    return ((time.process_time() - before) - other) / calls * 1e3


def main(argv: list[str]) -> int:
    parsed = parse(argv)
    if isinstance(parsed, str):
        return usage_error(parsed)
    calls, gaps, repeats, between = parsed
    sys.path.insert(0, REPLICA)
    import id_client

    port = bench.free_port()
    service = subprocess.Popen([sys.executable, os.path.join(REPLICA, "id_service.py"), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        bench.wait_for(lambda: bench.port_open(port), "the id service")
        target = f"127.0.0.1:{port}"
        row(id_client.next_id, target, calls, 0, 0, between)  # warm-up: imports, the first channel
        idle = idle_rate()
        print(f"load average before: {os.getloadavg()[0]:.2f}; idle CPU {idle * 1e3:.3f} ms a second; between calls: "
              f"{between}")
        results: dict[float, list[float]] = {g: [] for g in gaps}
        for _ in range(repeats):
            for gap in gaps:
                results[gap].append(row(id_client.next_id, target, calls, gap, idle, between))
        for gap, values in results.items():
            sd = statistics.stdev(values) if len(values) > 1 else 0.0
            print(f"gap {gap * 1e3:7.1f} ms: id call CPU mean {statistics.mean(values):6.3f} ms  sd {sd:6.3f}  "
                  f"median {statistics.median(values):6.3f}  ({len(values)} rows of {calls})")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return 0
    finally:
        service.terminate()
        try:
            service.wait(timeout=10)
        except subprocess.TimeoutExpired:
            service.kill()


if __name__ == "__main__":
    sys.exit(bench.run_interruptible(main, sys.argv[1:], "python-id-call-bench.py"))
