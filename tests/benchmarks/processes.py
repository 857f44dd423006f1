"""`check` as a whole process beside pandas reading the same file as a whole process.

Each command runs as a fresh process, the two alternated; wall time, CPU time and peak RSS are
taken by os.wait4 in a small parent. After the timed runs, one more process says where the
check's CPU time goes (tests/benchmarks/check_stages.py).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from tests.benchmarks.check_stages import check_stages
from tests.benchmarks.table import Figures, fmt_mb, fmt_s
from tests.benchmarks.timing import log, python_json


def compile_like_an_install() -> None:
    """Write the package's bytecode, as `pip install` does (pandas' is written at its install).

    Run from a source tree with PYTHONDONTWRITEBYTECODE set, every `check` process compiled
    ~100 modules from source (~0.4 s at start-up) while the pandas process loaded bytecode:
    not the product a user runs.
    """
    import compileall

    import effortplanner

    compileall.compile_dir(str(Path(effortplanner.__file__).parent), quiet=1)


# Runs one command and reports its wall time and peak RSS. It is itself a small fresh process:
# on Linux a child's ru_maxrss keeps the peak of the process it was forked from, so forking
# the command from this (large) benchmark process would report the benchmark's memory.
_MEASURE = (
    "import json, os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "err = p.stderr.read()\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "s = time.perf_counter() - t\n"
    "scale = 1 if sys.platform == 'darwin' else 1024\n"
    "print(json.dumps({'s': s, 'rss': usage.ru_maxrss * scale, 'code': os.waitstatus_to_exitcode(status),\n"
    "                  'cpu': usage.ru_utime + usage.ru_stime, 'err': err.decode(errors='replace')[-300:]}))\n"
)


def process_run(cmd: list[str]) -> tuple[float, int, float]:
    """(wall seconds, peak RSS bytes, CPU seconds) of one whole process, measured by os.wait4 in a small parent."""
    result = python_json(["-c", _MEASURE, *cmd])
    if result["code"] not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:4])}...: exit {result['code']}: {result['err'].strip()}")
    return float(result["s"]), int(result["rss"]), float(result["cpu"])


def side_by_side(ours: list[str], baseline: list[str], runs: int) -> tuple[float, float, int, float, float]:
    """Best wall time (and best CPU time) of each command as a fresh process, run alternately, the one
    going first swapped every round, so that machine load and warm caches fall on both alike.
    Returns (ours, baseline, our peak RSS, our CPU, baseline CPU)."""
    best = {"ours": [float("inf"), float("inf")], "base": [float("inf"), float("inf")]}
    rss = 0
    for round_ in range(runs):
        for who in (("ours", "base") if round_ % 2 == 0 else ("base", "ours")):
            t, r, cpu = process_run(ours if who == "ours" else baseline)
            best[who] = [min(best[who][0], t), min(best[who][1], cpu)]
            if who == "ours":
                rss = max(rss, r)
    return best["ours"][0], best["base"][0], rss, best["ours"][1], best["base"][1]


def process_figures(tag: str, xlsx: Path, as_of: date, horizon: date, runs: int, big: bool,
                    figures: Figures) -> tuple[float, float, float]:
    """The check process beside pandas' (wall, CPU, peak RSS; the RSS target at the larger size only when
    `big`), then CPU per stage. Returns (our wall seconds, pandas' wall seconds, our CPU seconds)."""
    from effortplanner.io.prefetch import read_ahead_wanted

    log(f"[{tag}] check as a process, beside pandas.read_excel as a process (reading ahead: "
        f"{'yes' if read_ahead_wanted() else 'no'}, load average {os.getloadavg()[0]:.1f}; io/prefetch.py) ...")
    compile_like_an_install()
    check_args = ["check", "--as-of", as_of.isoformat(), "--horizon", horizon.isoformat(), str(xlsx)]
    check = [sys.executable, "-m", "effortplanner", *check_args]
    reader = [sys.executable, "-c", f"import pandas as pd; pd.read_excel({str(xlsx)!r}, engine='calamine')"]
    ours_p, base_p, rss, ours_cpu, base_cpu = side_by_side(check, reader, runs)
    figures.add(f"[{tag}] effortplanner check (process, best of {runs}) vs pandas read_excel (process)",
                ours_p, base_p, ours_p / base_p, "<= 1.5x", ours_p / base_p <= 1.5, fmt_s, key=f"{tag}_check_process")
    figures.add(f"[{tag}] the same, CPU time (user+sys; steadier on a loaded machine)", ours_cpu, base_cpu,
                ours_cpu / base_cpu, "-", None, fmt_s, key=f"{tag}_check_process_cpu")
    figures.add(f"[{tag}] effortplanner check, peak RSS (wait4 in a small parent)", rss, None, None,
                "<= 250 MB" if big else "-", rss <= 250 * 2**20 if big else None, fmt_mb, key=f"{tag}_check_rss")
    stages, base_stages = check_stages(check_args, xlsx)  # where the time goes: one more, untimed, process
    for stage, spent in stages.items():
        figures.add(f"[{tag}]   check stage (CPU, one more process): {stage}", spent, base_stages.get(stage), None,
                    "-", None, fmt_s, key=f"{tag}_check_stage_{stage.replace(' ', '_')}")
    return ours_p, base_p, ours_cpu
