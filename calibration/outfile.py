"""An analysis script's --out file: checked before the work, written whole or not at all. Standard library only.

    sys.path.insert(0, CALIBRATION_DIR); import outfile
    outfile.check(path)          # before any work: raises OSError naming the path if its folder is not writable
    outfile.write(path, text)    # a temp name in the same folder, renamed over the path
"""
import os
import tempfile


def check(path):
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        raise OSError(f"cannot write {path}: its folder {folder} is missing or not writable")


def write(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
