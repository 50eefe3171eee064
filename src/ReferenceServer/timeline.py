"""--timeline-dir: one line per connection event, so a run's loop order can be read afterwards (issue 17).

Each line: monotonic seconds, the event, the user, and the process' copies_from_redis and messages_out then. Events:
join (the handler starts its Redis join), joined (subscribed; the upgrade follows), inbound (a text message taken,
before its id call), published (its PUBLISH answered: the receive loop goes on to its next message), disconnect (the
receive loop saw the client's close). The copy counts between two lines say how much forwarding ran between them:
calibration/python-timeline.py reads them. Written to timeline-INSTANCE.txt.part and renamed to .txt at shutdown, so
a file without .part is whole.
"""
import os
import time


class Timeline:
    def __init__(self, path: str | None):
        self._path = path
        self._out = open(path + ".part", "w", buffering=1 << 16) if path else None

    @classmethod
    def in_directory(cls, directory: str, instance_id: str) -> "Timeline":
        return cls(os.path.join(directory, f"timeline-{instance_id}.txt") if directory else None)

    def mark(self, event: str, user: str, metrics) -> None:
        if self._out is not None:
            self._out.write(f"{time.monotonic():.6f} {event} {user} {metrics.copies_from_redis} "
                            f"{metrics.messages_out}\n")

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
            os.replace(self._path + ".part", self._path)
