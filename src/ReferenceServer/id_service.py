#!/usr/bin/python3
"""The bundled id service: a gRPC server handing out snowflake ids, run as its own process (its own service in the
reference deployment, so outside the chat server's CPU quota).

    /usr/bin/python3 src/ReferenceServer/id_service.py --port 50051 [--host 127.0.0.1] [--worker 1]
"""
import argparse
import os
import signal
import sys
import threading
from concurrent import futures

import grpc

from id_protocol import METHOD, SERVICE, Empty, UInt64Value
from snowflake import MAX_WORKER, SnowflakeIds


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="id_service.py", description="snowflake id service (gRPC)")
    parser.add_argument("--host", default=os.environ.get("ID_SERVICE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ID_SERVICE_PORT", "50051")))
    parser.add_argument("--worker", type=int, default=int(os.environ.get("ID_SERVICE_WORKER", "1")))
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536 or not 0 <= args.worker <= MAX_WORKER or args.threads < 1:
        parser.exit(2, f"id_service.py: need 0 < --port < 65536, 0 <= --worker <= {MAX_WORKER}, --threads >= 1\n")
    return args


def serve(args) -> int:
    ids = SnowflakeIds(args.worker)
    handler = grpc.method_handlers_generic_handler(SERVICE, {
        METHOD: grpc.unary_unary_rpc_method_handler(
            lambda _request, _context: UInt64Value(value=ids.next_id()),
            request_deserializer=Empty.FromString,
            response_serializer=UInt64Value.SerializeToString,
        ),
    })
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.threads))
    server.add_generic_rpc_handlers((handler,))
    address = f"{args.host}:{args.port}"
    if server.add_insecure_port(address) == 0:
        print(f"id_service.py: cannot listen on {address}", file=sys.stderr)
        return 2
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    server.start()
    print(f"id service listening on {address}", flush=True)
    stopping.wait()
    server.stop(grace=1).wait()
    return 0


if __name__ == "__main__":
    sys.exit(serve(parse_args(sys.argv[1:])))
