"""The four tabular kinds (duty list, roster, FTE/activity table, milestone list) as registry
entries: thin adapters over header detection (`io.headers`), row filling (`io.sheets`) and
the record builder (`io.records`), which keep doing the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from effortplanner.core.plan import PlanSettings
from effortplanner.io.headers import SheetLayout
from effortplanner.io.kinds.base import ReadContext
from effortplanner.io.records import RecordBuilder
from effortplanner.io.sheets import SheetRows, column_letter, sheet_rows
from effortplanner.io.workbook import RawSheet


def header_text(layout: SheetLayout, index: int) -> str:
    headers = layout.headers
    return headers[index] if index < len(headers) and headers[index] else column_letter(index)


@dataclass(frozen=True)
class TableKind:
    """A sheet with one header row whose columns map to fields, one record per row."""

    name: str
    label: str
    build: Callable[[RecordBuilder, SheetRows], None]

    def detect(self, raw: RawSheet, table: SheetLayout, settings: PlanSettings) -> SheetLayout | None:
        if table.kind != self.name:
            return None
        # More matched columns, surer; a header of two fields scores 60, of six or more 80.
        return replace(table, score=50.0 + 5.0 * min(len(table.mapping), 6))

    def read(self, raw: RawSheet, layout: SheetLayout, ctx: ReadContext) -> None:
        rows = sheet_rows(raw.rows, raw.merged, layout, ctx.file)
        ctx.pending.notes.extend(rows.notes)
        header_row = layout.header_row + 1
        ctx.note(raw.name, header_row, None,
                 f"read as: {self.label}; header in row {header_row}: " +
                 ", ".join(f"{header_text(layout, i)!r} → {f}" for i, f in layout.mapping.items()))
        self.build(ctx.builder, rows)


DUTY_LIST = TableKind("duties", "duty list", RecordBuilder.duties)
ROSTER = TableKind("roster", "roster", RecordBuilder.roster)
ACTIVITY_TABLE = TableKind("activities", "FTE/activity table", RecordBuilder.activities)
MILESTONE_LIST = TableKind("milestones", "milestone list", RecordBuilder.milestones)
