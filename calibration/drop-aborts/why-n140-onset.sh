#!/usr/bin/env bash
# Issue 13: when the model's aborts begin (calibration/drop-aborts/why-n140.md). 12 seeds x 6 lengths x 2 setups, 3.5 min.
# For sessions=1 of length S: aborts = subscribers whose failing began before about S - 7.7 s (the probe budget).
cd "$(dirname "$0")/../.." || exit 2
for setup in n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64 n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32; do
  python3 -c "
import sys; sys.path.insert(0,'calibration/drop-aborts'); import importlib.util as u
s=u.spec_from_file_location('ms','calibration/drop-aborts/model-seeds.py'); m=u.module_from_spec(s); s.loader.exec_module(m)
m.scenario('$setup','calibration/profiles/local.yaml','/tmp/a13/$setup.yaml')"
  for S in 8 9 10 12 15 20; do
    t=0; for seed in $(seq 1 12); do
      ./fanoutsim run /tmp/a13/$setup.yaml -r 1 -s $seed --set sessions=1 --set session=${S}s --json /tmp/a13/o.json >/dev/null 2>&1
      a=$(python3 -c "import json;print(json.load(open('/tmp/a13/o.json'))['redis_shaping']['probe_aborts'])"); t=$((t+a))
    done; echo "$setup session=${S}s aborts over 12 seeds: $t"
  done
done
