#!/usr/bin/env python3
"""Held-out judgement of choosing a drop-run variant (issue 13).

calibration/drop-iterations predicts the 12 drop setups in 24 variants of the egress model (paced or windowed,
MSS, corked, retry on ACK) with nothing fitted; picking the best of them on the same 12 setups is itself a fit.
This script judges the choice held out: the setups are split into K folds (sorted by name, fold = index mod K;
K = 12 is leave one setup out); for each fold the variant with the lowest mean |error| on the other folds is
chosen and its errors on the held-out fold are kept. Prints the pooled held-out mean / worst and each fold's
choice, beside the best variant's in-sample figure.

Usage: calibration/drop-variant-select.py [--folds K] [--per-setup] [DIR]
    (DIR: default calibration/drop-validation-iterations; --per-setup: also each setup's held-out error)
"""
import csv
import glob
import os
import sys


def load(folder):
    variants = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        if not rows or "abs_error_pp" not in rows[0]:
            raise ValueError(f"{path}: expected a `calibrate --table` CSV (column abs_error_pp)")
        variants[os.path.basename(path)[:-4]] = {r["run"]: float(r["abs_error_pp"]) for r in rows}
    if not variants:
        raise ValueError(f"{folder}: no variant CSVs")
    setups = sorted(next(iter(variants.values())))
    for name, errors in variants.items():
        if sorted(errors) != setups:
            raise ValueError(f"{name}: its setups differ from the other variants'")
    return variants, setups


def mean(values):
    return sum(values) / len(values)


def main(argv):
    folds = 4
    per_setup = "--per-setup" in argv
    argv = [a for a in argv if a != "--per-setup"]
    if argv[:1] == ["--folds"]:
        if len(argv) < 2 or not argv[1].isdigit() or int(argv[1]) < 2:
            raise ValueError("--folds: expected a whole number >= 2")
        folds, argv = int(argv[1]), argv[2:]
    if len(argv) > 1:
        raise ValueError("expected at most one folder (see --help in the file's header)")
    # The default folder is the repository's, so the script runs from any folder.
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drop-validation-iterations")
    variants, setups = load(argv[0] if argv else default)
    folds = min(folds, len(setups))
    held_out, choices = [], []
    for k in range(folds):
        test = [s for i, s in enumerate(setups) if i % folds == k]
        train = [s for s in setups if s not in test]
        best = min(variants, key=lambda v: (mean([variants[v][s] for s in train]), v))
        choices.append((k, best, test))
        held_out += [variants[best][s] for s in test]
    in_sample = min(variants, key=lambda v: (mean(list(variants[v].values())), v))
    print(f"| choice | mean / worst abs error pp over {len(setups)} setups |")
    print("|---|---|")
    print(f"| best variant in-sample ({in_sample}) | {mean(list(variants[in_sample].values())):.1f} / "
          f"{max(variants[in_sample].values()):.1f} |")
    print(f"| chosen on the other folds, {folds} folds by setup (held out) | {mean(held_out):.1f} / "
          f"{max(held_out):.1f} |")
    print()
    for k, best, test in choices:
        print(f"- fold {k + 1} ({len(test)} setups): {best}")
    if per_setup:
        print()
        print("| setup | fold | chosen on the other folds | held-out abs error pp |")
        print("|---|---|---|---|")
        for k, best, test in choices:
            for s in test:
                print(f"| {s} | {k + 1} | {best} | {variants[best][s]:.1f} |")
    return 0


if __name__ == "__main__":
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(__doc__.strip())
        sys.exit(0)
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError) as e:
        print(f"drop-variant-select: {e}", file=sys.stderr)
        sys.exit(2)
