"""CSV export of each plan table, for Excel: UTF-8 with a BOM, and no cell Excel would run.

A text cell starting with = + - @ (or a tab or carriage return) is written with a
leading apostrophe, the convention spreadsheet programs show as plain text.
"""

from __future__ import annotations

import csv
from pathlib import Path

from effortplanner.core.plan import Plan
from effortplanner.core.schema import TABLES
from effortplanner.io.atomic import atomic_write
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.export_columns import ExportTable, cell_text, export_table

_RISKY = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(_RISKY) else text


def write_csv_folder(folder: str | Path, plan: Plan) -> list[Path]:
    """people.csv, assignments.csv, activities.csv, milestones.csv in `folder` (created if needed)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanWriteError(f"cannot create the folder ({exc.strerror or exc})", file=folder) from None
    written = []
    for table in TABLES:
        export = export_table(plan, table)
        target = folder / f"{table}.csv"

        def write(tmp: Path, export: ExportTable = export) -> None:
            with tmp.open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow([c.header for c in export.columns])
                for row in export.rows:
                    writer.writerow([safe_cell(cell_text(v, c.kind)) if c.kind == "text" else cell_text(v, c.kind)
                                     for c, v in zip(export.columns, row)])

        atomic_write(target, write)
        written.append(target)
    return written
