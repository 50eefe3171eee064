#!/usr/bin/env python3
"""How many event-loop iterations a PUBLISH costs the coroutine that awaits it, in the replica's client (redis-py's
asyncio client, the Debian python3-redis 4.3), on a loop whose iterations are long, as a saturated one's are
(issue 17, session AF).

    /usr/bin/python3 calibration/python-publish-iterations.py --port PORT [--publishes N] [--iteration-ms MS] [--out FILE]

A ticker callback re-schedules itself with call_soon, so it runs once per loop iteration, and spins MS milliseconds
(default 2) each time, so Redis' answer is always there by the next look at the sockets: the count is then the
iterations the client's code path needs, not how fast an idle loop spins while the answer travels. Each PUBLISH is
timed in ticks from the await to its return, per connection (its own client, as per connection mode) and shared (one
client for the whole task, as per task mode, ten publishers at once). Needs a redis-server on 127.0.0.1:PORT (none: one line,
exit 1). Bad input: one line and exit 2.
"""
import argparse
import asyncio
import json
import os
import statistics
import sys
import time

import redis
import redis.asyncio as aioredis


class Ticker:
    def __init__(self, loop, spin_s: float):
        self.ticks = 0
        self._loop = loop
        self._spin_s = spin_s
        self._running = True
        loop.call_soon(self._tick)

    def _tick(self):
        self.ticks += 1
        until = time.perf_counter() + self._spin_s
        while time.perf_counter() < until:
            pass
        if self._running:
            self._loop.call_soon(self._tick)

    def stop(self):
        self._running = False


async def publish_ticks(client, ticker, channel: str) -> int:
    before = ticker.ticks
    await client.publish(channel, "x" * 190)
    return ticker.ticks - before


async def measure(port: int, publishes: int, iteration_ms: float) -> dict:
    loop = asyncio.get_running_loop()
    ticker = Ticker(loop, iteration_ms / 1000)
    own = aioredis.Redis(host="127.0.0.1", port=port)
    await own.ping()
    alone = [await publish_ticks(own, ticker, "c") for _ in range(publishes)]
    shared = aioredis.Redis(host="127.0.0.1", port=port)
    await shared.ping()
    # Ten publishers at once on one shared client, as per-task receive loops publish through the task's one client.
    together = []
    for _ in range(max(1, publishes // 10)):
        together += await asyncio.gather(*(publish_ticks(shared, ticker, "c") for _ in range(10)))
    ticker.stop()
    await own.close()
    await shared.close()

    def summary(values):
        return {"publishes": len(values), "median": statistics.median(values), "min": min(values), "max": max(values)}

    return {"source": "python-publish-iterations.py: loop iterations (call_soon ticks) from a PUBLISH's await to its "
                      f"return, each iteration spinning {iteration_ms} ms, redis-py {redis.__version__}",
            "own_client_one_at_a_time": summary(alone), "shared_client_ten_at_once": summary(together)}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--publishes", type=int, default=200)
    parser.add_argument("--iteration-ms", type=float, default=2.0)
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536 or not 0 < args.publishes <= 100_000 or not 0 <= args.iteration_ms <= 1000:
        print("python-publish-iterations.py: --port 1-65535, --publishes 1-100000, --iteration-ms 0-1000",
              file=sys.stderr)
        return 2
    if args.out and not os.path.isdir(os.path.dirname(os.path.abspath(args.out))):
        print(f"python-publish-iterations.py: --out {args.out}: its folder does not exist", file=sys.stderr)
        return 2
    try:
        result = asyncio.run(measure(args.port, args.publishes, args.iteration_ms))
    except (OSError, redis.exceptions.ConnectionError) as e:
        print(f"python-publish-iterations.py: no redis-server answers on 127.0.0.1:{args.port}: {e}", file=sys.stderr)
        return 1
    text = json.dumps(result, indent=2)
    if args.out:
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(tmp, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
