"""Writing a file so that it is either the old file or the whole new one, never half.

The content is written to a temporary file in the destination's folder, flushed to
disk, and renamed over the destination (an atomic step on every platform we run on).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from effortplanner.io.errors import PlanWriteError


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
    try:
        write(tmp)
        with open(tmp, "rb+") as raw:
            os.fsync(raw.fileno())
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
