#!/usr/bin/env python3
"""Mean speed indexes (million envelopes per CPU-second) of each folder's clean runs of session Y's eight setups
only: the in-run sampler's (environment.speed_index_server) and the probes' where the servers ran
(speed_index_server_probes), so the sessions are compared on the same setups.

    python3 calibration/python-runs-y/speeds-same-setups.py FOLDER...
"""
import glob
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outfile  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def setup_of(path):
    return re.sub(r"\.r\d+$", "", os.path.basename(path)[:-len(".json")])


def main(folders):
    setups = {setup_of(p) for p in glob.glob(os.path.join(HERE, "*.json"))}
    for folder in folders:
        in_run, probes = [], []
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            if setup_of(path) not in setups:
                continue
            with open(path) as f:
                env = json.load(f).get("environment") or {}
            if env.get("contaminated") in ("true", True):
                continue
            in_run.append(float(env["speed_index_server"]) / 1e6)
            probes.append(float(env["speed_index_server_probes"]) / 1e6)
        print(f"{folder}: {len(in_run)} clean runs of Y's setups, in-run mean {statistics.fmean(in_run):.2f}, "
              f"probes mean {statistics.fmean(probes):.2f}")
    return 0


if __name__ == "__main__":
    outfile.main("speeds-same-setups.py", main)
