"""A roster read column by column: each distinct date, availability and flag read once.

A roster lists each person once, so a mention per row is the output (handed over as
columns, `MentionColumns`); what takes the
time is reading the same few hundred dates and availabilities over and over. Here each
distinct cell is read once (the same rules and wording as `RecordBuilder`'s row-by-row
reader, which still reads rosters with columns only files we wrote carry) and a row
only gathers its readings into its mention.
"""

from __future__ import annotations

from typing import Union

import numpy as np

from effortplanner.core.plan import Note
from effortplanner.core.values import ValueError_, is_blank, parse_bool
from effortplanner.io.cell_readings import RefusedNumber, notes_text, refused_number, span_start_note, stored_date
from effortplanner.io.pending import MentionCollector
from effortplanner.io.records import RecordBuilder, has_placeholder_words
from effortplanner.io.sheets import SheetRows, gc_paused

# The fields this path reads; a roster with any other field (ids, date texts: our own export) is read row by row.
ROSTER_FIELDS = frozenset({"name", "role", "group", "aliases", "start", "contract_end", "capacity", "placeholder",
                           "notes"})
_SAID = ("role", "group", "aliases")
FieldNote = tuple[str, str, str]  # (field, message, kind)
# What one distinct cell gives a mention: its cells, problems, notes, words for the person's notes.
Reading = tuple[dict[str, object], dict[str, str], list[FieldNote], list[str]]
Capacity = Union[tuple[float, str], RefusedNumber, None]
_NOTHING: Reading = ({}, {}, [], [])


def reads_by_column(rows: SheetRows) -> bool:
    return rows.codes.keys() <= ROSTER_FIELDS


class RosterColumns:
    """One roster sheet into `builder.out`: a mention per named row, notes in the row-by-row order."""

    def __init__(self, builder: RecordBuilder, rows: SheetRows) -> None:
        self.builder, self.rows = builder, rows

    def _store(self, parsed: object, column: str, field: str) -> Reading:
        cells, problem, notes = stored_date(parsed, column, self.builder.date_cells_once)  # type: ignore[arg-type]
        return dict(cells), problem, [(field, message, kind) for message, kind in notes], []

    def _span(self, raw: object) -> Reading:
        """A contract-end cell: an end, a start ("Arrives on ..."), or both."""
        if is_blank(raw):
            return _NOTHING
        start, end = self.builder.parser.parse_span(raw)
        cells: dict[str, object] = {}
        problems: dict[str, str] = {}
        notes: list[FieldNote] = []
        if start is not None:
            more_cells, more_problems, more_notes, _ = self._store(start, "start", "contract_end")
            cells.update(more_cells)
            problems.update(more_problems)
            notes += more_notes + [("contract_end", span_start_note(raw), "info")]
        if end.kind != "empty":
            more_cells, more_problems, more_notes, _ = self._store(end, "contract_end", "contract_end")
            cells.update(more_cells)
            problems.update(more_problems)
            notes += more_notes
        return cells, problems, notes, []

    def _start(self, raw: object) -> Reading:
        if is_blank(raw):
            return _NOTHING
        return self._store(self.builder.parse_date_once(raw, "start"), "start", "start")

    def _capacity(self, raw: object) -> Reading:
        if is_blank(raw):
            return _NOTHING
        try:
            number, note = self.builder.parse_fraction_once(raw, "Availability", True)
        except ValueError_ as exc:
            refused = refused_number(raw, "Availability", str(exc))
            return {}, {"capacity_fte": refused.problem}, [("capacity", refused.message, "invalid")], [refused.extra]
        return {"capacity_fte": number}, {}, [("capacity", note, "warning")] if note else [], []

    @staticmethod
    def _placeholder_flag(raw: object) -> bool | None:
        try:
            return parse_bool(raw, column="Placeholder") if not is_blank(raw) else None
        except ValueError_:
            return True  # any other words in a "placeholder" column mean "yes, to fill"

    def read(self) -> None:
        rows, builder = self.rows, self.builder
        builder.check_cancelled()
        names = rows.texts("name")
        said = [(key, rows.texts(key).tolist()) for key in _SAID if key in rows.codes]
        # Each reading in the order the row-by-row reader makes its notes: contract end, start, availability.
        readings = [rows.per_value("contract_end", self._span)]
        if "start" in rows.codes:
            start = rows.per_value("start", self._start)
            for i in np.flatnonzero(rows.filled_in("start")).tolist():
                start[i] = _NOTHING  # a start a merge filled in was read on the merge's first row
            readings.append(start)
        readings.append(rows.per_value("capacity", self._capacity))
        has_flags = "placeholder" in rows.codes
        flag = rows.per_value("placeholder", self._placeholder_flag)
        by_name = rows.per_text("name", has_placeholder_words) if not has_flags else None
        has_notes = "notes" in rows.codes
        notes_raw = rows.column("notes") if has_notes else None
        file, sheet, numbers = builder.file, rows.layout.sheet, rows.numbers
        headers = {key: builder.header(rows, key) for key in ("name", "contract_end", "start", "capacity")}
        notes = builder.out.notes
        row_readings = [r.tolist() for r in readings]
        found = MentionCollector(file, sheet, True)
        mention = found.add
        for i in np.flatnonzero(~rows.is_total).tolist():
            name = names[i]
            if not name:
                notes.append(Note(file, sheet, numbers[i], headers["name"], "row has no name; skipped", kind="skipped"))
                continue
            cells: dict[str, object] = {key: texts[i] for key, texts in said if texts[i]}
            invalid: dict[str, str] = {}
            extra: list[str] = []
            for column in row_readings:
                more_cells, problems, more_notes, more_extra = column[i]
                if more_cells:
                    cells.update(more_cells)
                if problems:
                    invalid.update(problems)
                for field, message, kind in more_notes:
                    notes.append(Note(file, sheet, numbers[i], headers[field], message, kind=kind))
                extra += more_extra
            placeholder = flag[i]
            cells["placeholder"] = placeholder if placeholder is not None else \
                False if has_flags else bool(by_name[i])  # type: ignore[index]
            text = notes_text(notes_raw[i] if notes_raw is not None else None, has_notes, rows.extras.get(i, {}), extra)
            if text:
                cells["notes"] = text
            mention(name, numbers[i], cells, invalid)
        builder.out.add_mentions(found.columns())


def read_roster(builder: RecordBuilder, rows: SheetRows) -> None:
    """A roster sheet: by column when its fields allow, else row by row."""
    if reads_by_column(rows):
        with gc_paused():
            RosterColumns(builder, rows).read()
    else:
        builder.roster(rows)
