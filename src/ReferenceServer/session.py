"""One WebSocket: a receive loop (id call, envelope, PUBLISH, job) and a forwarder from Redis to the client."""
import asyncio

import grpc
from redis.exceptions import RedisError
from starlette.websockets import WebSocket

import envelope
import id_client

GOING_AWAY = 1001
UNSUPPORTED_DATA = 1003
INTERNAL_ERROR = 1011
MESSAGE_TOO_BIG = 1009


class Session:
    def __init__(self, websocket: WebSocket, room: str, user: str, membership, chat):
        self._ws = websocket
        self._room = room
        self._channel = envelope.channel_for(room)
        self._user = user
        self._membership = membership
        self._chat = chat
        self._metrics = chat.metrics
        self._closing = False
        self._stop = asyncio.Event()
        self._in_burst = False

    async def run(self) -> None:
        forwarder = asyncio.create_task(self._forward())
        try:
            await self._receive_loop()
        finally:
            # The flag ends a polling forwarder (see subscriptions._poll); cancel() one waiting on a send or its queue.
            self._stop.set()
            forwarder.cancel()
            await asyncio.gather(forwarder, return_exceptions=True)

    async def close(self, code: int) -> None:
        """Sends a close frame once; the receive loop ends when the client answers (or the socket times out)."""
        if self._closing:
            return
        self._closing = True
        try:
            await self._ws.close(code)
        except Exception:  # noqa: BLE001 - the peer may already be gone; nothing is left to tell it
            pass

    async def _receive_loop(self) -> None:
        settings = self._chat.settings
        metrics = self._metrics
        timeline = self._chat.timeline
        while True:
            message = await self._ws.receive()
            if message["type"] == "websocket.disconnect":
                timeline.mark("disconnect", self._user, metrics)
                return
            text = message.get("text")
            if self._closing:
                metrics.ignored_while_closing += 1
                continue
            if text is None:
                metrics.binary_rejected += 1
                await self.close(UNSUPPORTED_DATA)
                continue
            if len(text) > settings.max_message_bytes or len(text.encode()) > settings.max_message_bytes:
                metrics.oversized_rejected += 1
                await self.close(MESSAGE_TOO_BIG)
                continue
            metrics.messages_in += 1
            timeline.mark("inbound", self._user, metrics)
            started = metrics.blocking_started()
            try:
                message_id = id_client.next_id(settings.id_service, settings.id_timeout_s)
            except grpc.RpcError:
                # The reference's handler would die on this exception; end the connection the way it would look.
                metrics.id_errors += 1
                await self.close(INTERNAL_ERROR)
                continue
            if started:
                cpu, wall = metrics.blocking_spent(started)
                metrics.id_cpu_ns += cpu
                metrics.id_wall_ns += wall
            payload = envelope.encode(message_id, self._user, text, self._room)
            publish_started = metrics.wall_clock() if metrics.wall_clock else 0
            try:
                await self._membership.publish(self._channel, payload)
            except (RedisError, OSError):
                metrics.publish_errors += 1
                continue
            if publish_started:
                metrics.publish_wall_ns += metrics.wall_clock() - publish_started
            metrics.published += 1
            timeline.mark("published", self._user, metrics)
            metrics.record_publish_lag(text)
            self._chat.persistence.enqueue(self._room, payload)

    async def _forward(self) -> None:
        try:
            await self._membership.forward(self._send, self._stop)
        except (RedisError, OSError):
            # This connection's subscription is lost: let the client reconnect rather than sit deaf.
            await self.close(INTERNAL_ERROR)
        except Exception:  # noqa: BLE001 - a send to a closed socket; the receive loop sees the disconnect
            pass

    async def _send(self, content: str) -> None:
        if not self._in_burst:
            # The burst ends when this step yields: the callback runs in the loop's next round, before whatever wakes
            # the forwarder again is run (that is scheduled later).
            self._in_burst = True
            self._metrics.send_bursts += 1
            asyncio.get_running_loop().call_soon(self._end_burst)
        clock = self._metrics.step_clock
        started = clock() if clock else 0
        try:
            await self._ws.send_text(content)
        except Exception:  # noqa: BLE001 - whatever the write raised: counted, then _forward ends as before
            self._metrics.send_failures += 1
            raise
        finally:
            if clock:
                self._time_send(clock() - started)
        self._metrics.messages_out += 1

    def _time_send(self, spent: int) -> None:
        # A send that waited (a socket over its buffer limit, or a close under way) let the loop run other steps,
        # whose CPU its clock counted too: the burst's end ran meanwhile. Counted apart, not timed.
        if self._in_burst:
            self._metrics.send_cpu_ns += spent
        else:
            self._metrics.sends_waited += 1

    def _end_burst(self) -> None:
        self._in_burst = False
        if self._membership.pending():
            self._metrics.bursts_with_copies_left += 1
