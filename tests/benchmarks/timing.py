"""How the benchmarks time a figure: best of a few runs within a time budget, ours and a baseline
alternated, the growth exponent between two sizes, and a small fresh Python process that reports
what it measured."""

from __future__ import annotations

import gc
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

FIGURE_BUDGET_S = 25.0  # stop repeating a measurement once it has used this much time


def log(message: str) -> None:
    """Progress on stderr (stdout carries the table or the JSON)."""
    print(message, file=sys.stderr, flush=True)


def best_of(fn: Callable[[], object], runs: int, budget: float = FIGURE_BUDGET_S,
            clock: Callable[[], float] = time.perf_counter) -> tuple[float, int, object]:
    """(best seconds, runs made, last result): at least one run, at most `runs`, and no run
    that would (at the mean pace so far) take the figure past `budget` seconds. `clock`:
    time.process_time for this process's CPU time instead of wall time."""
    best, made, result, spent = float("inf"), 0, None, 0.0
    while made < runs and (made == 0 or spent + spent / made <= budget):
        gc.collect()
        t0 = clock()
        result = fn()
        elapsed = clock() - t0
        best, made, spent = min(best, elapsed), made + 1, spent + elapsed
    return best, made, result


def paired_best(ours: Callable[[], object], baseline: Callable[[], object], runs: int,
                budget: float = FIGURE_BUDGET_S) -> tuple[float, float, int, object]:
    """(best ours, best baseline, runs, our last result), the two run alternately so that a
    shared machine's load falls on both alike."""
    best_ours, best_base, made, spent, result = float("inf"), float("inf"), 0, 0.0, None
    while made < runs and (made == 0 or spent + spent / made <= budget):
        gc.collect()
        t0 = time.perf_counter()
        result = ours()
        t1 = time.perf_counter()
        baseline()
        t2 = time.perf_counter()
        best_ours, best_base = min(best_ours, t1 - t0), min(best_base, t2 - t1)
        made, spent = made + 1, spent + (t2 - t0)
    return best_ours, best_base, made, result


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """Growth exponent k of t ~ n^k between two sizes."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def python_json(args: list[str]) -> dict[str, Any]:
    """The JSON object the last line of `python ARGS` prints, run from the repository root (a failure raises)."""
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
