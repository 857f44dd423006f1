"""Writing a file so that it is either the old file or the whole new one, never half.

The content is written to a temporary file in the destination's folder, flushed to
disk, and renamed over the destination (an atomic step on every platform we run on).
The new file keeps the permission bits of the one it replaces. A save killed midway
leaves its temporary (`.NAME.XXXXXXXX.tmp`) behind; the next save or open of the same
target removes those, when they are older than the running process.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from effortplanner.io.errors import PlanWriteError


_STARTED = time.time()  # temporaries older than this belong to a save that can no longer be running here


def remove_stale_temporaries(path: str | Path) -> None:
    """Remove the temporaries a killed save of `path` left (only our own pattern, older than this process)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(r"\." + re.escape(path.name) + r"\.[A-Za-z0-9_]{8}\.tmp")
    try:
        candidates = [e for e in os.scandir(folder) if pattern.fullmatch(e.name)]
    except OSError:
        return
    for entry in candidates:
        try:
            info = entry.stat(follow_symlinks=False)
            if info.st_mtime >= _STARTED or info.st_uid != getattr(os, "getuid", lambda: info.st_uid)():
                continue
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(entry.path, ignore_errors=True)
            elif stat.S_ISREG(info.st_mode):
                os.unlink(entry.path)
        except OSError:
            continue


def _mode_for(path: Path) -> int:
    """The permission bits the new file gets: those of the file it replaces, else what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write(path: str | Path, write: Callable[[Path], None],
                 errors: tuple[type[BaseException], ...] = ()) -> None:
    """Call `write(tmp)` then move tmp to `path`. Any failure: one PlanWriteError, no file left behind.

    `errors` are the writer's own exception types (sqlite3.Error, XlsxWriter's) to report
    like OSError; anything else is a bug and propagates, after the temporary is removed.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PlanWriteError("the folder does not exist", file=path)
    try:
        handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise PlanWriteError(f"cannot write in this folder ({exc.strerror or exc})", file=path) from None
    tmp = Path(tmp_name)
    remove_stale_temporaries(path)
    try:
        write(tmp)
        with open(tmp, "rb+") as raw:
            os.fsync(raw.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
        _fsync_folder(folder)
    except (OSError, *errors) as exc:  # type: ignore[misc]  # mypy cannot read a starred tuple of types
        tmp.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PlanWriteError(f"could not be written ({reason}); any previous file is unchanged", file=path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
