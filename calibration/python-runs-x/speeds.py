#!/usr/bin/env python3
"""Mean speed indexes of each folder's clean runs (million envelopes per CPU-second): the probes where the servers
ran (environment.speed_index_server_probes; where no server placement was recorded, the probes' mean over every
CPU, speed_index, as calibrate's probes rule) and the in-run sampler's (speed_index_server), with the kernel builds.

    python3 calibration/python-runs-x/speeds.py FOLDER...
"""
import glob
import json
import os
import statistics
import sys


def main(folders):
    for folder in folders:
        probes, in_run, kernels, left = [], [], set(), 0
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            with open(path) as f:
                env = json.load(f).get("environment") or {}
            if env.get("contaminated") in ("true", True):
                left += 1
                continue
            kernels.add(env.get("kernel", "?"))
            probes.append(float(env.get("speed_index_server_probes", env["speed_index"])))
            if "speed_in_run_cpus" in env:
                in_run.append(float(env["speed_index_server"]))
        line = f"{folder}: {len(probes)} clean runs, probes"
        if probes:
            line += f", mean {statistics.mean(probes) / 1e6:.2f}"
        if in_run:
            line += f"; in-run {len(in_run)}, mean {statistics.mean(in_run) / 1e6:.2f}"
        print(f"{line}; contaminated left out {left}; kernel {' '.join(sorted(kernels))}")


if __name__ == "__main__":
    main(sys.argv[1:])
