"""Run `effortplanner show FILE` on many files, each in its own process under a memory limit and a timeout.

Starting a Python with pandas for each of a hundred files costs minutes on a busy
machine, so this runner imports the CLI once and forks a child per file: the child
sets RLIMIT_AS, sends stdout/stderr to files and calls `cli.main(["show", FILE])`
exactly as `python -m effortplanner show FILE` does (an abort, a kill or a traceback
in the child shows as such). Usage: `python -m tests.hostile.runner FILE...`; prints
one JSON object per file: path, exit status (negative: killed by that signal),
seconds, peak memory (MB), stdout and stderr. `--no-read-ahead`: the command reads each file
in its own thread, not ahead in a background one (io/prefetch.py), for comparing the two.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from typing import Any

MEMORY_LIMIT = 1024 * 1024 * 1024  # address space of each child (Python + pandas take ~250 MB of it)
TIMEOUT = 30.0  # the budget for any file
PARALLEL = 2


def _child(path: str, out: int, err: int, read_ahead: bool = True) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.environ["EFFORTPLANNER_READ_AHEAD"] = "1" if read_ahead else "0"  # whatever the machine's load
        from effortplanner import cli

        code = cli.main(["show", path])
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except BaseException:  # noqa: BLE001 - what the interpreter would print, then its exit status
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)


def run_all(paths: list[str], parallel: int = PARALLEL, timeout: float = TIMEOUT,
            read_ahead: bool = True) -> list[dict[str, Any]]:
    import effortplanner.cli  # noqa: F401 - imported once, before forking
    import effortplanner.io.importer  # noqa: F401
    import effortplanner.io.planfile  # noqa: F401
    import effortplanner.io.textout  # noqa: F401

    waiting = list(enumerate(paths))
    running: dict[int, tuple[int, str, float, Any, Any]] = {}
    results: dict[int, dict[str, Any]] = {}
    while waiting or running:
        while waiting and len(running) < parallel:
            index, path = waiting.pop(0)
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(path, out.fileno(), err.fileno(), read_ahead)
            running[pid] = (index, path, time.monotonic(), out, err)
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for child, (_, _, started, _, _) in running.items():
                if now - started > timeout:
                    os.kill(child, signal.SIGKILL)
            time.sleep(0.01)
            continue
        index, path, started, out, err = running.pop(pid)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        texts = []
        for handle in (out, err):
            handle.seek(0)
            texts.append(handle.read().decode("utf-8", "replace"))
            handle.close()
        results[index] = {"path": path, "code": code, "seconds": round(time.monotonic() - started, 2),
                          "peak_mb": round(usage.ru_maxrss / 1024), "stdout": texts[0], "stderr": texts[1],
                          "timed_out": time.monotonic() - started > timeout}
    return [results[i] for i in range(len(paths))]


if __name__ == "__main__":
    files = [a for a in sys.argv[1:] if a != "--no-read-ahead"]
    for result in run_all(files, read_ahead="--no-read-ahead" not in sys.argv[1:]):
        print(json.dumps(result, ensure_ascii=False))
