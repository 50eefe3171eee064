"""An analysis script's --out file: checked before the work, written whole or not at all. Standard library only.

    sys.path.insert(0, CALIBRATION_DIR); import outfile
    outfile.check(path)          # before any work: raises Unwritable (an OSError) naming the path unless it can write
    if not outfile.writable(NAME, path): return 3   # the same as one line on stderr: a script's exit 3
    outfile.write(path, text)    # a temp name in the same folder, renamed over the path
    return outfile.emit(path, text)             # the report: to the --out file if given, and to stdout; 0
    outfile.main(NAME, main, errors=(...))      # a script's entry: one line and exit 2 / 1 / 130 / 141, never a
                                                #   traceback
"""
import os
import subprocess
import sys
import tempfile


class Unwritable(OSError):
    """The report's file could not be written (outfile.main: one line, exit 3)."""


def check(path):
    """Raises Unwritable naming PATH unless a file can be made in its folder, tried as write makes one: a folder the
    permission bits allow can still refuse (/proc, a read-only mount)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".")
    except OSError:
        raise Unwritable(f"cannot write {path}: its folder {folder} is missing or not writable") from None
    os.close(fd)
    os.unlink(probe)


def writable(name, path):
    """True when PATH is empty (no --out) or can be written; otherwise says why in one line, NAME first."""
    try:
        if path:
            check(path)
        return True
    except OSError as e:
        print(f"{name}: {e}", file=sys.stderr)
        return False


def write(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".")
    except OSError as e:
        raise Unwritable(f"cannot write {path}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def emit(path, text):
    """The report made: written to PATH (when one was given) and printed; the script's exit code, 0."""
    if path:
        write(path, text)
    print(text)
    return 0


def main(name, entry, errors=(OSError, ValueError)):
    """Runs entry(sys.argv[1:]) and exits with its code. Bad input (errors) is one line and exit 2, a fanoutsim run
    that failed exit 1, Ctrl-C exit 130 with nothing written (emit writes only once the report is whole), a reader
    that went away (| head) exit 141 quietly, as a shell's SIGPIPE would, an output that cannot be written exit 3."""
    try:
        code = entry(sys.argv[1:])
        # A reader gone shows here, not in the interpreter's last flush (which would print "Exception ignored").
        sys.stdout.flush()
        sys.exit(code)
    except BrokenPipeError:
        # Before `errors`, which may hold OSError; stdout points at /dev/null so the exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    except KeyboardInterrupt:
        print(f"{name}: interrupted; nothing written", file=sys.stderr)
        sys.exit(130)
    except Unwritable as e:
        # Before `errors`, which may hold OSError: an output that cannot be written is exit 3 wherever it shows.
        print(f"{name}: {e}", file=sys.stderr)
        sys.exit(3)
    except subprocess.CalledProcessError as e:
        print(f"{name}: fanoutsim run failed (exit {e.returncode}): {' '.join(e.cmd)}", file=sys.stderr)
        sys.exit(1)
    except errors as e:
        print(f"{name}: {e}", file=sys.stderr)
        sys.exit(2)
