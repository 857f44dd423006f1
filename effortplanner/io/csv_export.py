"""CSV export of each plan table, for Excel: UTF-8 with a BOM, and no cell Excel would run.

A text cell a spreadsheet program could take for a formula is written with a leading
apostrophe, the convention they show as plain text: one starting with = + - @ or
their fullwidth forms (＝ ＋ － ＠), with any control character, or with spaces or
line breaks before one of those.

The four files are written into a temporary folder beside the target and moved into
place only when all are complete, so a full disk or a kill leaves no partial file.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path

from effortplanner.core.plan import Plan
from effortplanner.core.schema import TABLES
from effortplanner.io.atomic import remove_stale_temporaries
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.export_columns import cell_text, export_table

_TRIGGERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet program turns into a formula."""
    if not text:
        return text
    stripped = text.lstrip(" \t\r\n\u3000")
    if ord(text[0]) < 0x20 or text[0] == "\x7f" or stripped.startswith(_TRIGGERS):
        return "'" + text
    return text


def _write_table(path: Path, plan: Plan, table: str) -> None:
    export = export_table(plan, table)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.header for c in export.columns])
        for row in export.rows:
            writer.writerow([safe_cell(cell_text(v, c.kind)) if c.kind == "text" else cell_text(v, c.kind)
                             for c, v in zip(export.columns, row)])
        out.flush()
        os.fsync(out.fileno())


def write_csv_folder(folder: str | Path, plan: Plan) -> list[Path]:
    """people.csv, assignments.csv, activities.csv, milestones.csv in `folder` (created if needed)."""
    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if folder.exists() and not folder.is_dir():
            raise PlanWriteError("exists and is not a folder", file=folder)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise PlanWriteError(f"cannot create the folder ({exc.strerror or exc})", file=folder) from None
    remove_stale_temporaries(folder)
    written = []
    try:
        for table in TABLES:
            _write_table(staging / f"{table}.csv", plan, table)
        if not folder.exists():
            os.replace(staging, folder)  # the whole folder appears at once
        else:
            for table in TABLES:  # an existing folder (other files kept): each file replaced whole
                os.replace(staging / f"{table}.csv", folder / f"{table}.csv")
        written = [folder / f"{table}.csv" for table in TABLES]
    except OSError as exc:
        raise PlanWriteError(f"could not be written ({exc.strerror or exc}); nothing partial was left",
                             file=folder) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
