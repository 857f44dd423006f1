"""CSV export of each plan table, for Excel: UTF-8 with a BOM, and no cell Excel would run.

A text cell starting with = + - @ (or a tab or carriage return) is written with a
leading apostrophe, the convention spreadsheet programs show as plain text.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from effortplanner.core.plan import Plan
from effortplanner.core.schema import TABLES
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.export_columns import cell_text, export_table

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
        try:
            handle, tmp_name = tempfile.mkstemp(prefix=f".{table}.", suffix=".csv", dir=folder)
        except OSError as exc:
            raise PlanWriteError(f"cannot write in this folder ({exc.strerror or exc})", file=target) from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow([c.header for c in export.columns])
                for row in export.rows:
                    writer.writerow([safe_cell(cell_text(v, c.kind)) if c.kind == "text" else cell_text(v, c.kind)
                                     for c, v in zip(export.columns, row)])
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise PlanWriteError(f"could not be written ({exc.strerror or exc})", file=target) from None
        written.append(target)
    return written
