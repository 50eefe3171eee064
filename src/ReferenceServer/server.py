#!/usr/bin/python3
"""The reference-style chat server: FastAPI on one Uvicorn worker, plain asyncio (no uvloop).

    /usr/bin/python3 src/ReferenceServer/server.py --port 5001 --redis 127.0.0.1:6379 \
        --id-service 127.0.0.1:50051 --subscription per-connection
"""
import sys

import uvicorn

import app as chat_app
import settings as chat_settings


class GracefulServer(uvicorn.Server):
    """Uvicorn drops WebSocket transports on shutdown; close them with 1001 first, as the C# server does."""

    def __init__(self, config: uvicorn.Config, application):
        super().__init__(config)
        self._application = application

    async def shutdown(self, sockets=None) -> None:
        for server in self.servers:
            server.close()
        chat = getattr(self._application.state, "chat", None)
        if chat is not None:
            await chat.close_sessions()
        await super().shutdown(sockets)


def main(argv: list[str]) -> int:
    settings = chat_settings.parse(argv)
    application = chat_app.build(settings)
    config = uvicorn.Config(
        application,
        host=settings.host,
        port=settings.port,
        workers=1,
        loop="asyncio",
        # h11 and websockets: pure-Python protocol stacks (Debian ships no httptools that this Uvicorn accepts).
        http="h11",
        ws="websockets",
        # Big enough that our own size check answers first with a counted 1009; beyond it the library sends 1009.
        ws_max_size=4 * settings.max_message_bytes + 1024,
        lifespan="on",
        log_level=settings.log_level,
        access_log=False,
    )
    server = GracefulServer(config, application)
    server.run()
    return 0 if server.started else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
