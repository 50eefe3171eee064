#!/usr/bin/env bash
# Issue 17: session Y (kernel v1272, 2026-12-05 03:56-04:16 UTC) held out, predicted by profiles fitted before it was
# measured: the five-session pooled fit and the six-session one (python-runs-x/pooled6), the v1272 fit (R+S+W) and
# local-python, at --speed-rule probes and in-run; judged on Y's setup means (calibrate joins the three runs of a
# setup: 8 rows) and run by run (each run copied under its own name by floor.py --copies: 24 rows, -per-run tables).
#   calibration/python-runs-y/held-out.sh      # about 3 minutes; writes calibration/python-runs-y/validation-*.md
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/../python-pooled/held-out.sh" --out calibration/python-runs-y python-runs-y \
  pooled5:calibration/python-runs-w/pooled5/probes.yaml \
  pooled6:calibration/python-runs-x/pooled6/probes.yaml \
  v1272:calibration/python-runs-w/by-session/fit-v1272.yaml \
  local-python:calibration/profiles/local-python.yaml
