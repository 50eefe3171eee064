#!/usr/bin/env python3
"""Copies of run files whose probes speeds move a prediction only E of the way (issue 17; an exploration, no
calibrate option): each run's probes speed index s (the one `--speed-rule probes` picks: speed_index_server_probes,
else speed_index_server unless the in-run sampler wrote it, else the mean of speed_index_before and _after, else
speed_index) becomes P x (s / P)^E, P the profile's speed_index, by scaling every probes field of the run by
(s / P)^(E - 1). The copies keep their file names, one subfolder per FOLDER, so calibrate joins repeats as before.

    python3 calibration/python-pooled/speed-exponent-copies.py --exponent E --profile-speed P --into DIR FOLDER...
"""
import glob
import json
import os
import sys

from probes_speed import picked  # this folder's one definition of the probes index

FIELDS = ("speed_index_server_probes", "speed_index_server", "speed_index_before", "speed_index_after",
          "speed_index")


def main(argv):
    if len(argv) < 7 or argv[0] != "--exponent" or argv[2] != "--profile-speed" or argv[4] != "--into":
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    e, p, into, folders = float(argv[1]), float(argv[3]), argv[5], argv[6:]
    for folder in folders:
        out = os.path.join(into, os.path.basename(folder.rstrip("/")))
        os.makedirs(out, exist_ok=True)
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            run = json.load(open(path))
            env = run.get("environment") or {}
            s = picked(env)
            if s:
                f = (s / p) ** (e - 1)
                for k in FIELDS:
                    if k in env and env[k] not in (None, ""):
                        env[k] = str(round(float(env[k]) * f))
            with open(os.path.join(out, os.path.basename(path)), "w") as g:
                json.dump(run, g)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
