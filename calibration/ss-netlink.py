#!/usr/bin/env python3
"""Issue 13: Redis' TCP sockets sampled every few milliseconds through netlink, without a process per sample.

`ss -tinm` forks a process for every sample; at 50 ms that already left ~0.15 cores foreign in a run, and 10 ms
(what the first second of a lockstep session needs: a tick's burst drains in tens of ms) is out of its reach.
This asks the kernel directly (NETLINK_SOCK_DIAG, the interface ss itself uses) for every TCP socket whose local
port is in --ports, with tcp_info and the socket's memory, and stores the kernel's answers as they came: decoding
happens after the run, so the sampler spends only the dump and a write per sample.

  ss-netlink.py sample --ports 6379-6399 --every-ms 10 --for-s 60 --out RAW [--burst-s 3 --cycle-s 10]
  ss-netlink.py text RAW --out NAME.ss.gz

`sample` samples every --every-ms for --for-s seconds (or until SIGTERM / Ctrl-C, which ends it cleanly); with
--burst-s and --cycle-s only during the first BURST seconds of every CYCLE seconds (e.g. each session's first
seconds), sleeping in between. The cycle starts at the first sample holding more sockets than the first sample did
(the load's first connection, not the sampler's start: the load generator starts seconds later, and bursts timed
from the sampler's start missed every session's opening); until then it samples every --every-ms. RAW is binary: the magic line, then per sample its CLOCK_BOOTTIME
seconds (the clock /proc/uptime shows) and the kernel's reply. `text` turns RAW into what `ss -tinmH` prints, a
"# t=SECONDS" line before each sample, gzipped: calibration/drop-ss-anatomy.py reads either.

Bad input: one line on stderr, exit 2; an unwritable output: exit 3 (checked before the work); Ctrl-C: exit 130
with nothing half-written (the output is written to a temporary name and renamed).
"""
import argparse
import gzip
import os
import signal
import socket
import struct
import sys
import tempfile
import time

MAGIC = b"fanoutsim-ss-netlink 1\n"
NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
INET_DIAG_INFO, INET_DIAG_SKMEMINFO, INET_DIAG_REQ_BYTECODE = 2, 7, 1
BC_S_GE, BC_S_LE = 2, 3
# What `ss` shows without -a: every state but LISTEN, CLOSE, TIME-WAIT and SYN-RECV (bit i = TCP state i).
SS_STATES = 0xFFF & ~((1 << 10) | (1 << 7) | (1 << 6) | (1 << 3))
STATES = {1: "ESTAB", 2: "SYN-SENT", 3: "SYN-RECV", 4: "FIN-WAIT-1", 5: "FIN-WAIT-2", 6: "TIME-WAIT",
          7: "UNCONN", 8: "CLOSE-WAIT", 9: "LAST-ACK", 10: "LISTEN", 11: "CLOSING"}
RECORD = struct.Struct("<dI")
# struct tcp_info (linux/tcp.h), field by field in the kernel's order; a shorter reply (an older kernel) is read as
# far as it goes.
TCP_INFO = [("state", "B"), ("ca_state", "B"), ("retransmits", "B"), ("probes", "B"), ("backoff", "B"),
            ("options", "B"), ("wscale", "B"), ("flags", "B"), ("rto", "I"), ("ato", "I"), ("snd_mss", "I"),
            ("rcv_mss", "I"), ("unacked", "I"), ("sacked", "I"), ("lost", "I"), ("retrans", "I"), ("fackets", "I"),
            ("lastsnd", "I"), ("last_ack_sent", "I"), ("lastrcv", "I"), ("lastack", "I"), ("pmtu", "I"),
            ("rcv_ssthresh", "I"), ("rtt", "I"), ("rttvar", "I"), ("ssthresh", "I"), ("cwnd", "I"), ("advmss", "I"),
            ("reordering", "I"), ("rcv_rtt", "I"), ("rcv_space", "I"), ("total_retrans", "I"),
            ("pacing_rate", "Q"), ("max_pacing_rate", "Q"), ("bytes_acked", "Q"), ("bytes_received", "Q"),
            ("segs_out", "I"), ("segs_in", "I"), ("notsent", "I"), ("minrtt", "I"), ("data_segs_in", "I"),
            ("data_segs_out", "I"), ("delivery_rate", "Q"), ("busy", "Q"), ("rwnd_limited", "Q"),
            ("sndbuf_limited", "Q"), ("delivered", "I"), ("delivered_ce", "I"), ("bytes_sent", "Q"),
            ("bytes_retrans", "Q"), ("dsack_dups", "I"), ("reord_seen", "I"), ("rcv_ooopack", "I"),
            ("snd_wnd", "I")]


