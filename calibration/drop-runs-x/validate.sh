#!/usr/bin/env bash
# Issue 13, session X: calibration/drop-validate.sh over calibration/drop-runs and drop-runs-x (61 runs, 12 setups);
# scattering = the four setups with seven more runs here.
#   REPLICATIONS=24 OUT=calibration/drop-runs-x/write-cpu-r24 calibration/drop-runs-x/validate.sh
s="n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32,n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32"
s+=",n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32,n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64"
SETUP_GROUPS="scattering=$s" OUT="${OUT:-calibration/drop-runs-x/write-cpu}" \
  exec "$(dirname "$0")/../drop-validate.sh" calibration/drop-runs calibration/drop-runs-x
