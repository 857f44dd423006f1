"""What reading one cell gives a record (its plan cells, its problem, its notes), worded once.

The row-by-row reader (`io.records`) and the column readers (`io.duty_columns`,
`io.roster_columns`) both take their wording from here, so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from effortplanner.core.dates import FuzzyDate
from effortplanner.core.values import as_text

NoteText = tuple[str, str]  # (message, kind)


class StoredDate(NamedTuple):
    """A parsed date as a record stores it."""

    cells: dict[str, object]  # the plan cells (value, text, certainty, bounds; text only when unreadable)
    problem: dict[str, str]  # {column: why} when unreadable, else {}
    notes: list[NoteText]


def stored_date(parsed: FuzzyDate, column: str,
                date_cells: Callable[[str, FuzzyDate], dict[str, object]]) -> StoredDate:
    """An unreadable date is kept as text with a problem; a date read from the document's year is noted."""
    if parsed.kind == "invalid":
        return StoredDate({f"{column}_text": parsed.text, f"{column}_certainty": "unknown"},
                          {column: f"{parsed.text!r} is not a date I can read ({parsed.note})"},
                          [(f"date {parsed.text!r} not understood ({parsed.note}); kept as text", "invalid")])
    notes = [(f"{parsed.text!r}: {parsed.note}", "warning")] if parsed.note and "context" in parsed.note else []
    return StoredDate(date_cells(column, parsed), {}, notes)


def span_start_note(raw: object) -> str:
    """The note on a contract-end cell that gives a start ("Arrives on April 4th")."""
    return f"{as_text(raw)!r} gives a start date, not an end"


class RefusedNumber(NamedTuple):
    """An FTE-like cell that is not a number: kept as text, the row imported without it."""

    problem: str  # {column: problem}
    message: str  # the note
    extra: str  # said in the row's notes


def refused_number(raw: object, label: str, reason: str) -> RefusedNumber:
    text = as_text(raw)
    return RefusedNumber(f"{text!r}: {reason}", f"{reason}; kept as text, row imported without it",
                         f"{label} as written: {text}")


def notes_text(raw: object, has_notes: bool, extra_columns: dict[str, str], extra: Iterable[str]) -> str:
    """A record's notes: the notes cell (line breaks kept), unrecognised columns, then what reading added."""
    extra = list(extra)
    if not has_notes and not extra_columns and not extra:
        return ""  # most rows: nothing to say
    parts = [str(raw).strip() if isinstance(raw, str) else as_text(raw)]
    parts += [f"{k}: {v}" for k, v in extra_columns.items()]
    parts += extra
    return "; ".join(p for p in parts if p)
