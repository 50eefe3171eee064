#!/usr/bin/env python3
"""How many copies a socket takes back to back, and how many TCP segments they make, run by run (issue 17, session
AE), beside the simulation's turns for the same runs.

Each run file's server_counters (settled) give the copies the replica wrote (messages_out) and its send bursts
(send_bursts: the loop steps in which a connection's forwarder wrote at least one copy); its NAME.ss.gz (run-local's
socket sampler on the servers' ports) gives the data segments the servers' client sockets carried
(../../python-runs-ad/segments/segments.py reads it). With --predicted DIR (`fanoutsim calibrate RUNS --predict-only
--reports DIR`), each run's predicted report beside it gives the simulation's copies a turn (forwarder_writes /
forwarder_turns) and its delivery ratio.

    python3 calibration/python-runs-ae/bursts/bursts.py [--predicted DIR] calibration/python-runs-ae/bursts/*.json

Standard library only; a run file without its counters or .ss.gz is one line and exit 2.
"""
import importlib.util
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # calibration/
import run_table  # noqa: E402 - found through the path above

_SEGMENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python-runs-ad", "segments",
                         "segments.py")


def _segments_module():
    spec = importlib.util.spec_from_file_location("segments", _SEGMENTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predicted(folder, name):
    """The simulation's (ratio %, copies a turn) for the run, or None without a --predicted folder."""
    if folder is None:
        return None
    with open(os.path.join(folder, name + ".json")) as f:
        report = json.load(f)
    turns = float(report["environment"]["forwarder_turns"])
    writes = float(report["environment"]["forwarder_writes"])
    return 100 * report["metrics"]["delivery_ratio"], writes / turns if turns else 0.0


def row(path, sockets, folder):
    with open(path) as f:
        run = json.load(f)
    settled = run["server_counters"]["settled"]
    written, bursts = settled["messages_out"], settled["send_bursts"]
    seen = sockets(path[:-len(".json")] + ".ss.gz")
    segments = sum(s for s, _ in seen.values())
    if not segments or not bursts:
        raise ValueError("no server socket in its .ss.gz, or no send burst counted")
    name = os.path.basename(path)[:-len(".json")]
    setup = run["setup"]
    cells = [name, setup["subscription"], f"{100 * run['metrics']['delivery_ratio']:.1f}", str(written), str(bursts),
             f"{written / bursts:.1f}", str(segments), f"{segments / written:.2f}", f"{segments / bursts:.1f}"]
    sim = predicted(folder, name)
    if sim is not None:
        cells += [f"{sim[0]:.1f}", f"{sim[1]:.1f}"]
    return (setup["subscription"], setup["users"]), "| " + " | ".join(cells) + " |"


HEADER = ["run", "mode", "ratio %", "copies written", "send bursts", "copies a burst", "data segments to clients",
          "segments a copy", "segments a burst"]
SIMULATED = ["simulated ratio %", "simulated copies a turn"]


def main(args):
    folder = None
    if args[:1] == ["--predicted"]:
        folder, args = (args[1], args[2:]) if len(args) > 1 else (None, [])
    sockets = _segments_module().sockets
    return run_table.main("bursts.py", "[--predicted DIR] RUN.json...", args, lambda p: row(p, sockets, folder),
                          HEADER + (SIMULATED if folder is not None else []),
                          "a run file with server counters and socket samples")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
