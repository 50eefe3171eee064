#!/usr/bin/env python3
"""The kernel's TCP counters of a network namespace around a measured run (issue 13): how TCP got its copies through.

    tcp-counters.py snapshot --out FILE [--proc DIR]   /proc/net/snmp and /proc/net/netstat (Tcp, TcpExt) as JSON
    tcp-counters.py record RUN_FILE BEFORE AFTER        add AFTER - BEFORE to a run file as the block tcp_counters
    tcp-counters.py table RUN_FILE...                   drops against retransmits, probes and recoveries

calibration/run-local runs `snapshot` inside the run's namespace (`ip netns exec NS`: /proc/net is the namespace's)
just before the measured load starts and again once it has ended, then `record`. The block holds, for every counter
of Tcp and TcpExt that changed (and always for the ones named in KEY, zero or not), its increase over the run; the
namespace holds only the run's own sockets (Redis, the servers, the load generator), all on its loopback. Nothing
else reads the block: run files without it are read as before. --proc reads the two files from DIR instead (tests).
Bad input (a file that is not a snapshot, /proc text or a run file) => one line naming the file (line and column
where known), exit 2; the run file is left as it was.
"""
import json
import os
import sys

# Always recorded: where a segment lost to the shaper went (kernel 6.x names). A tc drop on the sender's own
# interface is a failed transmit, not a loss in flight: a new segment stays unsent (no RetransSegs), a dropped
# retransmit counts TCPRetransFail; losses in flight show as TCPLossProbes, TCPFastRetrans, TCPTimeouts.
KEY = ("Tcp.OutSegs", "Tcp.RetransSegs", "TcpExt.TCPRetransFail", "TcpExt.TCPLostRetransmit",
       "TcpExt.TCPFastRetrans", "TcpExt.TCPSlowStartRetrans", "TcpExt.TCPLossProbes",
       "TcpExt.TCPLossProbeRecovery", "TcpExt.TCPTimeouts", "TcpExt.TCPSackRecovery", "TcpExt.TCPRenoRecovery",
       "TcpExt.TCPSpuriousRTOs", "TcpExt.TCPDSACKRecv", "TcpExt.TCPDSACKOldSent", "TcpExt.TCPDSACKUndo",
       "TcpExt.TCPWinProbe", "TcpExt.TCPKeepAlive", "TcpExt.TCPAutoCorking", "TcpExt.DelayedACKs",
       "TcpExt.TCPOFOQueue", "TcpExt.TCPSACKReorder", "TcpExt.TCPRcvQDrop", "TcpExt.TCPBacklogDrop")

# Tcp's gauges and constants: not counts over a run.
NOT_COUNTS = ("Tcp.RtoAlgorithm", "Tcp.RtoMin", "Tcp.RtoMax", "Tcp.MaxConn", "Tcp.CurrEstab")

SOURCE = ("/proc/net/snmp and /proc/net/netstat (Tcp, TcpExt) read in the run's network namespace just before the "
          "measured load and after it ended; increases over the run, every counter that changed and the key ones "
          "(tcp-counters.py)")


class BadInput(Exception):
    pass


def parse_proc(path: str, text: str, required: str) -> dict:
    """/proc/net/snmp or /proc/net/netstat: pairs of lines 'Group: names' and 'Group: values'; the Tcp and TcpExt
    counters, of which group `required` must be there."""
    lines = [line for line in text.splitlines() if line.strip()]
    counters = {}
    i = 0
    while i < len(lines):
        if i + 1 >= len(lines):
            raise BadInput(f"{path}:{i + 1}:1: a header line without its values line")
        names, values = lines[i].split(), lines[i + 1].split()
        if names[0] != values[0] or not names[0].endswith(":"):
            raise BadInput(f"{path}:{i + 2}:1: expected the values of {names[0]!r}, found {values[0]!r}")
        if len(names) != len(values):
            raise BadInput(f"{path}:{i + 2}:1: {len(names) - 1} names but {len(values) - 1} values")
        group = names[0][:-1]
        if group in ("Tcp", "TcpExt"):
            column = 1 + len(values[0])
            for name, value in zip(names[1:], values[1:]):
                column = lines[i + 1].index(value, column - 1) + 1
                try:
                    counters[f"{group}.{name}"] = int(value)
                except ValueError:
                    raise BadInput(f"{path}:{i + 2}:{column}: {group}.{name} is not an integer: {value!r}") from None
                column += len(value)
        i += 2
    if not any(key.startswith(required + ".") for key in counters):
        expected = "/proc/net/snmp" if required == "Tcp" else "/proc/net/netstat"
        raise BadInput(f"{path}: no {required} counters (expected {expected})")
    return counters


