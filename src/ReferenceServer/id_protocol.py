"""The id service's one RPC, shared by its server and the chat server's client.

No generated code: Debian's grpc-tools is far older than its grpcio/protobuf, so the method is declared with gRPC's
generic handlers and protobuf's well-known messages (Empty in, UInt64Value out), which are real protobuf on the wire.
"""
from google.protobuf.empty_pb2 import Empty
from google.protobuf.wrappers_pb2 import UInt64Value

SERVICE = "snowflake.IdService"
METHOD = "NextId"
FULL_METHOD = f"/{SERVICE}/{METHOD}"

__all__ = ["Empty", "UInt64Value", "SERVICE", "METHOD", "FULL_METHOD"]
