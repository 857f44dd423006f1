"""Formula cells an xlsx holds without a saved value, in the rows where a header is looked for.

A workbook written by a program that does not calculate (openpyxl, scripts) stores
`="Name"` with no cached value, and the reader hands back an empty cell: the header
row vanishes and a data row would be taken for it. The top rows of each sheet are
streamed once more (expat, no DTD); a formula that is only text (`"Name"`, `"Na"&"me"`)
or a number is read as its value, any other stays empty and is reported with its cell,
so the import says so instead of losing a row in silence.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from xml.parsers import expat

from effortplanner.io.guard import CHUNK
from effortplanner.io.sheet_scan import REF, column_index, sheet_entries

if TYPE_CHECKING:  # the workbook reader loads without the plan model (and pandas): see io/prefetch.py
    from effortplanner.core.plan import Note

HEADER_ROWS = 40  # the rows detect_layout looks at for a header (headers.detect_layout's max_scan)
HEADER_COLUMNS = 1_000  # headers.MAX_HEADER_COLUMNS
_TEXT = r'"(?:[^"]|"")*"'
_LITERAL_TEXT = re.compile(rf"\s*{_TEXT}(?:\s*&\s*{_TEXT})*\s*$")
_PART = re.compile(_TEXT)
_NUMBER = re.compile(r"\s*[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$")


@dataclass(frozen=True)
class UncachedFormula:
    """A formula cell with no saved value (0-based row and column) and its text as written."""

    row: int
    col: int
    formula: str


class _Stop(Exception):
    """Raised by the handlers once the scan is past the header rows."""


class _TopRows:
    """Expat handlers: formula cells with no value among the first HEADER_ROWS rows."""

    def __init__(self) -> None:
        self.row = -1
        self.col = -1
        self.cell: str | None = None  # text of the current cell's formula ('' for a shared one)
        self.valued = False
        self.text: list[str] = []
        self.in_formula = False
        self.found: list[UncachedFormula] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            r = attrs.get("r", "")
            self.row = int(r) - 1 if r.isdigit() and len(r) < 12 else self.row + 1
            self.col = -1
            if self.row >= HEADER_ROWS:
                raise _Stop
        elif local == "c":
            match = REF.match(attrs.get("r", ""))
            if match and len(match.group(2)) < 12:
                self.col, self.row = column_index(match.group(1)), int(match.group(2)) - 1
            else:
                self.col += 1
            self.cell, self.valued = None, False
        elif local == "f":
            self.cell, self.in_formula, self.text = "", True, []
        elif local in ("v", "is"):
            self.in_formula = False

    def chars(self, data: str) -> None:
        if self.in_formula:
            self.text.append(data)
        elif self.cell is not None and data.strip():
            self.valued = True

    def end(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        if local == "f":
            self.cell, self.in_formula = "".join(self.text), False
        elif local == "c":
            if self.cell is not None and not self.valued and 0 <= self.row < HEADER_ROWS \
                    and 0 <= self.col < HEADER_COLUMNS:
                self.found.append(UncachedFormula(self.row, self.col, self.cell))
            self.cell = None


def _scan(archive: zipfile.ZipFile, entry: str) -> list[UncachedFormula]:
    handlers = _TopRows()
    parser = expat.ParserCreate()
    parser.StartElementHandler = handlers.start
    parser.EndElementHandler = handlers.end
    parser.CharacterDataHandler = handlers.chars
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        pass
    return handlers.found


def _refuse(*_args: object) -> None:
    raise ValueError("holds a DTD")


def uncached_formulas(path: Path) -> dict[str, list[UncachedFormula]]:
    """Sheet name -> formula cells without a saved value in its header rows (xlsx/xlsm; {} for anything else).

    Damage is not reported here: the guard and the reader have judged the file already.
    """
    found: dict[str, list[UncachedFormula]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = sheet_entries(archive)
            for entry in archive.namelist():
                if entry.startswith("xl/worksheets/") and entry.endswith(".xml"):
                    cells = _scan(archive, entry)
                    if cells:
                        found[names.get(entry, PurePosixPath(entry).stem)] = cells
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, expat.ExpatError):
        return found
    return found


def literal_value(formula: str) -> str | float | None:
    """The value of a formula that is only text or a number (`"Name"`, `"FTE "&"%"`, `1.5`); None otherwise."""
    if _LITERAL_TEXT.match(formula):
        return "".join(part[1:-1].replace('""', '"') for part in _PART.findall(formula))
    if _NUMBER.match(formula):
        return float(formula)
    return None


def fill_literals(rows: list[list[object]],
                  cells: list[UncachedFormula]) -> tuple[list[UncachedFormula], list[UncachedFormula]]:
    """Put each text-only formula's value into its empty cell; (formulas not read, formulas read from their text)."""
    unread, read = [], []
    for cell in cells:  # at most HEADER_ROWS x HEADER_COLUMNS: the grid grows by a bounded amount
        while len(rows) <= cell.row:
            rows.append([])
        row = rows[cell.row]
        if len(row) <= cell.col:
            row.extend([""] * (cell.col + 1 - len(row)))
        if row[cell.col] not in ("", None):
            continue
        value = literal_value(cell.formula)
        if value is None:
            unread.append(cell)
        else:
            row[cell.col] = value
            read.append(cell)
    return unread, read


def formula_notes(file: str, sheet: str, unread: Sequence[UncachedFormula], header_row: int,
                  read: Sequence[UncachedFormula] = ()) -> list[Note]:
    """One warning per row of unread formulas at or above the header taken (a row may have been lost there),
    and one note per row whose formulas were read from their text."""
    from effortplanner.core.plan import Note
    from effortplanner.io.sheet_scan import column_letter

    notes = []
    for row in sorted({c.row for c in read}):
        cells = [c for c in read if c.row == row]
        notes.append(Note(file, sheet, row + 1, column_letter(cells[0].col),
                          f"{len(cells)} formula cell{'s' if len(cells) != 1 else ''} with no saved value read "
                          f"from the formula text (={cells[0].formula[:60]} as {literal_value(cells[0].formula)!s:.60})",
                          kind="info"))
    rows = sorted({c.row for c in unread if header_row < 0 or c.row <= header_row})
    for row in rows:
        first = next(c for c in unread if c.row == row)
        taken = f"row {header_row + 1} was taken as the header" if header_row >= 0 else "no header was found"
        notes.append(Note(file, sheet, row + 1, column_letter(first.col), unread_message(unread, row) + f"; {taken}",
                          kind="warning", value=f"={first.formula}"[:200]))
    return notes


def unread_message(unread: Sequence[UncachedFormula], row: int) -> str:
    """Why a row of formulas reads as empty, and what to do about it."""
    count = sum(1 for c in unread if c.row == row)
    return (f"row {row + 1} holds {count} formula cell{'s' if count != 1 else ''} with no saved value "
            "(the file was written by a program that does not calculate); they were read as empty. "
            "Open the file in a spreadsheet program and save it, so the values are stored")
