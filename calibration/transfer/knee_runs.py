"""The knee sessions' run files, read one way for every script here (loso-summary.py, throughput-by-session.py).

A session is one day's measurement of the ten setups of sweep-knee.txt: session a is their runs in calibration/runs,
the others calibration/transfer/session-S. Contaminated runs (the guard's flag) are left out. Standard library only.
"""
import importlib.util
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SESSIONS = {
    "a": "calibration/runs (its ten knee setups), 2026-12-01",
    "b": "session-b, 2026-12-01",
    "c": "session-c, 2026-12-02",
    "d": "session-d, 2026-12-02",
    "e": "session-e, 2026-12-02 evening",
    "f": "session-f, 2026-12-03 (5 ms speed sampler)",
    "g": "session-g, 2026-12-03 06:40 (5 ms speed sampler)",
    "h": "session-h, 2026-12-03 08:02 (5 ms speed sampler, per-process CPU)",
    "i": "session-i, 2026-12-03 09:32 (3 repeats, 5 ms sampler, per-process CPU)",
    "j": "session-j, 2026-12-03 12:01 (3 repeats, 5 ms sampler, per-process CPU)",
    "k": "session-k, 2026-12-03 13:55 (2 repeats, 5 ms sampler, per-process CPU; same host as j)",
    "l": "session-l, 2026-12-03 14:53 (2 repeats, 5 ms sampler, per-process CPU, speed reference; same host as j)",
    "m": "session-m, 2026-12-03 16:34 (1 repeat, 5 ms sampler, per-process CPU, speed reference; same host as j)",
    "n": "session-n, 2026-12-03 17:31 (3 repeats, 5 ms sampler, per-process CPU, speed reference; same host as j)",
    "o": "session-o, 2026-12-03 20:41 (3 repeats, 5 ms sampler, per-process CPU, speed reference; same host as j)",
    "p": "session-p, 2026-12-04 00:09 (3 repeats, 5 ms sampler, per-process CPU, speed reference; j's host, a new day)",
    "q": "session-q, 2026-12-04 10:19 (3 repeats, 5 ms sampler, per-process CPU, speed reference; j's host, p + 10 h)",
    "r": "session-r, 2026-12-04 14:45 (3 repeats, 5 ms sampler, per-process CPU, speed reference; 2096 MHz as b-i)",
    "s": "session-s, 2026-12-04 16:26 (3 repeats, 5 ms sampler, per-process CPU, speed reference; R's machine)",
    "x": "session-x, 2026-12-05 02:31 (2 repeats, 5 ms sampler, per-process CPU, speed reference; R's host kind)",
}


def knee_setup_order():
    """The run names (without repeat suffix) of the setups in sweep-knee.txt, in its order (run-local measures them
    in that order, REPEATS times)."""
    order = []
    with open(os.path.join(HERE, "sweep-knee.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) == 6 and not line.startswith("#"):
                mode = "perconn" if p[5] == "per-connection" else "pertask"
                order.append(f"n{p[0]}-i{p[1]}-t{p[2]}-q{p[3]}-bw{p[4]}-{mode}")
    return order


def knee_setups():
    """The run names (without repeat suffix) of the setups in sweep-knee.txt."""
    return set(knee_setup_order())


def session_reports(s, knee):
    """(setup, report) of each uncontaminated knee run file of session s, in file-name order."""
    for setup, report, _ in session_files(s, knee):
        yield setup, report


def session_files(s, knee, contaminated=False):
    """(setup, report, path) of each uncontaminated knee run file of session s (with contaminated=True: of every one),
    in file-name order."""
    folder = os.path.join(HERE, "..", "runs") if s == "a" else os.path.join(HERE, f"session-{s}")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        setup = re.sub(r"(\.r\d+)?\.json$", "", name)
        if setup not in knee:
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        if not contaminated and report.get("environment", {}).get("contaminated") == "true":
            continue
        yield setup, report, path


def load_script(name):
    """A script of this folder whose file name is no module name (repeat-scatter.py), loaded as a module."""
    spec = importlib.util.spec_from_file_location(name[:-3].replace("-", "_"), os.path.join(HERE, name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
