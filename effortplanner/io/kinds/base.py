"""What a sheet kind is: a way to recognise a sheet and a way to read its rows.

A kind scores a sheet (0 = not this kind, higher = surer) by returning a layout, and
reads the sheet into the file's pending records. The importer and the import dialog
only talk to kinds through this protocol and the registry in `effortplanner.io.kinds`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from effortplanner.core.dates import DateParser
from effortplanner.core.plan import Note, PlanSettings
from effortplanner.io.headers import SheetLayout
from effortplanner.io.records import Pending, RecordBuilder
from effortplanner.io.workbook import RawSheet


@dataclass
class ReadContext:
    """Everything a kind needs to read one sheet of one file."""

    file: str  # the file's name as notes show it
    settings: PlanSettings
    parser: DateParser
    pending: Pending
    builder: RecordBuilder
    cancelled: Callable[[], bool] | None = None
    others: Sequence[tuple[RawSheet, SheetLayout]] = ()  # the file's other sheets (rollups check them)
    spans: list[tuple[date, date]] = field(default_factory=list)  # periods read (start, end exclusive)

    def note(self, sheet: str, row: int | None, column: str | None, message: str, kind: str = "info",
             **extra: object) -> Note:
        note = Note(self.file, sheet, row, column, message, kind=kind, **extra)  # type: ignore[arg-type]
        self.pending.notes.append(note)
        return note


class SheetKind(Protocol):
    """One kind of sheet: its name (stored in layouts), its label (shown), detection and reading."""

    @property
    def name(self) -> str:
        """The kind's key, stored in layouts ("duties", "period_grid")."""

    @property
    def label(self) -> str:
        """What the import dialog and the notes call it."""

    def detect(self, raw: RawSheet, table: SheetLayout, settings: PlanSettings) -> SheetLayout | None:
        """This kind's layout of the sheet with its score, or None when the sheet is not of this kind.
        `table` is the header-row detection every tabular kind shares (computed once)."""

    def read(self, raw: RawSheet, layout: SheetLayout, ctx: ReadContext) -> None:
        """Add the sheet's records and notes to ctx.pending."""
