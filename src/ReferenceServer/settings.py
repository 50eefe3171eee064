"""Knobs of the chat server: command-line flags, each with an environment variable as its default."""
import argparse
import os
import socket
from dataclasses import dataclass

PER_CONNECTION = "per-connection"
PER_TASK = "per-task"


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    redis_host: str
    redis_port: int
    id_service: str
    id_timeout_s: float
    subscription: str
    persistence_job: bool
    instance_id: str
    max_message_bytes: int
    max_connections: int
    outbound_queue: int
    close_timeout_s: float
    log_level: str
    step_times: bool = False
    timeline_dir: str = ""

    @property
    def per_connection(self) -> bool:
        return self.subscription == PER_CONNECTION


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _host_port(text: str, flag: str, parser: argparse.ArgumentParser) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        parser.exit(2, f"server.py: {flag} expects HOST:PORT, not '{text}'\n")
    return host, int(port)


def parse(argv: list[str]) -> Settings:
    p = argparse.ArgumentParser(prog="server.py", description="reference-style chat server (FastAPI + Uvicorn)")
    p.add_argument("--host", default=_env("CHAT_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(_env("CHAT_PORT", "5001")))
    p.add_argument("--redis", default=_env("CHAT_REDIS", "127.0.0.1:6379"), help="HOST:PORT")
    p.add_argument("--id-service", default=_env("CHAT_ID_SERVICE", "127.0.0.1:50051"), help="HOST:PORT (gRPC)")
    p.add_argument("--id-timeout-ms", type=int, default=int(_env("CHAT_ID_TIMEOUT_MS", "5000")))
    p.add_argument("--subscription", default=_env("CHAT_SUBSCRIPTION", PER_CONNECTION),
                   help=f"{PER_CONNECTION} (the reference) or {PER_TASK}")
    p.add_argument("--persistence-job", default=_env("CHAT_PERSISTENCE_JOB", "publish"), help="publish or none")
    p.add_argument("--instance-id", default=_env("CHAT_INSTANCE_ID", f"{socket.gethostname()}-{os.getpid()}"))
    p.add_argument("--max-message-bytes", type=int, default=int(_env("CHAT_MAX_MESSAGE_BYTES", "4096")))
    p.add_argument("--max-connections", type=int, default=int(_env("CHAT_MAX_CONNECTIONS", "10000")))
    p.add_argument("--outbound-queue", type=int, default=int(_env("CHAT_OUTBOUND_QUEUE", "1024")))
    p.add_argument("--close-timeout-ms", type=int, default=int(_env("CHAT_CLOSE_TIMEOUT_MS", "3000")))
    p.add_argument("--log-level", default=_env("CHAT_LOG_LEVEL", "warning"))
    p.add_argument("--step-times", default=_env("CHAT_STEP_TIMES", "0"),
                   help="1: count the CPU of the steps that never yield (id_cpu_ns, send_cpu_ns, ...); 0: not")
    p.add_argument("--timeline-dir", default=_env("CHAT_TIMELINE_DIR", ""),
                   help="a directory: write each connection event there (timeline.py); empty: none")
    try:
        a = p.parse_args(argv)
    except ValueError as e:
        p.exit(2, f"server.py: {e}\n")
    subscription = a.subscription.lower()
    if subscription not in (PER_CONNECTION, PER_TASK):
        p.exit(2, f"server.py: --subscription / CHAT_SUBSCRIPTION must be {PER_CONNECTION} or {PER_TASK}, "
                  f"not '{a.subscription}'\n")
    if a.step_times not in ("0", "1"):
        p.exit(2, f"server.py: --step-times / CHAT_STEP_TIMES must be 0 or 1, not '{a.step_times}'\n")
    if a.timeline_dir and not os.path.isdir(a.timeline_dir):
        p.exit(2, f"server.py: --timeline-dir / CHAT_TIMELINE_DIR must be an existing directory, not "
                  f"'{a.timeline_dir}'\n")
    if a.timeline_dir and not os.access(a.timeline_dir, os.W_OK | os.X_OK):
        # Checked here, not left to the open at start-up, which Uvicorn would report with a traceback.
        p.exit(2, f"server.py: --timeline-dir / CHAT_TIMELINE_DIR '{a.timeline_dir}' is not writable\n")
    if a.persistence_job not in ("publish", "none"):
        p.exit(2, f"server.py: --persistence-job / CHAT_PERSISTENCE_JOB must be publish or none, "
                  f"not '{a.persistence_job}'\n")
    positive = (a.id_timeout_ms, a.max_message_bytes, a.max_connections, a.outbound_queue, a.close_timeout_ms)
    if min(positive) < 1 or not 0 < a.port < 65536:
        p.exit(2, "server.py: --port, --id-timeout-ms, --max-message-bytes, --max-connections, --outbound-queue "
                  "and --close-timeout-ms must be positive\n")
    redis_host, redis_port = _host_port(a.redis, "--redis", p)
    _host_port(a.id_service, "--id-service", p)
    return Settings(
        host=a.host, port=a.port, redis_host=redis_host, redis_port=redis_port, id_service=a.id_service,
        id_timeout_s=a.id_timeout_ms / 1000, subscription=subscription, persistence_job=a.persistence_job == "publish",
        instance_id=a.instance_id, max_message_bytes=a.max_message_bytes, max_connections=a.max_connections,
        outbound_queue=a.outbound_queue, close_timeout_s=a.close_timeout_ms / 1000, log_level=a.log_level,
        step_times=a.step_times == "1", timeline_dir=a.timeline_dir)
