"""How a WebSocket gets its room's messages from Redis: per connection (the reference) or once per process."""
import asyncio
from typing import Awaitable, Callable

import redis.asyncio as aioredis
from redis.exceptions import RedisError

import envelope
from metrics import Metrics

SUBSCRIBE_TIMEOUT_S = 3.0
Send = Callable[[str], Awaitable[None]]


async def _subscribe_confirmed(pubsub, channel: str) -> None:
    # Wait for Redis' confirmation, so a client whose upgrade completed receives every later message (as C#'s does).
    await pubsub.subscribe(channel)
    confirmation = await pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT_S)
    if confirmation is None or confirmation["type"] != "subscribe":
        raise RedisError(f"SUBSCRIBE {channel} was not confirmed within {SUBSCRIBE_TIMEOUT_S} s")


async def _close_quietly(pubsub, client=None) -> None:
    try:
        await pubsub.unsubscribe()
    except (RedisError, OSError):
        pass  # Closing the connection below drops the subscription anyway.
    try:
        await pubsub.reset()
    finally:
        if client is not None:
            await client.close()


# How long get_message() waits for a copy: 0 spins as the reference does; calibration/python-inbound-bench.py sets a
# wait so that its CPU figures count the inbound path without the busy poll.
POLL_TIMEOUT = 0.0


async def _poll(pubsub, deliver: Callable[[str], Awaitable[None] | None], stop: asyncio.Event,
                metrics: Metrics) -> None:
    # The reference's loop: get_message() with timeout 0 returns at once when nothing is there and is called again,
    # so every subscriber spins the event loop whether or not there is traffic. That cost is what is being replicated.
    # It ends on a flag, not on cancel(): redis-py's zero timeout (async_timeout) turns a cancel that lands while it
    # fires into a plain timeout, so a cancelled poller would spin on for ever with its subscription.
    get_message = pubsub.get_message
    timeout = POLL_TIMEOUT
    idle = True
    while not stop.is_set():
        message = await get_message(ignore_subscribe_messages=True, timeout=timeout)
        if message is None:
            metrics.empty_polls += 1
            idle = True
            continue
        if idle:
            metrics.poll_turns += 1
            idle = False
        metrics.copies_from_redis += 1
        content = envelope.content_of(message["data"])
        if content is not None:
            result = deliver(content)
            if result is not None:
                await result


class PerConnectionMembership:
    """One WebSocket's own Redis client (its own connections) and its own SUBSCRIBE, as in the reference."""

    def __init__(self, client: aioredis.Redis, pubsub, metrics: Metrics):
        self._client = client
        self._pubsub = pubsub
        self._metrics = metrics

    @classmethod
    async def join(cls, settings, room: str, user: str, metrics: Metrics) -> "PerConnectionMembership":
        client = aioredis.Redis(host=settings.redis_host, port=settings.redis_port, client_name=f"fanout-ws-{user}")
        pubsub = client.pubsub()
        try:
            await _subscribe_confirmed(pubsub, envelope.channel_for(room))
        except BaseException:
            await _close_quietly(pubsub, client)
            raise
        return cls(client, pubsub, metrics)

    async def publish(self, channel: str, payload: str) -> None:
        await self._client.publish(channel, payload)

    async def forward(self, send: Send, stop: asyncio.Event) -> None:
        # No queue in between: a slow client backs up into this connection's Redis socket, as in the reference.
        await _poll(self._pubsub, send, stop, self._metrics)

    def pending(self) -> int:
        # What Redis holds for this subscriber is not seen from here.
        return 0

    async def leave(self) -> None:
        await _close_quietly(self._pubsub, self._client)


class PerTaskMembership:
    """A WebSocket fed from its process' one subscription to the room, through a bounded queue."""

    def __init__(self, fanout: "PerTaskFanout", room: "_Room", capacity: int, metrics: Metrics):
        self._fanout = fanout
        self.room = room
        self._queue: asyncio.Queue[str] = asyncio.Queue(capacity)
        self._metrics = metrics

    def enqueue(self, content: str) -> None:
        # Drop the oldest rather than wait: one slow client must not stall the room's fan-out (C#'s DropOldest).
        if self._queue.full():
            self._queue.get_nowait()
            self._metrics.dropped += 1
        self._queue.put_nowait(content)

    async def publish(self, channel: str, payload: str) -> None:
        await self._fanout.client.publish(channel, payload)

    async def forward(self, send: Send, stop: asyncio.Event) -> None:
        queue, metrics = self._queue, self._metrics
        while not stop.is_set():
            if queue.empty():
                metrics.writer_waits += 1
            await send(await queue.get())

    def pending(self) -> int:
        return self._queue.qsize()

    async def leave(self) -> None:
        await self._fanout.leave(self)


class _Room:
    def __init__(self, client: aioredis.Redis, name: str, metrics: Metrics):
        self.name = name
        self._metrics = metrics
        self.members: set[PerTaskMembership] = set()
        self._pubsub = client.pubsub()
        self._reader: asyncio.Task | None = None
        self._stop = asyncio.Event()
        self.started = asyncio.ensure_future(self._start())

    async def _start(self) -> None:
        await _subscribe_confirmed(self._pubsub, envelope.channel_for(self.name))
        self._reader = asyncio.create_task(_poll(self._pubsub, self._deliver, self._stop, self._metrics))

    def _deliver(self, content: str) -> None:
        clock = self._metrics.step_clock
        started = clock() if clock else 0
        for member in tuple(self.members):
            member.enqueue(content)
        if clock:
            self._metrics.fanout_cpu_ns += clock() - started

    async def stop(self) -> None:
        self._stop.set()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        await _close_quietly(self._pubsub)


class PerTaskFanout:
    """One SUBSCRIBE per room per process, fanned out locally (how SignalR's backplane or Centrifugo subscribe)."""

    def __init__(self, client: aioredis.Redis, metrics: Metrics, capacity: int):
        self.client = client
        self._metrics = metrics
        self._capacity = capacity
        self._rooms: dict[str, _Room] = {}

    async def join(self, room: str) -> PerTaskMembership:
        state = self._rooms.get(room)
        if state is None:
            state = self._rooms[room] = _Room(self.client, room, self._metrics)
        member = PerTaskMembership(self, state, self._capacity, self._metrics)
        state.members.add(member)
        try:
            await asyncio.shield(state.started)
        except BaseException:
            await self.leave(member)
            raise
        return member

    async def leave(self, member: PerTaskMembership) -> None:
        state = member.room
        state.members.discard(member)
        if not state.members and self._rooms.get(state.name) is state:
            del self._rooms[state.name]
            await state.stop()

    async def close(self) -> None:
        rooms, self._rooms = list(self._rooms.values()), {}
        for state in rooms:
            await state.stop()
