#!/usr/bin/env python3
"""How much of a tiny CPU quota the real per-task servers turned into work (issue 16, brief S5): for each saturated
per-task run (measured ratio below 0.9), the work done per second per task priced at the session-A `local`'s costs
(calibration/transfer/local-a.yaml, `local` until 2026-12-03: inbound_cpu per message, local_fanout_cpu per
delivery, at the run's speed index), as a share of the quota, beside what the model leaves for work at that quota
(quota less task_overhead_cores, then less period_overhead_cpu per CFS period). Standard library only.

Usage (from any folder):
  calibration/rooms-runs/evidence/quota-work.py [RUN.json ...]   # default: calibration/{runs,rooms-runs}/*pertask*
"""
import glob
import json
import os
import sys

# The repository root, so the script runs from any folder.
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")

PROFILE_SPEED = 2548584  # the session-A local (calibration/transfer/local-a.yaml) speed_index
INBOUND = 64.05e-6  # local-a inbound_cpu, s per message
FANOUT = 0.773e-6  # local-a local_fanout_cpu, s per delivery (per task)
OVERHEAD = 0.00652  # local task_overhead_cores
PERIOD, PERIOD_OVERHEAD = 0.1, 0.0003  # local cfs_period, period_overhead_cpu


def row(path):
    d = json.load(open(path))
    setup, m, e = d["setup"], d["metrics"], d["environment"]
    if setup.get("subscription") != "per-task" or m["delivery_ratio"] >= 0.9:
        return None
    q, tasks, dur = setup["task_vcpu"], setup["tasks"], m["duration_seconds"]
    speeds = [float(e[k]) for k in ("speed_index_before", "speed_index_after") if k in e]
    speed = sum(speeds) / len(speeds) if speeds else float(e.get("speed_index", PROFILE_SPEED))
    cpu = sum(float(v) for k, v in e.items() if k.startswith("server_cpu_seconds_pid"))
    scale = PROFILE_SPEED / speed  # profile CPU-seconds -> this machine's
    work = (m["ws_msgs_sent"] * INBOUND + m["ws_msgs_received"] * FANOUT) * scale / dur / tasks
    model_share = max(0.0, q - OVERHEAD) / q * (1 - PERIOD_OVERHEAD / (q * PERIOD))
    return (path.split("/")[-1].removesuffix(".json"), q, m["delivery_ratio"], speed, cpu / dur / tasks / q,
            work / q, model_share)


def main(argv):
    paths = argv or sorted(glob.glob(f"{ROOT}/calibration/runs/*pertask*.json")
                           + glob.glob(f"{ROOT}/calibration/rooms-runs/*pertask*.json"))
    print("| run | quota cores | measured ratio | speed index | CPU used / quota | work at local's costs / quota "
          "| model's share for work |")
    print("|---|---|---|---|---|---|---|")
    for p in paths:
        r = row(p)
        if r:
            print("| %s | %.3f | %.3f | %.2f M | %.2f | %.2f | %.2f |"
                  % (r[0], r[1], r[2], r[3] / 1e6, r[4], r[5], r[6]))


if __name__ == "__main__":
    # A missing or malformed input is one line and exit 2, never a traceback.
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError, KeyError) as e:
        print(f"quota-work: {e}", file=sys.stderr)
        sys.exit(2)
