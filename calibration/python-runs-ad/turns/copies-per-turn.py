#!/usr/bin/env python3
"""How many copies a per-task replica writer's turn sent, run by run (issue 17, session AD): from server_counters
(settled) of the given run files, messages_out / writer_waits, with copies written, waits and drops a second of the
run, the delivery ratio and the in-run speed index.

    python3 calibration/python-runs-ad/turns/copies-per-turn.py calibration/python-runs-ad/turns/*.json

Standard library only; a file that is not a run file with writer_waits is one line and exit 2.
"""
import json
import sys


def main(paths):
    if not paths:
        print("usage: copies-per-turn.py RUN.json...", file=sys.stderr)
        return 2
    rows = []
    for path in paths:
        try:
            with open(path) as f:
                run = json.load(f)
            counters, metrics = run["server_counters"]["settled"], run["metrics"]
            seconds, waits = metrics["duration_seconds"], counters["writer_waits"]
            rows.append(f"| {run['setup']['name']} | {100 * metrics['delivery_ratio']:.1f} | "
                  f"{counters['messages_out'] / seconds:.0f} | {waits / seconds:.0f} | "
                  f"{counters['messages_out'] / waits if waits else float('nan'):.1f} | "
                  f"{counters['dropped'] / seconds:.0f} | "
                  f"{float(run['environment']['speed_index_server']) / 1e6:.2f} |")
        except OSError as e:
            print(f"copies-per-turn.py: cannot read {path}: {e.strerror}", file=sys.stderr)
            return 2
        except (ValueError, KeyError, TypeError, ZeroDivisionError) as e:
            print(f"copies-per-turn.py: {path} is not a run file with writer_waits ({e})", file=sys.stderr)
            return 2
    print("| run | ratio % | written/s | writer waits/s | copies a turn | dropped/s | in-run speed (M) |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
