"""The four tabular kinds (duty list, roster, FTE/activity table, milestone list) as registry
entries: thin adapters over header detection (`io.headers`), row filling (`io.sheets`) and
the record builder (`io.records`), which keep doing the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from effortplanner.core.plan import PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.duty_columns import read_duties
from effortplanner.io.headers import SheetLayout
from effortplanner.io.kinds.base import ReadContext
from effortplanner.io.records import RecordBuilder
from effortplanner.io.roster_columns import read_roster
from effortplanner.io.row_records import read_activities, read_milestones
from effortplanner.io.sheet_scan import column_letter
from effortplanner.io.sheets import SheetRows, sheet_rows
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
        self._note_unread(raw, layout, ctx, len(rows))
        self.build(ctx.builder, rows)

    def _note_unread(self, raw: RawSheet, layout: SheetLayout, ctx: ReadContext, count: int) -> None:
        """Say which columns no field took, and refuse silence on duties with nobody to do them."""
        below = raw.rows[layout.header_row + 1:]
        width = max(map(len, below), default=0)
        unread = [c for c in range(width) if c not in layout.mapping and any(c < len(r) and as_text(r[c]) for r in below)]
        if unread:
            ctx.note(raw.name, None, None, "columns no field was found for (their text is kept in each row's notes): "
                     + ", ".join(repr(header_text(layout, c)) for c in unread), kind="skipped")
        if self.name == "duties" and "name" not in layout.fields and count:
            ctx.note(raw.name, layout.header_row + 1, None, f"no column of people found: the {count} rows are "
                     "duties with no person; choose the people column in the import dialog", kind="warning")


DUTY_LIST = TableKind("duties", "duty list", read_duties)
ROSTER = TableKind("roster", "roster", read_roster)
ACTIVITY_TABLE = TableKind("activities", "FTE/activity table", read_activities)
MILESTONE_LIST = TableKind("milestones", "milestone list", read_milestones)