class BadInput(Exception):
    pass


class Unwritable(Exception):
    pass


def port_range(text):
    try:
        low, _, high = text.partition("-")
        low, high = int(low), int(high or low)
    except ValueError:
        raise BadInput(f"--ports: expected PORT or LOW-HIGH (e.g. 6379-6399), not '{text}'") from None
    if not 1 <= low <= high <= 65535:
        raise BadInput(f"--ports: expected ports 1-65535 with LOW <= HIGH, not '{text}'")
    return low, high


def request(family, low, high, seq):
    """A dump request for every TCP socket of FAMILY whose local port is in [low, high], with tcp_info and skmem."""
    # The filter (inet_diag bytecode, as ss builds it): "sport >= low" then "sport <= high"; a failed test jumps
    # past the program's end (its remaining length + 4), which the kernel reads as "reject".
    code = struct.pack("<BBH", BC_S_GE, 8, 20) + struct.pack("<BBH", 0, 0, low)
    code += struct.pack("<BBH", BC_S_LE, 8, 12) + struct.pack("<BBH", 0, 0, high)
    attr = struct.pack("<HH", 4 + len(code), INET_DIAG_REQ_BYTECODE) + code
    ext = (1 << (INET_DIAG_INFO - 1)) | (1 << (INET_DIAG_SKMEMINFO - 1))
    body = struct.pack("<BBBxI", family, socket.IPPROTO_TCP, ext, SS_STATES) + bytes(48) + attr
    return struct.pack("<IHHII", 16 + len(body), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, seq, 0) + body


def dump(sock, family, low, high, seq):
    """The kernel's reply to one dump request, its messages concatenated up to NLMSG_DONE, and how many sockets it
    describes (one SOCK_DIAG_BY_FAMILY message each)."""
    sock.send(request(family, low, high, seq))
    parts = []
    sockets = 0
    while True:
        data = sock.recv(1 << 20)
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack_from("<IH", data, offset)
            sockets += kind == SOCK_DIAG_BY_FAMILY
            if kind == NLMSG_DONE:
                parts.append(data[:offset])
                return b"".join(parts), sockets
            if kind == NLMSG_ERROR:
                (errno,) = struct.unpack_from("<i", data, offset + 16)
                raise OSError(-errno, f"sock_diag refused the dump: {os.strerror(-errno)}")
            offset += (length + 3) & ~3
        parts.append(data)


