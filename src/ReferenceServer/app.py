"""The FastAPI application: GET /ws/{room}, /healthz, /metrics, with the C# server's wire behaviour."""
import asyncio
import itertools
import time

import redis.asyncio as aioredis
from fastapi import FastAPI, Response, WebSocket
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError

from metrics import Metrics
from persistence import PersistenceQueue
from session import GOING_AWAY, Session
from settings import PER_CONNECTION, PER_TASK, Settings
from subscriptions import PerConnectionMembership, PerTaskFanout
from timeline import Timeline

MAX_ROOM_NAME_LENGTH = 200
TRY_AGAIN_LATER = 1013
# The C# server's `?join=ROOM` puts one connection in several rooms; this replica of the reference server has one room
# per connection, as the reference had, and refuses such a request rather than serve only its first room.
POLICY_VIOLATION = 1008


class Chat:
    """Process-wide state, created on the event loop at start-up."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.metrics = Metrics()
        self.metrics.watch_gc()
        if settings.step_times:
            self.metrics.time_steps()
        self.sessions: set[Session] = set()
        self.stopping = False
        self._numbers = itertools.count(1)
        # Health checks and (per-task mode) publishes and subscriptions; per-connection clients are the sessions' own.
        self.shared = aioredis.Redis(host=settings.redis_host, port=settings.redis_port,
                                     client_name=f"fanout-shared-{settings.instance_id}")
        self.fanout = None if settings.per_connection else PerTaskFanout(self.shared, self.metrics,
                                                                         settings.outbound_queue)
        self.persistence = PersistenceQueue(settings, self.metrics)
        self.timeline = Timeline.in_directory(settings.timeline_dir, settings.instance_id)

    def new_user(self) -> str:
        return f"{self.settings.instance_id}-{next(self._numbers)}"

    async def join(self, room: str, user: str):
        if self.fanout is None:
            return await PerConnectionMembership.join(self.settings, room, user, self.metrics)
        return await self.fanout.join(room)

    async def redis_connected(self) -> bool:
        try:
            return bool(await asyncio.wait_for(self.shared.ping(), 1.0))
        except (RedisError, OSError, asyncio.TimeoutError):
            return False

    async def close_sessions(self) -> None:
        """SIGTERM: close every socket with 1001 and give the clients the close timeout to answer."""
        self.stopping = True
        for session in tuple(self.sessions):
            asyncio.create_task(session.close(GOING_AWAY))
        deadline = asyncio.get_running_loop().time() + self.settings.close_timeout_s
        while self.sessions and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self.fanout is not None:
            await self.fanout.close()
        await self.shared.close()
        self.persistence.close()
        self.timeline.close()


def build(settings: Settings) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    mode = PER_CONNECTION if settings.per_connection else PER_TASK

    @app.on_event("startup")
    async def start() -> None:
        app.state.chat = Chat(settings)

    @app.on_event("shutdown")
    async def stop() -> None:
        await app.state.chat.close()

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        chat: Chat = app.state.chat
        connected = await chat.redis_connected()
        return JSONResponse({"status": "ok" if connected else "degraded", "redis_connected": connected,
                             "subscription_mode": mode, "instance_id": settings.instance_id})

    # /metrics.json is where `fanoutsim load` reads the counters (the C# server serves Prometheus text at /metrics).
    @app.get("/metrics.json")
    @app.get("/metrics")
    async def metrics() -> JSONResponse:
        chat: Chat = app.state.chat
        return JSONResponse(chat.metrics.snapshot(await chat.redis_connected(), mode, settings.instance_id))

    # The raw publish lags (metrics.py, record_publish_lag) from the since-th on: the harness slices a run's out by
    # the publish_lags counts of its snapshots.
    @app.get("/metrics/publish-lags")
    async def publish_lags(since: int = 0) -> JSONResponse:
        chat: Chat = app.state.chat
        return JSONResponse({"since": since, "raw_seconds": chat.metrics.publish_lag_raw[max(0, since):]})

    @app.get("/ws/{room}")
    async def not_a_websocket(room: str) -> Response:
        return Response(status_code=400)

    @app.websocket("/ws/{room}")
    async def chat_socket(websocket: WebSocket, room: str) -> None:
        chat: Chat = app.state.chat
        metrics = chat.metrics
        # Refusing before accept makes Uvicorn answer HTTP 403 (C#: 400 or 503); Starlette 0.26 cannot choose.
        if len(room) > MAX_ROOM_NAME_LENGTH or chat.stopping:
            await websocket.close(TRY_AGAIN_LATER)
            return
        if "join" in websocket.query_params:
            await websocket.close(POLICY_VIOLATION, "one room per connection: several rooms (join) are not supported")
            return
        if metrics.connections >= settings.max_connections:
            metrics.connections_rejected += 1
            await websocket.close(TRY_AGAIN_LATER)
            return
        metrics.connections += 1
        try:
            user = chat.new_user()
            # Subscribe before accepting: once the client sees the upgrade, it sees every later message.
            started = time.monotonic_ns()
            chat.timeline.mark("join", user, metrics)
            try:
                membership = await chat.join(room, user)
            except (RedisError, OSError):
                await websocket.close(TRY_AGAIN_LATER)
                return
            joined = time.monotonic_ns()
            chat.timeline.mark("joined", user, metrics)
            try:
                await websocket.accept()
                metrics.joins += 1
                metrics.join_wall_ns += joined - started
                metrics.accept_wall_ns += time.monotonic_ns() - joined
                session = Session(websocket, room, user, membership, chat)
                chat.sessions.add(session)
                try:
                    await session.run()
                finally:
                    chat.sessions.discard(session)
            finally:
                await membership.leave()
        finally:
            metrics.connections -= 1

    return app