def read_text(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError as e:
        raise BadInput(f"{path}: cannot be read ({e.strerror})") from None


def snapshot(proc_dir: str) -> dict:
    counters = {}
    for name, group in (("snmp", "Tcp"), ("netstat", "TcpExt")):
        path = os.path.join(proc_dir, name)
        counters.update(parse_proc(path, read_text(path), group))
    return {"counters": counters}


def load_json(path: str, what: str):
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BadInput(f"{path}:{e.lineno}:{e.colno}: {what} is not JSON ({e.msg})") from None


def load_snapshot(path: str) -> dict:
    data = load_json(path, "a TCP counter snapshot")
    counters = data.get("counters") if isinstance(data, dict) else None
    if not isinstance(counters, dict):
        raise BadInput(f"{path}: a TCP counter snapshot needs the object 'counters'")
    for key, value in counters.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadInput(f"{path}: key {key!r} expected an integer, not {json.dumps(value)}")
    return counters


def difference(before: dict, after: dict, before_path: str, after_path: str) -> dict:
    increases = {}
    for key in sorted(set(before) | set(after)):
        if key in NOT_COUNTS:
            continue
        if key not in after or key not in before:
            missing = after_path if key not in after else before_path
            if key in KEY:
                raise BadInput(f"{missing}: key {key!r} is missing")
            continue
        change = after[key] - before[key]
        if change < 0:
            raise BadInput(f"{after_path}: key {key!r} went down ({before[key]} -> {after[key]}): "
                           "not the same namespace as the snapshot before?")
        if change != 0 or key in KEY:
            increases[key] = change
    return increases


def record(run_path: str, before_path: str, after_path: str) -> None:
    increases = difference(load_snapshot(before_path), load_snapshot(after_path), before_path, after_path)
    report = load_json(run_path, "a run file")
    if not isinstance(report, dict) or "metrics" not in report:
        raise BadInput(f"{run_path}: not a run file (no 'metrics')")
    report["tcp_counters"] = {"source": SOURCE, "increase": increases}
    tmp = run_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    os.replace(tmp, run_path)


TABLE = (("shaper drops", None), ("OutSegs", "Tcp.OutSegs"), ("RetransSegs", "Tcp.RetransSegs"),
         ("RetransFail", "TcpExt.TCPRetransFail"), ("LossProbes", "TcpExt.TCPLossProbes"),
         ("LossProbeRecovery", "TcpExt.TCPLossProbeRecovery"), ("FastRetrans", "TcpExt.TCPFastRetrans"),
         ("SackRecovery", "TcpExt.TCPSackRecovery"), ("Timeouts", "TcpExt.TCPTimeouts"),
         ("WinProbe", "TcpExt.TCPWinProbe"), ("DelayedACKs", "TcpExt.DelayedACKs"))


def table(paths: list) -> str:
    rows = []
    for path in paths:
        report = load_json(path, "a run file")
        if not isinstance(report, dict):
            raise BadInput(f"{path}: not a run file")
        block = report.get("tcp_counters")
        name = os.path.basename(path)
        if not isinstance(block, dict) or not isinstance(block.get("increase"), dict):
            rows.append(f"| {name} | no tcp_counters |" + " |" * (len(TABLE) - 1))
            continue
        drops = report.get("environment", {}).get("shaper_queue_drops", "")
        cells = [str(drops)] + [f"{block['increase'].get(key, 0):,}" for _, key in TABLE[1:]]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    header = "| run | " + " | ".join(title for title, _ in TABLE) + " |"
    return "\n".join([header, "|---" * (len(TABLE) + 1) + "|"] + rows)


def main(argv: list) -> int:
    usage = __doc__.split("\n\n")[1]
    try:
        if len(argv) >= 3 and argv[0] == "snapshot" and argv[1] == "--out":
            out, rest = argv[2], argv[3:]
            proc_dir = rest[1] if rest[:1] == ["--proc"] and len(rest) == 2 else "/proc/net" if not rest else None
            if proc_dir is None:
                raise BadInput(f"snapshot: unexpected arguments {' '.join(rest)}\n{usage}")
            data = snapshot(proc_dir)
            tmp = out + ".tmp"
            try:
                with open(tmp, "w") as f:
                    json.dump(data, f, indent=2)
                os.replace(tmp, out)
            except OSError as e:
                print(f"tcp-counters.py: cannot write {out}: {e.strerror}", file=sys.stderr)
                return 3
            return 0
        if len(argv) == 4 and argv[0] == "record":
            record(argv[1], argv[2], argv[3])
            return 0
        if len(argv) >= 2 and argv[0] == "table":
            print(table(argv[1:]))
            return 0
        print(usage, file=sys.stderr)
        return 2
    except BadInput as e:
        print(f"tcp-counters.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
