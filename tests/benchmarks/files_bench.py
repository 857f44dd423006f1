"""Figures for writing and reading files: the review workbook and the native plan file."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from effortplanner.io.export_columns import export_table
from effortplanner.io.planfile import load_plan, save_plan
from effortplanner.io.review_report import export_review

Add = Callable[..., None]


def _xlsxwriter_baseline(plan: object, path: Path) -> None:
    """The same four tables, unformatted, through pandas' to_excel with XlsxWriter (the writer we use)."""
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        for table in ("people", "assignments", "activities", "milestones"):
            export = export_table(plan, table)  # type: ignore[arg-type]
            frame = pd.DataFrame(export.rows, columns=[c.header for c in export.columns])
            frame.to_excel(writer, sheet_name=export.name, index=False)


def _tables(plan: object) -> dict[str, pd.DataFrame]:
    """The plan's tables as SQL can store them (lists and dicts as text)."""
    out = {}
    for name, frame in plan.tables.items():  # type: ignore[attr-defined]
        frame = frame.copy()
        for column in frame.columns[frame.dtypes == object]:
            frame[column] = frame[column].map(lambda v: v if v is None or isinstance(v, (str, int, float)) else str(v))
        out[name] = frame
    return out


def _sql_save(tables: dict[str, pd.DataFrame], path: Path) -> None:
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as conn:
        for name, frame in tables.items():
            frame.to_sql(name, conn, index=True, index_label="id")


def _sql_load(names: list[str], path: Path) -> dict[str, pd.DataFrame]:
    with sqlite3.connect(path) as conn:
        return {name: pd.read_sql(f'SELECT * FROM "{name}"', conn, index_col="id") for name in names}


def file_figures(plan: object, folder: Path, runs: int, add: Add, fmt: Callable[[float | None], str],
                 best_of: Callable[..., tuple[float, int, object]], tag: str = "") -> None:
    label = f"[{tag}] " if tag else ""
    review, baseline = folder / "review.xlsx", folder / "baseline.xlsx"
    ours, n, _ = best_of(lambda: export_review(review, plan), runs)  # type: ignore[arg-type]
    base, _, _ = best_of(lambda: _xlsxwriter_baseline(plan, baseline), runs)
    ratio = ours / base
    add(f"{label}review export, formatted + flags + load (best of {n}) vs to_excel(xlsxwriter), plain", ours, base,
        ratio, "-", None, fmt, key=f"{tag}_export_review")
    native, sql = folder / "plan.effortplan", folder / "tables.sqlite"
    save_s, n, _ = best_of(lambda: save_plan(native, plan), runs)  # type: ignore[arg-type]
    tables = _tables(plan)
    base_save, _, _ = best_of(lambda: _sql_save(tables, sql), runs)
    add(f"{label}save .effortplan (best of {n}) vs DataFrame.to_sql of the same tables", save_s, base_save,
        save_s / base_save, "<= 0.5 s", save_s <= 0.5, fmt, key=f"{tag}_save_plan")
    load_s, n, _ = best_of(lambda: load_plan(native), runs)
    base_load, _, _ = best_of(lambda: _sql_load(list(tables), sql), runs)
    add(f"{label}load .effortplan (best of {n}) vs read_sql of the same tables", load_s, base_load,
        load_s / base_load, "<= 0.5 s", load_s <= 0.5, fmt, key=f"{tag}_load_plan")
    # On a shared machine the wall time above is mostly the others' load; this process's CPU time is not.
    for what, fn, base in (("save", lambda: save_plan(native, plan), lambda: _sql_save(tables, sql)),
                           ("load", lambda: load_plan(native), lambda: _sql_load(list(tables), sql))):
        ours_cpu, n, _ = best_of(fn, runs, clock=time.process_time)
        base_cpu, _, _ = best_of(base, runs, clock=time.process_time)
        add(f"{label}  {what} .effortplan, CPU time of this process (best of {n})", ours_cpu, base_cpu,
            ours_cpu / base_cpu, "-", None, fmt, key=f"{tag}_{what}_plan_cpu")
