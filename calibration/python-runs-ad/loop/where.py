#!/usr/bin/env python3
"""Where a per-task replica task's quota went besides messages and copies, run by run (issue 17, session AD): from
server_counters (settled) of the given run files, a second of the run: copies written, messages published, the
subscribers' empty polls and the share of the quota they would take at the busy-poll micro-benchmark's 16.5 us each
(calibration/python-start.yaml, measured at speed index 2.49 million, scaled to the run's in-run speed), the garbage
collector's runs (full ones apart) and the share of the quota its measured CPU took.

    python3 calibration/python-runs-ad/loop/where.py calibration/python-runs-ad/loop/*.json

Standard library only; a file that is not a run file with these counters is one line and exit 2.
"""
import json
import sys

POLL_CPU_S = 16.5e-6
POLL_SPEED = 2.49e6


def row(path):
    with open(path) as f:
        run = json.load(f)
    counters, metrics, setup = run["server_counters"]["settled"], run["metrics"], run["setup"]
    seconds, quota = metrics["duration_seconds"], setup["task_vcpu"] * setup["tasks"]
    speed = float(run["environment"]["speed_index_server"])
    polls = counters["empty_polls"] / seconds
    poll_share = polls * POLL_CPU_S * POLL_SPEED / speed / quota
    gc_share = counters["gc_cpu_ns"] / 1e9 / seconds / quota
    return (f"| {setup['name']} | {100 * metrics['delivery_ratio']:.1f} | {counters['messages_out'] / seconds:.0f} | "
            f"{counters['published'] / seconds:.1f} | {polls:.0f} | {100 * poll_share:.1f} | "
            f"{counters['gc_collections'] / seconds:.0f} | {counters['gc_full_collections'] / seconds:.2f} | "
            f"{100 * gc_share:.1f} | {speed / 1e6:.2f} |")


def main(paths):
    if not paths:
        print("usage: where.py RUN.json...", file=sys.stderr)
        return 2
    rows = []
    for path in paths:
        try:
            rows.append(row(path))
        except OSError as e:
            print(f"where.py: cannot read {path}: {e.strerror}", file=sys.stderr)
            return 2
        except (ValueError, KeyError, TypeError, ZeroDivisionError) as e:
            print(f"where.py: {path} is not a run file with the loop counters ({e})", file=sys.stderr)
            return 2
    print("| run | ratio % | written/s | published/s | empty polls/s | their quota % | collections/s | full/s | "
          "collector's quota % | in-run speed (M) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
