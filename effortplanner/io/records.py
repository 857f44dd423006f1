"""The record builder: what every tabular reader shares, and people read row by row.

Dates, FTEs and notes are read here with caches (a sheet repeats a few hundred texts
over thousands of cells), the wording coming from `io.cell_readings`. Rosters with
columns only our own export carries are read here row by row; the other row-by-row
readers are in `io.row_records`, the column readers in `io.duty_columns` and
`io.roster_columns`. Names are kept as written; `assemble` turns them into ids once
every file is read, so that a successor named in one file can be a person listed in another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from effortplanner.core.dates import CERTAINTIES, DateParser, FuzzyDate
from effortplanner.core.date_cells import date_cells
from effortplanner.core.plan import Note
from effortplanner.core.values import ValueError_, as_text, is_blank, parse_bool, parse_fraction
from effortplanner.io.cell_readings import notes_text, refused_number, span_start_note, stored_date
from effortplanner.io.errors import ImportCancelled
from effortplanner.io.pending import Mention, Pending, experiment_handover
from effortplanner.io.sheet_scan import column_letter
from effortplanner.io.sheets import FieldRow, SheetRows, gc_paused

_PLACEHOLDER = re.compile(r"\b(placeholder|to be hired|tbh|tbd|vacan(?:t|cy)|new hire|hire|open position|"
                          r"a[1-4]\s+associate|n\.?\s?n\.?)\b", re.I)


def has_placeholder_words(name: str) -> bool:
    """A name that is a role to fill ("A2 Associate", "TBH"), not a person."""
    return bool(_PLACEHOLDER.search(name))


_ID_KEYS = ("id", "person_id", "successor_id", "activity_id", "owner_id")
__all__ = ["Mention", "Pending", "RecordBuilder", "experiment_handover"]  # the records' shapes live in io.pending


class RecordBuilder:
    """Turns one sheet's rows into pending records, noting every judgement call."""

    def __init__(self, file: str, parser: DateParser, pending: Pending,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.file, self.parser, self.out = file, parser, pending
        self.cancelled = cancelled
        # Sheets repeat a few hundred texts over thousands of cells: each distinct text is read once.
        self._dates: dict[object, FuzzyDate] = {}
        self._cells: dict[tuple[str, FuzzyDate], dict[str, object]] = {}
        self._fractions: dict[object, tuple[float, str] | str] = {}  # str: why not
        self._stored_dates: dict[object, tuple[FuzzyDate, dict[str, object]]] = {}  # no note to make
        self._placeholder_names: dict[str, bool] = {}

    def parse_date_once(self, raw: object, role: str) -> FuzzyDate:
        """parser.parse, once per distinct (type, value, role)."""
        try:
            key = (type(raw), raw, role, self.parser.context_year)
            hit = self._dates.get(key)
        except TypeError:
            return self.parser.parse(raw, role=role)
        if hit is None:
            hit = self._dates[key] = self.parser.parse(raw, role=role)
        return hit

    def date_cells_once(self, column: str, parsed: FuzzyDate) -> dict[str, object]:
        key = (column, parsed)
        hit = self._cells.get(key)
        if hit is None:
            hit = self._cells[key] = date_cells(column, parsed)
        return hit

    def parse_fraction_once(self, raw: object, label: str, per_person: bool) -> tuple[float, str]:
        """parse_fraction, once per distinct (type, value, column)."""
        try:
            key = (type(raw), raw, label, per_person)
            hit = self._fractions.get(key)
        except TypeError:
            return parse_fraction(raw, column=label, per_person=per_person)
        if hit is None:
            try:
                hit = parse_fraction(raw, column=label, per_person=per_person)
            except ValueError_ as exc:
                hit = str(exc)
            self._fractions[key] = hit
        if isinstance(hit, str):
            raise ValueError_(hit)
        return hit

    def check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled()

    def each_row(self, rows: SheetRows) -> Iterator[FieldRow]:
        """The sheet's rows, checking every thousand whether the user cancelled the import."""
        for number, row in enumerate(rows.rows):
            if number % 1000 == 999:
                self.check_cancelled()
            yield row

    # --- helpers ------------------------------------------------------------------------
    def header(self, rows: SheetRows, field_name: str) -> str | None:
        index = rows.layout.column_of(field_name)
        if index is None:
            return None
        headers = rows.layout.headers
        return headers[index] if index < len(headers) and headers[index] else column_letter(index)

    def note(self, rows: SheetRows, row: FieldRow, field_name: str | None, message: str, kind: str = "info",
              **extra: object) -> Note:
        note = Note(self.file, rows.layout.sheet, row.row, self.header(rows, field_name) if field_name else None,
                    message, kind=kind, **extra)  # type: ignore[arg-type]
        self.out.notes.append(note)
        return note

    def date(self, rows: SheetRows, row: FieldRow, field_name: str, column: str, role: str,
              target: dict[str, object], invalid: dict[str, str], value: object | None = None) -> FuzzyDate | None:
        if f"{field_name}_text" in row.values or f"{field_name}_certainty" in row.values:
            return self.date_written(rows, row, field_name, column, role, target, invalid)
        raw = row.values.get(field_name) if value is None else value
        if is_blank(raw):
            return None
        try:  # the usual case: a text or date met before that reads cleanly, stored without a note
            key: tuple[object, ...] | None = (type(raw), raw, role, column, self.parser.context_year)
            stored = self._stored_dates.get(key)
        except TypeError:
            key, stored = None, None
        if stored is not None:
            target.update(stored[1])
            return stored[0]
        parsed = self.parse_date_once(raw, role)
        self.store_date(rows, row, field_name, column, parsed, target, invalid)
        if key is not None and parsed.kind != "invalid" and not (parsed.note and "context" in parsed.note):
            self._stored_dates[key] = (parsed, self.date_cells_once(column, parsed))
        return parsed

    def date_written(self, rows: SheetRows, row: FieldRow, field_name: str, column: str, role: str,
                      target: dict[str, object], invalid: dict[str, str]) -> FuzzyDate | None:
        """A date given as a date cell beside its text as written and its certainty (our own export)."""
        text = as_text(row.values.get(f"{field_name}_text"))
        cell = row.values.get(field_name)
        parsed = self.parser.parse(text, role=role) if text else None
        if not is_blank(cell):
            from_cell = self.parser.parse(cell, role=role)
            if from_cell.kind == "date" and (parsed is None or parsed.kind != "date" or parsed.value != from_cell.value):
                inside = parsed is not None and parsed.kind == "date" and \
                    parsed.earliest <= from_cell.value <= parsed.latest  # type: ignore[operator]
                # The date cell wins: it may have been edited after the text was written.
                parsed = replace(parsed, value=from_cell.value) if inside and parsed else \
                    replace(from_cell, text=text or from_cell.text)
        if parsed is None:
            return None
        certainty = as_text(row.values.get(f"{field_name}_certainty"))
        if certainty in CERTAINTIES:
            parsed = replace(parsed, certainty=certainty)
        self.store_date(rows, row, field_name, column, parsed, target, invalid)
        return parsed

    def store_date(self, rows: SheetRows, row: FieldRow, field_name: str, column: str, parsed: FuzzyDate,
                    target: dict[str, object], invalid: dict[str, str]) -> None:
        cells, problem, notes = stored_date(parsed, column, self.date_cells_once)
        target.update(cells)
        invalid.update(problem)
        for message, kind in notes:
            self.note(rows, row, field_name, message, kind=kind)

    def fraction(self, rows: SheetRows, row: FieldRow, field_name: str, column: str, label: str,
                  target: dict[str, object], invalid: dict[str, str], per_person: bool = True) -> bool:
        raw = row.values.get(field_name)
        if is_blank(raw):
            return False
        try:
            number, note = self.parse_fraction_once(raw, label, per_person)
        except ValueError_ as exc:
            refused = refused_number(raw, label, str(exc))
            invalid[column] = refused.problem
            self.note(rows, row, field_name, refused.message, kind="invalid")
            target.setdefault("notes_extra", []).append(refused.extra)  # type: ignore[attr-defined]
            return False
        if note:
            self.note(rows, row, field_name, note, kind="warning")
        target[column] = number
        return True

    def source(self, rows: SheetRows, row: FieldRow) -> str:
        return f"{self.file}:{rows.layout.sheet}:{row.row}"

    def common(self, rows: SheetRows, row: FieldRow, record: dict[str, object], invalid: dict[str, str]) -> None:
        """Columns of a workbook this application wrote: ids, source, problems."""
        here = self.source(rows, row)
        record["_where"] = here
        values = row.values
        # A Source column (our export) is kept as it is, even blank; otherwise this row is the source.
        record["source"] = as_text(values.get("source")) if "source" in values else here
        for key in _ID_KEYS:
            if key in values and as_text(values[key]):  # id columns: only in files this application wrote
                record[key] = as_text(values[key])
        for line in as_text(values.get("problems")).split("\n") if "problems" in values else []:
            column, _, reason = line.partition(": ")
            if column and reason:
                invalid.setdefault(column.strip(), reason.strip())

    @staticmethod
    def record_notes(row: FieldRow, target: dict[str, object]) -> str:
        return notes_text(row.values.get("notes"), "notes" in row.values, row.extra,
                          target.pop("notes_extra", []))  # type: ignore[arg-type]

    # --- people -------------------------------------------------------------------------
    def mention(self, rows: SheetRows, row: FieldRow, from_roster: bool) -> Mention | None:
        name = as_text(row.values.get("name"))
        if not name:
            return None
        mention = Mention(name, self.file, rows.layout.sheet, row.row, from_roster,
                          wanted_id=as_text(row.values.get("id")) if from_roster else "")
        cells, invalid = mention.cells, mention.invalid
        # In a duty list a merged or block-filled person cell repeats the block's first
        # row, already read; in a roster each row is its own person and takes the value.
        own = (lambda key: True) if from_roster else (lambda key: key not in row.filled)
        for key in ("role", "group", "aliases"):
            if key in row.values and as_text(row.values[key]) and own(key):
                cells[key] = as_text(row.values[key])
        if "contract_end_text" in row.values:
            self.date(rows, row, "contract_end", "contract_end", "end", cells, invalid)
        elif "contract_end" in row.values and own("contract_end"):
            raw = row.values["contract_end"]
            if not is_blank(raw):
                start, end = self.parser.parse_span(raw)
                if start is not None:
                    self.store_date(rows, row, "contract_end", "start", start, cells, invalid)
                    self.note(rows, row, "contract_end", span_start_note(raw), kind="info")
                if end.kind != "empty":
                    self.store_date(rows, row, "contract_end", "contract_end", end, cells, invalid)
        if "start" in row.values and "start" not in row.filled and from_roster:
            self.date(rows, row, "start", "start", "start", cells, invalid)
        if from_roster:
            raw_capacity = row.values.get("capacity")
            if not is_blank(raw_capacity):
                self.fraction(rows, row, "capacity", "capacity_fte", "Availability", cells, invalid)
            flag = row.values.get("placeholder")
            try:
                placeholder = parse_bool(flag, column="Placeholder") if not is_blank(flag) else None
            except ValueError_:
                placeholder = True  # any other words in a "placeholder" column mean "yes, to fill"
            if placeholder is None:
                # Without the column, roles to fill are known by their names ("A2 Associate").
                placeholder = False if "placeholder" in row.values else has_placeholder_words(name)
            cells["placeholder"] = placeholder
            notes = self.record_notes(row, cells)
            if notes:
                cells["notes"] = notes
        elif self.is_placeholder(name):
            cells["placeholder"] = True
        return mention

    def is_placeholder(self, name: str) -> bool:
        """A role to fill, known by its name ("A2 Associate"); once per distinct name."""
        hit = self._placeholder_names.get(name)
        if hit is None:
            hit = self._placeholder_names[name] = has_placeholder_words(name)
        return hit

    def roster(self, rows: SheetRows) -> None:
        with gc_paused():
            self._roster(rows)

    def _roster(self, rows: SheetRows) -> None:
        for row in self.each_row(rows):
            if row.is_total:
                continue
            mention = self.mention(rows, row, from_roster=True)
            if mention is None:
                self.note(rows, row, "name", "row has no name; skipped", kind="skipped")
                continue
            self.out.mentions.append(mention)
