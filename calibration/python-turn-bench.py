"""Per-task forwarder turn cost of the replica (issue 17; python-start.yaml, per_task_turn_cpu): N members'
asyncio.Queue get loops fed by one reader's put_nowait, as src/ReferenceServer/subscriptions.py does. Copies per
turn k: the reader puts k copies on every member's queue, then yields."""
import asyncio
import time

async def main(n, k, rounds):
    queues = [asyncio.Queue(1024) for _ in range(n)]
    sent = 0
    def send(x):
        nonlocal sent
        sent += 1
    async def forward(q):
        while True:
            send(await q.get())
    tasks = [asyncio.create_task(forward(q)) for q in queues]
    await asyncio.sleep(0)
    t0 = time.process_time()
    for _ in range(rounds):
        for _ in range(k):
            for q in queues:
                q.put_nowait("x")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    t1 = time.process_time()
    for t in tasks: t.cancel()
    return (t1 - t0), sent

n = 100
for k in (1, 4, 16):
    rounds = 20000 // k
    cpu, sent = asyncio.run(main(n, k, rounds))
    print(f"k={k} copies={sent} turns={n*rounds} us/copy={cpu/sent*1e6:.2f} us/turn_total={cpu/(n*rounds)*1e6:.2f}")
# bare put_nowait cost (no getter waiting): the reader's per-copy share
async def puts():
    q = asyncio.Queue(10**7); t0 = time.process_time()
    for _ in range(10**6): q.put_nowait("x")
    return time.process_time() - t0
print(f"put_nowait no waiter us={asyncio.run(puts()):.3f}")
