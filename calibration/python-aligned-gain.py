#!/usr/bin/env python3
"""What aligned sends (RAMP=0s, k6's lockstep ticks) add to a setup's delivery ratio at equal speed (issue 17).

    python-aligned-gain.py [--kernel TEXT] [--at MILLIONS] [--out FILE] RUN.json...

Runs of one setup (N, interval, tasks, quota, subscription mode; the ramp and any -env-TAG of the name aside) vary in
their servers' in-run speed (environment.speed_index_server) as much as in their ramp, so a setup's aligned runs
against its spread ones compare machines as well as modes. Per setup, least squares of each run's ratio (pp) on its
speed (millions) and a 0/1 for aligned: the aligned coefficient is the gain at equal speed, given with its standard
error, the runs (aligned among them), the residual sd of one run, the fit's ratio of each mode at --at MILLIONS (2.3
unless given: the setup at one speed), the mean speed of each mode and the raw difference of the modes' means. A setup is fitted when it has at least four runs, both modes, and speeds that differ.
Left out and counted: runs the contamination guard marked (environment.contaminated), runs without an in-run speed,
and with --kernel those whose environment.kernel does not contain TEXT. Standard library only; bad input => one
line, exit 2; an --out that cannot be written => one line, exit 3, before any work.
"""
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import outfile  # noqa: E402
import run_table  # noqa: E402

USAGE = "usage: python-aligned-gain.py [--kernel TEXT] [--at MILLIONS] [--out FILE] RUN.json..."


class BadInput(Exception):
    pass


def setup_of(name: str) -> str:
    """py-n50-i1-t1-q0.25-bwnone-perconn-ramp0s-env-timeline.r2.json -> py-n50-i1-t1-q0.25-bwnone-perconn."""
    stem = re.sub(r"(\.r\d+)?\.json$", "", name)
    return re.sub(r"-ramp[^-]*$", "", re.sub(r"-env-.*$", "", stem))


def read_run(path: str):
    """(setup, aligned, speed in millions or None, ratio pp, contaminated, kernel)."""
    try:
        with open(path) as f:
            run = json.load(f)
        env = run.get("environment") or {}
        ratio = float(run["metrics"]["delivery_ratio"]) * 100
        aligned = run_table.aligned(run)
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise BadInput(f"{path}:{e.lineno}:{e.colno}: a run file is not JSON: {e.msg}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BadInput(f"{path}: not a measured run file ({e})") from None
    speed = env.get("speed_index_server")
    speed = float(speed) / 1e6 if speed not in (None, "", "none") else None
    contaminated = env.get("contaminated") in (True, "true")
    return setup_of(os.path.basename(path)), aligned, speed, ratio, contaminated, str(env.get("kernel", ""))


def solve3(a, b):
    """The 3 x 3 system a x = b by Gaussian elimination with partial pivoting; None when singular."""
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(3):
        pivot = max(range(col, 3), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) < 1e-12:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(3):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return [m[i][3] / m[i][i] for i in range(3)]


def inverse_diagonal(a, i):
    """Element (i, i) of a's inverse."""
    unit = [1.0 if k == i else 0.0 for k in range(3)]
    column = solve3(a, unit)
    return column[i] if column else math.nan


def fit(runs):
    """runs: [(speed, aligned, ratio)] -> (intercept, slope a million, gain, the gain's standard error, residual sd),
    or None when it cannot be fitted."""
    xs = [(1.0, s, 1.0 if al else 0.0) for s, al, _ in runs]
    ys = [r for _, _, r in runs]
    xtx = [[sum(x[i] * x[j] for x in xs) for j in range(3)] for i in range(3)]
    xty = [sum(x[i] * y for x, y in zip(xs, ys)) for i in range(3)]
    beta = solve3(xtx, xty)
    if beta is None:
        return None
    residuals = [y - sum(b * xi for b, xi in zip(beta, x)) for x, y in zip(xs, ys)]
    dof = len(runs) - 3
    sd = math.sqrt(sum(e * e for e in residuals) / dof) if dof > 0 else math.nan
    return beta[0], beta[1], beta[2], sd * math.sqrt(inverse_diagonal(xtx, 2)), sd


def mean(xs):
    return sum(xs) / len(xs) if xs else math.nan


def report(paths, kernel, at):
    by_setup, left = {}, {"contaminated": 0, "no in-run speed": 0, "another kernel": 0}
    for path in paths:
        setup, aligned, speed, ratio, contaminated, run_kernel = read_run(path)
        if contaminated:
            left["contaminated"] += 1
        elif speed is None:
            left["no in-run speed"] += 1
        elif kernel and kernel not in run_kernel:
            left["another kernel"] += 1
        else:
            by_setup.setdefault(setup, []).append((speed, aligned, ratio))
    lines = ["| setup | runs (aligned) | aligned gain at equal speed, pp | +- (1 se) | residual sd, pp | "
             f"spread / aligned at {at:g} million, % | mean speed spread / aligned, millions | "
             "raw aligned less spread, pp |", "|---|---|---|---|---|---|---|---|"]
    fitted = 0
    for setup in sorted(by_setup, key=lambda s: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", s)]):
        runs = by_setup[setup]
        aligned = [r for r in runs if r[1]]
        spread = [r for r in runs if not r[1]]
        result = fit(runs) if len(runs) >= 4 and aligned and spread else None
        if result is None:
            continue
        fitted += 1
        intercept, slope, gain, se, sd = result
        level = intercept + slope * at
        raw = mean([r[2] for r in aligned]) - mean([r[2] for r in spread])
        lines.append(f"| {setup} | {len(runs)} ({len(aligned)}) | {gain:+.1f} | {se:.1f} | {sd:.1f} | "
                     f"{level:.1f} / {level + gain:.1f} | "
                     f"{mean([r[0] for r in spread]):.2f} / {mean([r[0] for r in aligned]):.2f} | {raw:+.1f} |")
    if fitted == 0:
        raise BadInput("no setup has four runs with both modes at differing speeds")
    left_text = ", ".join(f"{n} {why}" for why, n in left.items() if n) or "none"
    return "\n".join(lines) + f"\n\nSetups fitted: {fitted}; runs left out: {left_text}.\n"


def main(argv):
    kernel, out, at, paths = None, None, 2.3, []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("--kernel", "--out", "--at"):
            if not args:
                raise BadInput(f"{arg} needs a value\n{USAGE}")
            value = args.pop(0)
            if arg == "--kernel":
                kernel = value
            elif arg == "--out":
                out = value
            else:
                try:
                    at = float(value)
                except ValueError:
                    raise BadInput(f"--at expects a speed in millions, not '{value}'") from None
                if not at > 0:
                    raise BadInput(f"--at expects a speed in millions, not '{value}'")
        elif arg.startswith("--"):
            raise BadInput(f"unknown option '{arg}'\n{USAGE}")
        else:
            paths.append(arg)
    if not paths:
        raise BadInput(USAGE)
    if not outfile.writable("python-aligned-gain.py", out):
        return 3
    return outfile.emit(out, report(paths, kernel, at))


if __name__ == "__main__":
    outfile.main("python-aligned-gain.py", main, errors=(BadInput,))
