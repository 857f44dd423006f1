"""Reading a workbook in a child process, where a reader that aborts takes only the child down.

python-calamine is Rust: a failed allocation on a hostile file aborts the whole
interpreter (no exception to catch). The parent starts `python -m
effortplanner.io.isolated FILE`, which reads under a memory limit and a time limit
and hands the sheets back pickled on stdout; a crash, a kill or a timeout is one
PlanReadError naming the file.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import effortplanner
from effortplanner.io.errors import PlanReadError

CHILD_MEMORY = 1536 * 1024 * 1024  # address space of the reading child (Python + reader + the grid)
CHILD_SECONDS = 60


def read_in_child(path: Path, timeout: float = CHILD_SECONDS) -> list:
    """The sheets of `path` (list of RawSheet) read by a child process; any failure there is one line here."""
    root = str(Path(effortplanner.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p))
    try:
        done = subprocess.run([sys.executable, "-m", "effortplanner.io.isolated", str(path)], capture_output=True,
                              timeout=timeout, env=env, stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        raise PlanReadError(f"took longer than {timeout:.0f} s to read; refused", file=path) from None
    except OSError as exc:
        raise PlanReadError(f"could not be read (the reader did not start: {exc.strerror or exc})", file=path) from None
    if done.returncode == 0 and done.stdout:
        try:
            status, payload = pickle.loads(done.stdout)  # our own child's output
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
            status, payload = "crash", None
        if status == "ok":
            return payload
        if status == "error":
            message, sheet = payload
            raise PlanReadError(message, file=path, sheet=sheet)
    if done.returncode < 0 or done.returncode in (134, 137):
        raise PlanReadError("cannot be read as a spreadsheet: the reader crashed on it (the file is damaged or "
                            "asks for far more memory than its data needs)", file=path)
    raise PlanReadError("cannot be read as a spreadsheet: the reader failed on it (the file is damaged)", file=path)


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit; the child still keeps a crash away from the window
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = CHILD_MEMORY if soft == resource.RLIM_INFINITY else min(soft, CHILD_MEMORY)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(argv: list[str]) -> int:
    _limit_memory()
    from effortplanner.io.workbook import read_calamine

    path = Path(argv[0])
    try:
        result: tuple[str, object] = ("ok", read_calamine(path))
    except PlanReadError as exc:
        result = ("error", (exc.message, exc.sheet))
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
