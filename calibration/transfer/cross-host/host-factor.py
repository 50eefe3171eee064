#!/usr/bin/env python3
"""E3's host factor (issue 12, README "Across host kinds"): each session's servers' CPU-us per delivered copy in ONE
fixed saturated setup (default n250-i1-t1-q0.05-bwnone-pertask: one task at 0.05 core, per-task subscription, well
past its knee), read as repeat-scatter.py reads it (server CPU seconds / copies received), mean over the session's
uncontaminated repeats; then f = the target session's figure / the mean of the fit sessions' figures.

Usage (from any folder):
  calibration/transfer/cross-host/host-factor.py TARGET FIT_SESSION [FIT_SESSION ...] [--setup NAME]
Prints one Markdown table (each session's runs and mean) and the factor on its last line ("f = ..."). Standard
library only.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from knee_runs import knee_setups, load_script, session_reports  # noqa: E402

repeat_scatter = load_script("repeat-scatter.py")


def per_copy(session, setup):
    """The us per copy of each uncontaminated run of the setup in the session."""
    return [repeat_scatter.features(r, i)["us_per_copy"]
            for i, (name, r) in enumerate(session_reports(session, knee_setups())) if name == setup]


def main(argv):
    setup = "n250-i1-t1-q0.05-bwnone-pertask"
    if "--setup" in argv:
        i = argv.index("--setup")
        setup = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    target, fit = argv[0], argv[1:]
    print(f"| session | runs' servers CPU-us per delivered copy ({setup}) | mean |")
    print("|---|---|---|")
    means = {}
    for s in [target] + fit:
        v = [x for x in per_copy(s, setup) if x is not None]
        if not v:
            print(f"host-factor.py: session {s} has no usable {setup} run", file=sys.stderr)
            return 2
        means[s] = statistics.mean(v)
        print(f"| {s.upper()} | {', '.join(f'{x:.3f}' for x in v)} | {means[s]:.3f} |")
    base = statistics.mean(means[s] for s in fit)
    print()
    print(f"f = {means[target]:.3f} / {base:.3f} (mean of {' '.join(fit)}) = {means[target] / base:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
