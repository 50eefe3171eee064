"""The reference's persistence job, reduced to its cost on the chat server: one synchronous broker round trip."""
import redis
from redis.exceptions import RedisError


class PersistenceQueue:
    def __init__(self, settings, metrics):
        self._metrics = metrics
        self._client = None
        if settings.persistence_job:
            self._client = redis.Redis(host=settings.redis_host, port=settings.redis_port,
                                       client_name=f"fanout-jobs-{settings.instance_id}")

    def enqueue(self, room: str, payload: str) -> None:
        # Blocking, like the reference's task-queue enqueue on the event loop. A PUBLISH to a channel no worker reads
        # instead of a list push: the same round trip, without a queue that grows for the whole run (no worker here).
        if self._client is None:
            return
        started = self._metrics.blocking_started()
        try:
            self._client.publish(room + "_persist", payload)
        except (RedisError, OSError):
            self._metrics.persistence_errors += 1
        if started:
            cpu, wall = self._metrics.blocking_spent(started)
            self._metrics.persist_cpu_ns += cpu
            self._metrics.persist_wall_ns += wall

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
