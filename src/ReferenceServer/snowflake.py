"""Snowflake-style ids: 41 bits of milliseconds since 2024-01-01, 10 bits of worker, 12 bits of sequence."""
import threading
import time

EPOCH_MS = 1_704_067_200_000
WORKER_BITS = 10
SEQUENCE_BITS = 12
MAX_WORKER = (1 << WORKER_BITS) - 1
SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1


class SnowflakeIds:
    """Unique, increasing 63-bit ids from one worker; safe to call from the gRPC server's thread pool."""

    def __init__(self, worker: int, clock=time.time_ns):
        if not 0 <= worker <= MAX_WORKER:
            raise ValueError(f"worker must be 0..{MAX_WORKER}, not {worker}")
        self._worker = worker
        self._clock = clock
        self._lock = threading.Lock()
        self._last_ms = -1
        self._sequence = 0

    def next_id(self) -> int:
        with self._lock:
            # A clock that steps back must not repeat ids: keep counting on the last millisecond seen.
            now_ms = max(self._clock() // 1_000_000 - EPOCH_MS, self._last_ms)
            if now_ms == self._last_ms:
                self._sequence = (self._sequence + 1) & SEQUENCE_MASK
                if self._sequence == 0:
                    # 4096 ids in one millisecond: wait for the next one rather than wrap.
                    while now_ms <= self._last_ms:
                        now_ms = self._clock() // 1_000_000 - EPOCH_MS
            else:
                self._sequence = 0
            self._last_ms = now_ms
            return (now_ms << (WORKER_BITS + SEQUENCE_BITS)) | (self._worker << SEQUENCE_BITS) | self._sequence
