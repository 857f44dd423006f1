"""The review workbook's Notes sheet, written so the notes the flags are computed from come back.

Flags such as a stated total that its items do not add up to, or two sources giving a
person different contract-end dates, are computed from import notes (kind, location,
person, field, value), not from the plan's tables. The Notes sheet therefore carries,
beside what a reviewer reads, three hidden columns with the note's person, field and
value; reading a review workbook back restores those notes with their original
locations, so the plan read back gives the same flags as the plan it came from.

The sheet is untrusted like any file: a row that does not look like one of our notes
is left out, never guessed at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from effortplanner.core.plan import Note, Plan, PlanSettings
from effortplanner.core.schema import SCHEMAS
from effortplanner.io.review_rows import fit_row
from effortplanner.io.workbook import RawSheet

if TYPE_CHECKING:  # the importer reads notes back without loading the workbook writer
    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

HEADERS = ("Kind", "File", "Sheet", "Row", "Column", "Message", "Person", "Field", "Value")
# The columns a reviewer reads, less than a landscape page wide (the message wraps); the data columns are hidden.
WIDTHS = (9, 22, 20, 6, 20, 90)
DATA_COLUMNS = 3
# The kinds of note analysis reads (quality: stated totals and conflicting dates; aliases: noted aliases).
RESTORED_KINDS = frozenset({"total", "conflict", "alias"})
_FIELDS = frozenset(c.name for schema in SCHEMAS.values() for c in schema.columns)
_LONGEST = 2000  # a value or location longer than this is not one we wrote


def write_notes_sheet(book: xlsxwriter.Workbook, fmt: dict[str, object], plan: Plan) -> Worksheet:
    """Every import note, where it is about and what it says; person, field and value hidden beside."""
    sheet = book.add_worksheet("Notes")
    for c, header in enumerate(HEADERS):
        sheet.write_string(0, c, header, fmt["header"])
    for r, note in enumerate(plan.notes, start=1):
        sheet.write_string(r, 0, note.kind, fmt["text"])
        sheet.write_string(r, 1, note.file, fmt["text"])
        sheet.write_string(r, 2, note.sheet, fmt["text"])
        if note.row is not None:
            sheet.write_number(r, 3, note.row, fmt["row_number"])
        sheet.write_string(r, 4, note.column or "", fmt["wrap"])
        sheet.write_string(r, 5, note.message, fmt["wrap"])
        fit_row(sheet, r, [(note.column or "", WIDTHS[4]), (note.message, WIDTHS[5])])
        for c, value in enumerate((note.person, note.field, note.value), start=len(WIDTHS)):
            if value is not None:
                sheet.write_string(r, c, str(value), fmt["text"])  # a string, never a formula
    for c, width in enumerate(WIDTHS):
        sheet.set_column(c, c, width, fmt["wrap"] if c in (4, 5) else None)
    sheet.set_column(len(WIDTHS), len(HEADERS) - 1, 12, None, {"hidden": True})
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(plan.notes), 1), len(WIDTHS) - 1)
    return sheet


def _text(row: Sequence[object], column: int) -> str:
    value = row[column] if column < len(row) else ""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _note(row: Sequence[object]) -> Note | None:
    """One restorable note from a row of the Notes sheet, or None when the row is not one."""
    kind, file, sheet, row_text, column, message, person, field, value = (_text(row, c) for c in range(len(HEADERS)))
    if kind not in RESTORED_KINDS or field not in _FIELDS or not file:
        return None
    if any(len(t) > _LONGEST for t in (file, sheet, column, person, value)):
        return None
    if row_text and not (row_text.isdigit() and 0 < int(row_text) <= 1_048_576):
        return None
    return Note(file, sheet, int(row_text) if row_text else None, column or None, message[:_LONGEST], kind,
                person or None, field, value or None)


def restore_notes(label: str, sheet: RawSheet, notes: Sequence[Note]) -> list[Note]:
    """`notes` with those of a review workbook's Notes `sheet` that flags are computed from (and, from
    its Summary, the as-of date and horizon the flags were computed for: see `window_of_review`).

    The restored stated totals keep their original sheet and rows; the "Total" row at the end of
    the workbook's Activities sheet (`label`), which only repeats them for a reviewer, is then
    dropped, so totals are not counted twice. A sheet without our headers restores nothing.
    """
    if sheet.name == "Summary":
        window = _window_note(label, sheet.rows)
        return [*notes, window] if window is not None else list(notes)
    rows = sheet.rows if sheet.name == "Notes" else []
    if not rows or tuple(_text(rows[0], c) for c in range(len(HEADERS))) != HEADERS:
        return list(notes)
    restored = [n for n in (_note(row) for row in rows[1:]) if n is not None]
    if not any(n.kind == "total" for n in restored):
        return [*notes, *restored]
    kept = [n for n in notes if not (n.kind == "total" and n.file == label and n.sheet == "Activities")]
    return [*kept, *restored]


WINDOW_FIELD = "plan_window"  # a note carrying the workbook's as-of and horizon ("2016-03-30/2017-09-30")


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _window_note(label: str, rows: Sequence[Sequence[object]]) -> Note | None:
    """The Summary's "As of DATE  Horizon DATE" row (row 2) as a note, or None when it is not there."""
    if len(rows) < 2 or len(rows[1]) < 4 or (_text(rows[1], 0), _text(rows[1], 2)) != ("As of", "Horizon"):
        return None
    as_of, horizon = _day(rows[1][1]), _day(rows[1][3])
    if as_of is None or horizon is None or horizon < as_of:
        return None
    return Note(label, "Summary", 2, None, f"plan window read from the review workbook: as of {as_of.isoformat()}, "
                f"horizon {horizon.isoformat()}", "info", None, WINDOW_FIELD, f"{as_of.isoformat()}/{horizon.isoformat()}")


def window_of_review(notes: Sequence[Note], settings: PlanSettings) -> PlanSettings:
    """`settings` with the as-of date and horizon of the review workbook read, when none was given
    and one workbook gives them: its flags were computed for that window, so the plan read back is too."""
    windows = {n.value for n in notes if n.field == WINDOW_FIELD and n.value}
    if settings.as_of is not None or settings.horizon is not None or len(windows) != 1:
        return settings
    as_of, _, horizon = next(iter(windows)).partition("/")
    return replace(settings, as_of=date.fromisoformat(as_of), horizon=date.fromisoformat(horizon))
