#!/usr/bin/env bash
# Issue 13, session Y: calibration/drop-validate.sh over calibration/drop-runs, drop-runs-x and drop-runs-y (73 runs,
# 12 setups); scattering = the four with seven more runs in drop-runs-x, thin = the three with four more here.
#   REPLICATIONS=24 OUT=calibration/drop-runs-y/write-cpu-r24 calibration/drop-runs-y/validate.sh
s="n60-i1-t2-q0.5-bw20-perconn-ramp0s-qkb32,n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32"
s+=",n100-i1-t2-q0.5-bw80-perconn-ramp0s-qkb32,n140-i1-t2-q0.5-bw80-perconn-ramp0s-qkb64"
t="n140-i1-t2-q0.5-bw120-perconn-ramp0s-qkb64,n100-i1-t2-q0.5-bw40-pertask-ramp0s-qkb32"
t+=",n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb128"
SETUP_GROUPS="scattering=$s thin=$t" OUT="${OUT:-calibration/drop-runs-y/write-cpu}" \
  exec "$(dirname "$0")/../drop-validate.sh" calibration/drop-runs calibration/drop-runs-x calibration/drop-runs-y
