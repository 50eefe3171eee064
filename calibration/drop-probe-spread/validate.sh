#!/usr/bin/env bash
# Issue 13, spread probes: `redis_probe_spread` judged held out the way redis_write_cpu was, over the 73 drop runs of
# calibration/drop-runs, -x and -y, with the spread-0 grid taken from calibration/drop-runs-y's tables at the same
# replications (BASE): calibration/drop-validate.sh with SPREADS.
#   REPLICATIONS=12 OUT=calibration/drop-probe-spread/grid-r12 BASE=calibration/drop-runs-y/write-cpu-r12 \
#     SUMMARY=calibration/drop-probe-spread/select-r12.md calibration/drop-probe-spread/validate.sh
SPREADS="${SPREADS:-10 20 40}" GRID="${GRID:-4 6 8 10 14 20}" REPLICATIONS="${REPLICATIONS:-4}" \
  OUT="${OUT:-calibration/drop-probe-spread/grid}" BASE="${BASE:-calibration/drop-runs-y/write-cpu}" \
  SUMMARY="${SUMMARY:-calibration/drop-probe-spread/select.md}" \
  exec "$(dirname "$0")/../drop-validate.sh" calibration/drop-runs calibration/drop-runs-x calibration/drop-runs-y
