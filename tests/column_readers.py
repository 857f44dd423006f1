"""Read a sheet both ways (row by row and by column) for the tests that compare the two readers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from effortplanner.core.dates import DateParser
from effortplanner.io.importer import inspect_file
from effortplanner.io.pending import Pending
from effortplanner.io.records import RecordBuilder
from effortplanner.io.sheets import SheetRows, sheet_rows

Reader = Callable[[RecordBuilder, SheetRows], None]


def read_both_ways(path: Path, kind: str, by_row: Reader, by_column: Reader,
                   reads_by_column: Callable[[SheetRows], bool], sheet: str | None = None) -> tuple[Pending, Pending]:
    """The file's sheets of `kind` read row by row and by column, each into its own pending records."""
    plans = [s for s in inspect_file(path) if s.layout.kind == kind and (sheet is None or s.raw.name == sheet)]
    assert plans, f"no {kind} sheet found"
    out = []
    for read in (by_row, by_column):
        pending = Pending()
        builder = RecordBuilder(path.name, DateParser(context_year=2025), pending)
        for s in plans:
            rows = sheet_rows(s.raw.rows, s.raw.merged, s.layout, path.name)
            pending.notes.extend(rows.notes)
            if read is by_column:
                assert reads_by_column(rows)
            read(builder, rows)
        out.append(pending)
    return out[0], out[1]