def sample(args):
    low, high = port_range(args.ports)
    if args.every_ms <= 0 or args.for_s <= 0:
        raise BadInput("--every-ms and --for-s must be positive")
    if (args.burst_s is None) != (args.cycle_s is None) or (args.cycle_s is not None and not
                                                              0 < args.burst_s <= args.cycle_s):
        raise BadInput("--burst-s and --cycle-s go together, with 0 < burst <= cycle")
    out = Output(args.out)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    families = [socket.AF_INET] + ([socket.AF_INET6] if args.ipv6 else [])
    try:
        with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG) as sock, \
                os.fdopen(out.fd, "wb", buffering=1 << 20) as stream:
            stream.write(MAGIC)
            start = time.clock_gettime(time.CLOCK_BOOTTIME)
            seq = 0
            first_count = None
            cycle_start = None
            while not stop:
                now = time.clock_gettime(time.CLOCK_BOOTTIME)
                elapsed = now - start
                if elapsed >= args.for_s:
                    break
                if cycle_start is not None and (now - cycle_start) % args.cycle_s >= args.burst_s:
                    in_cycle = (now - cycle_start) % args.cycle_s
                    time.sleep(min(args.cycle_s - in_cycle, args.for_s - elapsed))
                    continue
                reply, count = b"", 0
                for family in families:
                    seq += 1
                    part, sockets = dump(sock, family, low, high, seq)
                    reply, count = reply + part, count + sockets
                stream.write(RECORD.pack(now, len(reply)) + reply)
                if args.cycle_s is not None and cycle_start is None:
                    if first_count is None:
                        first_count = count
                    elif count > first_count:
                        cycle_start = now
                time.sleep(max(0.0, args.every_ms / 1000 - (time.clock_gettime(time.CLOCK_BOOTTIME) - now)))
        out.commit()
    except BaseException:
        out.discard()
        raise


def address(family, words):
    if family == socket.AF_INET:
        return socket.inet_ntop(family, words[:4])
    return "[" + socket.inet_ntop(family, words) + "]"


def decode(reply):
    """[(state, recvq, sendq, local, peer, tcp_info dict, skmem tuple or None)] of one sample."""
    sockets = []
    offset = 0
    while offset + 16 <= len(reply):
        length, kind = struct.unpack_from("<IH", reply, offset)
        if length < 16 or offset + length > len(reply):
            raise BadInput(f"a netlink message of {length} bytes at offset {offset} runs past its sample")
        if kind == SOCK_DIAG_BY_FAMILY and length >= 16 + 72:
            m = offset + 16
            family, state = reply[m], reply[m + 1]
            sport, dport = struct.unpack_from(">HH", reply, m + 4)
            src, dst = reply[m + 8:m + 24], reply[m + 24:m + 40]
            recvq, sendq = struct.unpack_from("<II", reply, m + 56)
            info, skmem = {}, None
            a = m + 72
            while a + 4 <= offset + length:
                alen, atype = struct.unpack_from("<HH", reply, a)
                if alen < 4:
                    break
                payload = reply[a + 4:a + alen]
                if atype == INET_DIAG_INFO:
                    info = tcp_info(payload)
                elif atype == INET_DIAG_SKMEMINFO and len(payload) >= 36:
                    skmem = struct.unpack_from("<9I", payload)
                a += (alen + 3) & ~3
            sockets.append((STATES.get(state, str(state)), recvq, sendq, f"{address(family, src)}:{sport}",
                            f"{address(family, dst)}:{dport}", info, skmem))
        offset += (length + 3) & ~3
    return sockets


def tcp_info(payload):
    info, offset = {}, 0
    for name, kind in TCP_INFO:
        size = struct.calcsize("<" + kind)
        if offset + size > len(payload):
            break
        # u64 fields are 8-aligned in the kernel's struct; every one here already sits on such an offset.
        (info[name],) = struct.unpack_from("<" + kind, payload, offset)
        offset += size
    return info


def fields(info, skmem):
    """The indented line `ss -tinm` prints, with the names it uses (those drop-ss-anatomy.py reads)."""
    words = []
    if skmem:
        words.append("skmem:(r{},rb{},t{},tb{},f{},w{},o{},bl{},d{})".format(*skmem))
    if not info:
        return " ".join(words)
    ms = lambda us: f"{us / 1000:g}"  # noqa: E731 - ss prints microsecond fields in ms
    words += [f"rto:{ms(info['rto'])}", f"backoff:{info['backoff']}", f"mss:{info['snd_mss']}",
              f"pmtu:{info['pmtu']}", f"rtt:{ms(info['rtt'])}/{ms(info['rttvar'])}", f"cwnd:{info['cwnd']}",
              f"ssthresh:{info['ssthresh']}"]
    for name in ("bytes_sent", "bytes_retrans", "bytes_acked", "bytes_received", "segs_out", "segs_in",
                 "data_segs_out", "data_segs_in", "lastsnd", "lastrcv", "lastack", "delivered", "unacked", "lost",
                 "notsent", "snd_wnd", "busy", "rwnd_limited", "sndbuf_limited"):
        if name in info:
            value = info[name]
            words.append(f"{name}:{value // 1000 if name in ('busy', 'rwnd_limited', 'sndbuf_limited') else value}")
    if "retrans" in info:  # ss: segments retransmitted now / in the connection's life
        words.append(f"retrans:{info['retrans']}/{info['total_retrans']}")
    return " ".join(words)


