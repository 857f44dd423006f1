"""One sheet of a source file as the importer read it, and the flat tables (roster, activities, milestones).

A flat table has one record per row: changed cells are written in place, a removed
record's row goes (or is struck through), a new record is appended after the last row
in the style of that row.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from effortplanner.io.headers import SheetLayout
from effortplanner.io.sheets import FieldRow
from effortplanner.io.writeback.fields import COLUMNS, Diff, Renderer
from effortplanner.io.writeback.grid import Mark, OutRow, apply, rebuild
from effortplanner.io.writeback.render import DateStyle, was

TABLE_OF_KIND = {"duties": "assignments", "roster": "people", "activities": "activities", "milestones": "milestones"}
LABEL_FIELD = {"people": "name", "activities": "activity", "milestones": "milestone"}


@dataclass
class SheetSource:
    """A sheet's layout and rows as the importer read them, and which record each row became."""

    label: str  # the file name that `source` uses
    sheet: str
    layout: SheetLayout
    rows: list[FieldRow]
    merged: list[tuple[int, int, int, int]]  # 0-based, inclusive (as calamine reports them)
    assignment_at: dict[int, str] = field(default_factory=dict)  # row -> assignment id (duty lists)
    record_at: dict[int, str] = field(default_factory=dict)  # row -> person/activity/milestone id (flat tables)


@dataclass
class SheetResult:
    """What was written into one sheet: ids by kind of change, and notes for the user."""

    label: str
    sheet: str
    table: str = "assignments"
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # people whose cells changed
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(set(self.changed)) + len(self.added) + len(self.moved) + len(self.removed) + len(set(self.people))


def header_style_copy(ws: Worksheet, row: int, from_column: int, to_column: int, value: str) -> None:
    """A new header cell styled like its neighbour, with the neighbour's width."""
    source, target = ws.cell(row, from_column), ws.cell(row, to_column)
    target.value = value
    target._style = copy(source._style)
    width = ws.column_dimensions[get_column_letter(from_column)].width
    ws.column_dimensions[get_column_letter(to_column)].width = min(width or 10, 12)


class FlatSheet:
    """Writes one roster, activity table or milestone list."""

    def __init__(self, ws: Worksheet, source: SheetSource, diff: Diff, table: str, new_here: list[str]) -> None:
        self.ws, self.src, self.diff, self.table, self.new_here = ws, source, diff, table, new_here
        self.cols = {name: index + 1 for index, name in source.layout.mapping.items()
                     if name in COLUMNS[table]}
        self.first = source.layout.header_row + 2
        self.last = max((r.row for r in source.rows), default=self.first - 1)
        styles = {f: DateStyle([ws.cell(r.row, c).value for r in source.rows]) for f, c in self.cols.items()}
        self.render = Renderer(diff, table, set(source.layout.mapping.values()), styles=styles)
        self.result = SheetResult(source.label, source.sheet, table)

    def write(self) -> SheetResult:
        d, table = self.diff, self.table
        out: list[OutRow] = []
        for r in range(self.first, self.last + 1):
            record = self.src.record_at.get(r)
            if record is None or not d.exists("base", table, record):
                out.append(OutRow(source=r))
                continue
            if not d.exists("plan", table, record):
                self.result.removed.append(record)
                if d.strike:
                    row = OutRow(source=r, row_mark="removed", strike=True)
                    self._comment(row, "Removed", record)
                    out.append(row)
                continue
            row = OutRow(source=r)
            for name, column in self.cols.items():
                if self.render.changed(name, record):
                    original = self.ws.cell(r, column).value
                    row.values[column] = self.render.value(name, record, original)
                    row.marks[column] = Mark("changed", was(original, d.note_text(table, record)))
                    if record not in self.result.changed:
                        self.result.changed.append(record)
            out.append(row)
        template = self.last if self.last >= self.first else None
        for record in self.new_here:
            row = OutRow(source=None, template=template, row_mark="added")
            for name, column in self.cols.items():
                row.values[column] = self.render.value(name, record, None)
            self._comment(row, "Added", record)
            out.append(row)
            self.result.added.append(record)
        if [o.source for o in out] != list(range(self.first, self.last + 1)):
            rebuild(self.ws, self.first, self.last, out, [])
        apply(self.ws, self.first, out, self.ws.max_column)
        return self.result

    def _comment(self, row: OutRow, what: str, record: str) -> None:
        label = LABEL_FIELD[self.table]
        column = self.cols.get(label) or next(iter(self.cols.values()), None)
        if column is not None:
            note = self.diff.note_text(self.table, record)
            row.marks[column] = Mark(row.row_mark, "\n".join(p for p in (what, note) if p))
