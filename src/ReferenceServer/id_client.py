"""The chat server's side of the id service: a synchronous call, as the reference made it."""
import grpc

from id_protocol import FULL_METHOD, Empty, UInt64Value

_REQUEST = Empty()


def next_id(target: str, timeout_s: float) -> int:
    # A new channel per call and a blocking wait, both as the reference did: every inbound message pays a TCP connect
    # and an HTTP/2 handshake while the event loop (every other connection of the process) stands still.
    with grpc.insecure_channel(target) as channel:
        call = channel.unary_unary(
            FULL_METHOD,
            request_serializer=Empty.SerializeToString,
            response_deserializer=UInt64Value.FromString,
        )
        return call(_REQUEST, timeout=timeout_s).value