def text(args):
    """Decodes RAW sample by sample, streaming: a long run's raw file need not fit in memory."""
    try:
        source = open(args.raw, "rb")
    except OSError as error:
        raise BadInput(f"{args.raw}: {error.strerror}") from None
    with source:
        if source.read(len(MAGIC)) != MAGIC:
            raise BadInput(f"{args.raw}: not a file of `ss-netlink.py sample` (no '{MAGIC.decode().strip()}' line)")
        out = Output(args.out)
        try:
            samples = write_text(source, out.fd, args.raw)
            out.commit()
        except BaseException:
            out.discard()
            raise
    print(f"ss-netlink: {samples} samples -> {args.out}")


def write_text(source, fd, name):
    """Writes every sample of SOURCE (past its magic line) to FD as gzipped ss text; returns how many there were."""
    offset = len(MAGIC)
    samples = 0
    with os.fdopen(fd, "wb") as raw_out, gzip.GzipFile(fileobj=raw_out, mode="wb", mtime=0) as stream:
        while header := source.read(RECORD.size):
            if len(header) < RECORD.size:
                raise BadInput(f"{name}: a sample cut short at byte {offset} (the sampler was killed?)")
            t, length = RECORD.unpack(header)
            offset += RECORD.size
            reply = source.read(length)
            if len(reply) < length:
                raise BadInput(f"{name}: a sample cut short at byte {offset} (the sampler was killed?)")
            lines = [f"# t={t:.3f}"]
            for state, recvq, sendq, local, peer, info, skmem in decode(reply):
                lines.append(f"{state} {recvq} {sendq} {local} {peer}")
                lines.append("\t " + fields(info, skmem))
            stream.write(("\n".join(lines) + "\n").encode())
            offset += length
            samples += 1
    return samples


class Output:
    """A temporary file beside the output, renamed onto it on commit."""

    def __init__(self, path):
        folder = os.path.dirname(os.path.abspath(path))
        try:
            self.fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=".ss-netlink.")
        except OSError as error:
            raise Unwritable(f"cannot write {path}: {error.strerror}") from None
        self.path = path

    def commit(self):
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp's 0600 is for the temporary name only
        os.replace(self.tmp, self.path)

    def discard(self):
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


def main(argv):
    parser = argparse.ArgumentParser(prog="ss-netlink.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("sample", help="sample the sockets into a raw file")
    s.add_argument("--ports", default="6379-6399", help="local ports, PORT or LOW-HIGH (default 6379-6399)")
    s.add_argument("--every-ms", type=float, default=10.0)
    s.add_argument("--for-s", type=float, required=True)
    s.add_argument("--burst-s", type=float)
    s.add_argument("--cycle-s", type=float)
    s.add_argument("--ipv6", action="store_true", help="IPv6 sockets as well")
    s.add_argument("--out", required=True)
    t = commands.add_parser("text", help="decode a raw file into ss -tinm text, gzipped")
    t.add_argument("raw")
    t.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    try:
        (sample if args.command == "sample" else text)(args)
    except BadInput as error:
        print(f"ss-netlink: {error}", file=sys.stderr)
        return 2
    except Unwritable as error:
        print(f"ss-netlink: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("ss-netlink: stopped; nothing written", file=sys.stderr)
        return 130
    except OSError as error:
        print(f"ss-netlink: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
