"""What an exported table shows: readable headers, names for references, the dates as written.

One definition serves the review workbook and the CSV export, and the importer knows
these headers, so an exported plan reads back into the same plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from effortplanner.core.plan import Plan
from effortplanner.core.schema import SCHEMAS

# The review's sheet names; an exported workbook's other sheets are derived, not data.
SHEET_NAMES = {"people": "People", "assignments": "Assignments", "activities": "Activities",
               "milestones": "Milestones"}
DERIVED_SHEETS = ("Summary", "Flags", "Load", "Notes")
WORKBOOK_MARK = "Effort Planner review"
# One person's FTE: stored as a fraction, shown as percent (as in the window), so it reads back unchanged.
PERCENT_COLUMNS = ("fte", "capacity_fte")


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: str  # text | date | number | percent (a fraction shown as percent) | bool | count
    width_hint: int = 12
    hidden: bool = False  # ids kept for an exact read-back, out of a reviewer's way


@dataclass
class ExportTable:
    name: str
    columns: list[ExportColumn]
    rows: list[list[object]]  # python values: str, float (nan = empty), pd.Timestamp/NaT, bool
    estimated: list[bool]  # per row: is the FTE an estimate
    fte_column: int | None


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def problems_text(invalid: object) -> str:
    """The `invalid` marks as lines "column: reason" (read back by the importer)."""
    if not invalid:
        return ""
    return "\n".join(f"{k}: {v}" for k, v in dict(invalid).items())  # type: ignore[call-overload]


def export_table(plan: Plan, table: str) -> ExportTable:
    schema = SCHEMAS[table]
    frame = plan.tables[table]
    columns: list[ExportColumn] = [ExportColumn("Id", "text", 6)]
    getters: list[object] = [list(frame.index)]
    id_columns: list[tuple[ExportColumn, list[object]]] = []
    for col in schema.columns[1:]:
        values = frame[col.name].tolist()
        if col.type == "ref":
            columns.append(ExportColumn(col.label, "text", 18))
            getters.append([plan.display_name(col.ref or "", v) for v in values])
            id_columns.append((ExportColumn(f"{col.label} id", "text", 8, hidden=True), [_text(v) for v in values]))
        elif col.type == "date":
            columns += [ExportColumn(col.label, "date", 11), ExportColumn(f"{col.label} (as written)", "text", 18),
                        ExportColumn(f"{col.label} certainty", "text", 10)]
            getters += [values, [_text(v) for v in frame[f"{col.name}_text"]],
                        [_text(v) for v in frame[f"{col.name}_certainty"]]]
        elif col.type == "float":
            kind = "count" if col.name == "interns_required" else "percent" if col.name in PERCENT_COLUMNS else "number"
            columns.append(ExportColumn(col.label, kind, 9))
            getters.append(values)
        elif col.type == "bool":
            columns.append(ExportColumn(col.label, "bool", 9))
            getters.append(values)
        else:
            columns.append(ExportColumn(col.label, "text", 30 if col.name in ("duty", "name", "notes") else 14))
            getters.append([_text(v) for v in values])
    columns.append(ExportColumn("Problems", "text", 24))
    getters.append([problems_text(v) for v in frame["invalid"]])
    for column, values in id_columns:
        columns.append(column)
        getters.append(values)
    rows = [list(r) for r in zip(*getters)] if len(frame) else []
    estimated = frame["fte_estimated"].tolist() if "fte_estimated" in frame else [False] * len(frame)
    fte_column = next((i for i, c in enumerate(columns) if c.header == "FTE"), None)
    return ExportTable(SHEET_NAMES[table], columns, rows, estimated, fte_column)


def cell_text(value: object, kind: str) -> str:
    """A cell as CSV text: ISO dates, plain numbers, yes/empty."""
    if kind == "date":
        return value.date().isoformat() if isinstance(value, pd.Timestamp) and not pd.isna(value) else ""
    if kind in ("number", "count", "percent"):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return f"{value:g}"
    if kind == "bool":
        return "yes" if value else ""
    return _text(value)
