"""What the calibration table scripts share, written once: read run files into markdown rows, one line and exit 2 on
a file that cannot be read or is not the run file the script needs, then the header, its rule and the rows.

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # calibration/
    import run_table
    sys.exit(run_table.main("steps.py", "RUN.json...", sys.argv[1:], row, HEADER, "a run file with step timers"))

row(path) returns the row's text, or (sort key, text) to have the rows sorted by the key; aligned(report) says
whether a run's sends were aligned. Standard library only.
"""
import sys

READ_ERRORS = (ValueError, KeyError, TypeError, IndexError, ZeroDivisionError, EOFError)


def aligned(report):
    """Whether a run file's sends were aligned (k6's lockstep ticks, RAMP=0s): its setup's ramp_seconds, or for files
    written before that field the environment's, is 0."""
    env = report.get("environment") or {}
    return float((report.get("setup") or {}).get("ramp_seconds", env.get("ramp_seconds", 1))) == 0


def main(prog, usage, paths, row, header, needs):
    """Prints the table of the paths' rows and returns 0; or names the first bad path on stderr and returns 2."""
    if not paths:
        print(f"usage: {prog} {usage}", file=sys.stderr)
        return 2
    rows = []
    for path in paths:
        try:
            rows.append(row(path))
        except OSError as e:
            print(f"{prog}: cannot read {e.filename or path}: {e.strerror}", file=sys.stderr)
            return 2
        except READ_ERRORS as e:
            print(f"{prog}: {path}: not {needs} ({e})", file=sys.stderr)
            return 2
    if rows and isinstance(rows[0], tuple):
        rows = [text for _, text in sorted(rows, key=lambda r: r[0])]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    print("\n".join(rows))
    return 0
