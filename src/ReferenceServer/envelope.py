"""The JSON published to Redis: {id, user, content, room, created_at}, the C# server's keys in its order."""
import json
from datetime import datetime, timezone

_dumps = json.JSONEncoder(separators=(",", ":")).encode


def channel_for(room: str) -> str:
    return room + "_broadcast"


def encode(message_id: int, user: str, content: str, room: str) -> str:
    created_at = datetime.now(timezone.utc).isoformat()
    return _dumps({"id": str(message_id), "user": user, "content": content, "room": room, "created_at": created_at})


def content_of(data) -> str | None:
    """The text a client is sent; None for anything on the channel that is not an envelope."""
    try:
        content = json.loads(data).get("content")
    except (ValueError, AttributeError):
        return None
    return content if isinstance(content, str) else None
