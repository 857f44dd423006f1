"""Figures for writing and reading files: the review workbook and the native plan file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from effortplanner.io.export_columns import export_table
from effortplanner.io.planfile import load_plan, save_plan
from effortplanner.io.review_report import export_review

Add = Callable[..., None]


def _openpyxl_baseline(plan: object, path: Path) -> None:
    """The same four tables, unformatted, through pandas' openpyxl writer."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for table in ("people", "assignments", "activities", "milestones"):
            export = export_table(plan, table)  # type: ignore[arg-type]
            frame = pd.DataFrame(export.rows, columns=[c.header for c in export.columns])
            frame.to_excel(writer, sheet_name=export.name, index=False)


def file_figures(plan: object, folder: Path, runs: int, add: Add, fmt: Callable[[float | None], str],
                 best_of: Callable[..., tuple[float, int, object]]) -> None:
    review, baseline = folder / "review.xlsx", folder / "baseline.xlsx"
    ours, n, _ = best_of(lambda: export_review(review, plan), runs)  # type: ignore[arg-type]
    base, _, _ = best_of(lambda: _openpyxl_baseline(plan, baseline), runs)
    ratio = ours / base
    add(f"review export, formatted + flags + load (best of {n}) vs to_excel(openpyxl), plain", ours, base, ratio,
        "<= 0.5x openpyxl", ratio <= 0.5, fmt, key="export_review")
    native = folder / "plan.effortplan"
    save_s, n, _ = best_of(lambda: save_plan(native, plan), runs)  # type: ignore[arg-type]
    add(f"save .effortplan (best of {n})", save_s, None, None, "< 0.5 s", save_s < 0.5, fmt, key="save_plan")
    load_s, n, _ = best_of(lambda: load_plan(native), runs)
    add(f"load .effortplan (best of {n})", load_s, None, None, "< 0.5 s", load_s < 0.5, fmt, key="load_plan")
