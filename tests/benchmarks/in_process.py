"""Figures measured inside this process: the import beside two ways of merely reading the file, and
the flags beside the per-day expansion (each pair run alternately, so that load falls on both)."""

from __future__ import annotations

import gc
import time
from datetime import date
from pathlib import Path

from tests.benchmarks.baselines import calamine_read, naive_overallocation, pandas_read
from tests.benchmarks.import_truth import check_import
from tests.benchmarks.table import Figures, fmt_s
from tests.benchmarks.timing import log, paired_best


def import_figures(tag: str, xlsx: Path, dept: dict[str, object], runs: int,
                   figures: Figures) -> tuple[object, float, list[str]]:
    """Import: correct first, then timed, beside a python-calamine read and pandas.read_excel.

    Printed beside their baselines for reference, without a target: issue 16's target for reading a
    sheet is the whole `check` process against pandas' whole process (processes.py). The same import
    in a warm process is what the window's Import and drag-and-drop do (window_bench prints it).
    Returns (the plan, our best seconds, problems found against the generator's truth)."""
    from effortplanner.io.importer import import_files

    log(f"[{tag}] import duties.xlsx ...")
    ours_x, base_raw, runs_x, plan = paired_best(lambda: import_files([xlsx]), lambda: calamine_read(xlsx), runs)
    problems = check_import(plan, dept, f"{tag} duties.xlsx")
    ours_x2, base_pd, _, _ = paired_best(lambda: import_files([xlsx]), lambda: pandas_read(xlsx), runs)
    ours_x = min(ours_x, ours_x2)
    figures.add(f"[{tag}] import duties.xlsx (best of {runs_x}) vs python-calamine raw", ours_x, base_raw,
                ours_x / base_raw, "-", None, fmt_s, key=f"{tag}_import_vs_calamine")
    figures.add(f"[{tag}] import duties.xlsx vs pandas.read_excel(calamine)", ours_x, base_pd, ours_x / base_pd,
                "-", None, fmt_s, key=f"{tag}_import_vs_pandas")
    return plan, ours_x, problems


def flag_figures(tag: str, plan: object, as_of: date, horizon: date, runs: int, absolute: bool,
                 figures: Figures) -> float:
    """Flags vs the vectorised per-day expansion (np.repeat), the stronger of the two baselines; the
    200 ms target too when `absolute` (the smaller size). Returns our best seconds."""
    from effortplanner.analysis.flags import compute_flags

    log(f"[{tag}] flags ...")
    # The first call after an import builds what later calls reuse (the near spellings of the
    # roster's names were found by the import itself and are shared: core.names.similar_key_pairs).
    gc.collect()
    t0 = time.perf_counter()
    compute_flags(plan, as_of=as_of, horizon=horizon)
    first_f = time.perf_counter() - t0
    over = naive_overallocation(plan, as_of, horizon)
    # A target's figure: at least 5 runs (a ~30 ms call meets one slow moment of the machine in 3 runs).
    ours_f, base_f, runs_f, flags = paired_best(lambda: compute_flags(plan, as_of=as_of, horizon=horizon),
                                                lambda: naive_overallocation(plan, as_of, horizon), max(runs, 5))
    speedup = base_f / ours_f
    figures.add(f"[{tag}] flags (all, as a table; best of {runs_f}) vs per-day np.repeat expansion", ours_f, base_f,
                speedup, ">= 20x faster", speedup >= 20, fmt_s, ratio_text=f"{speedup:.1f}x faster",
                key=f"{tag}_flags_speedup")
    strong = naive_overallocation(plan, as_of, horizon, summed_by="bincount")
    if len(strong) != len(over):
        raise SystemExit(f"[{tag}] the two np.repeat baselines disagree: {len(strong)} vs {len(over)} days")
    ours_s, base_s, runs_s, _ = paired_best(lambda: compute_flags(plan, as_of=as_of, horizon=horizon),
                                            lambda: naive_overallocation(plan, as_of, horizon, summed_by="bincount"),
                                            runs)
    figures.add(f"[{tag}]   the same vs np.repeat summed by np.bincount (strongest; over-allocation only)", ours_s,
                base_s, base_s / ours_s, "-", None, fmt_s, ratio_text=f"{base_s / ours_s:.1f}x faster",
                key=f"{tag}_flags_strong")
    if absolute:
        figures.add(f"[{tag}] flags (all), absolute", ours_f, None, None, "<= 200 ms", ours_f <= 0.2, fmt_s,
                    key=f"{tag}_flags_ms")
    figures.add(f"[{tag}] flags (all), first call after the import", first_f, base_f, base_f / first_f,
                "-", None, fmt_s, ratio_text=f"{base_f / first_f:.1f}x faster", key=f"{tag}_flags_first")
    # compute_flags gives a table (every field and message computed); Flag objects are made when a
    # consumer asks for them. Shown for the record: the same with every object made.
    ours_o, base_o, runs_o, _ = paired_best(lambda: list(compute_flags(plan, as_of=as_of, horizon=horizon)),
                                            lambda: naive_overallocation(plan, as_of, horizon), runs)
    figures.add(f"[{tag}]   the same, every Flag object made (best of {runs_o})", ours_o, base_o, base_o / ours_o,
                "-", None, fmt_s, ratio_text=f"{base_o / ours_o:.1f}x faster", key=f"{tag}_flags_objects")
    by_kind: dict[str, int] = {}
    for flag in flags:  # type: ignore[attr-defined]
        by_kind[str(getattr(flag, "kind", "?"))] = by_kind.get(str(getattr(flag, "kind", "?")), 0) + 1
    figures.data[f"{tag}_flags"] = {"count": sum(by_kind.values()), "by_kind": by_kind,
                                    "naive_over_allocated_days": len(over)}
    return ours_f
