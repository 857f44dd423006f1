"""Peak memory of import + flags, each measured in a fresh child process (this one is large).

Run by tests/benchmarks/run.py; a child is ``python -m tests.benchmarks.memory PATH AS_OF HORIZON
trace|rss`` and prints its figures as one JSON line.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.benchmarks.baselines import calamine_read
from tests.benchmarks.table import Figures, fmt_mb
from tests.benchmarks.timing import ROOT, log


def peak_rss() -> tuple[int, str]:
    """(bytes, source) of this process's resident-set maximum.

    resource.getrusage's ru_maxrss is what the brief asks for, but on Linux it carries the
    parent's peak over fork/exec (the kernel keeps the larger of the old and new address
    space's high-water marks), so a child started by a big parent reports the parent's
    peak. /proc/self/status VmHWM is the same high-water mark for this address space only;
    it is used where it exists.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024, "VmHWM"
    except OSError:
        pass
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale, "ru_maxrss"


def memory_child(path: str, as_of: str, horizon: str, trace: bool) -> dict[str, object]:
    """Import `path` and compute flags; report tracemalloc peak or max RSS (run in a fresh process)."""
    import resource
    import tracemalloc

    from effortplanner.io.importer import import_files

    flags_fn = _flags_function()
    rss_before, _ = peak_rss()
    out: dict[str, object] = {"flags": flags_fn is not None}
    if trace:
        tracemalloc.start()
        calamine_read(Path(path))
        out["baseline_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        gc.collect()
        tracemalloc.start()
    plan = import_files([path])
    if flags_fn is not None:
        try:
            flags_fn(plan, as_of=date.fromisoformat(as_of), horizon=date.fromisoformat(horizon))
        except Exception as exc:  # reported, not fatal: the figure is still import + whatever ran
            out["flags_error"] = f"{type(exc).__name__}: {exc}"
    if trace:
        out["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        out["rss_max"], out["rss_source"] = peak_rss()
        out["rss_before"] = rss_before
        out["ru_maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def run_memory_children(path: Path, as_of: date, horizon: date) -> tuple[dict[str, object], dict[str, object]]:
    """Both memory children at once (2 cores): tracemalloc in one, plain RSS in the other."""
    procs = []
    for trace in (True, False):
        cmd = [sys.executable, "-m", "tests.benchmarks.memory", str(path), as_of.isoformat(), horizon.isoformat(),
               "trace" if trace else "rss"]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"memory child failed: {stderr.strip()[-500:]}")
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    return results[0], results[1]


def memory_figures(tag: str, xlsx: Path, as_of: date, horizon: date, figures: Figures) -> None:
    """Peak memory of import + flags: tracemalloc beside a calamine read, VmHWM beside the imports alone."""
    log(f"[{tag}] memory (child processes) ...")
    traced, rss_child = run_memory_children(xlsx, as_of, horizon)
    peak, base_peak = float(traced["peak"]), float(traced["baseline_peak"])  # type: ignore[arg-type]
    figures.add(f"[{tag}] peak memory import+flags, tracemalloc (baseline: calamine read)", peak, base_peak,
                peak / base_peak, "< 300 MB", peak < 300 * 2**20, fmt_mb, key=f"{tag}_memory_traced")
    rss_max, rss_before = float(rss_child["rss_max"]), float(rss_child["rss_before"])  # type: ignore[arg-type]
    figures.add(f"[{tag}] max RSS import+flags ({rss_child['rss_source']}; baseline: after imports)", rss_max,
                rss_before, rss_max / rss_before, "< 300 MB", rss_max < 300 * 2**20, fmt_mb, key=f"{tag}_memory_rss")


def _flags_function() -> Callable[..., object] | None:
    try:
        from effortplanner.analysis.flags import compute_flags
    except ImportError:
        return None
    return compute_flags


if __name__ == "__main__":
    child_path, child_as_of, child_horizon, mode = sys.argv[1:5]
    print(json.dumps(memory_child(child_path, child_as_of, child_horizon, mode == "trace")))
