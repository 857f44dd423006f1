"""A duty list read column by column: each distinct cell is parsed once and mapped back.

A 50,000-row Appendix II sheet repeats a few thousand date, FTE, duty and disposition
texts. Reading each distinct value once and building the assignment columns whole keeps
the Python work per row to a few list lookups. The rules are `RecordBuilder`'s (same
records, same notes in the same order); sheets with columns only files we wrote carry
(ids, date texts, problems) or rarer fields take `RecordBuilder`'s row-by-row path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from operator import attrgetter, itemgetter
from typing import TypeVar

import numpy as np
import pandas as pd

from effortplanner.core.dates import FuzzyDate
from effortplanner.core.duty_text import parse_disposition, split_duty
from effortplanner.core.plan import Note
from effortplanner.core.values import ValueError_, as_text, is_blank
from effortplanner.io.pending import Mention, experiment_handover
from effortplanner.io.record_columns import Column, ColumnChunk
from effortplanner.io.records import RecordBuilder
from effortplanner.io.sheets import SheetRows, gc_paused

# The fields this path reads; a sheet with any other field is read row by row.
COLUMN_FIELDS = frozenset({"name", "vo", "duty", "fte", "fte_estimate", "start", "end", "contract_end",
                           "disposition", "notes", "activity", "role", "group", "aliases"})
_PERSON_FIELDS = ("role", "group", "aliases")  # said of the person on a block's own rows
# Where each row's notes go among that row's notes (the row-by-row reader's order).
TOTAL, SPAN_START, SPAN_INFO, SPAN_END, PICKUP, NO_DUTY, FTE, FTE_ESTIMATE, START, END, DISPOSITION = range(11)
_DATE_PARTS = ("", "_text", "_certainty", "_earliest", "_latest")
_T = TypeVar("_T")
_NUMBERS = frozenset({int, float, bool})
_PLAIN_TYPES = _NUMBERS | {str, type(None), date, datetime, time}
NoteSpec = tuple[int, str, str, str]  # (slot, field, message, kind)
# An FTE cell as read: None (blank), (number, note) or (why it is refused, the text as written).
Reading = tuple[float, str] | tuple[str, str] | None


def reads_by_column(rows: SheetRows) -> bool:
    """A duty list whose fields this path knows, every row with the same fields."""
    if not rows.rows:
        return False
    keys = rows.rows[0].values.keys()
    return keys <= COLUMN_FIELDS and all(map(keys.__eq__, map(dict.keys, map(attrgetter("values"), rows.rows))))


def distinct(column: Sequence[object]) -> tuple[list[int], list[object]]:
    """Each cell's position among the column's distinct values (by type and value: 1, 1.0, True differ)."""
    types = set(map(type, column))
    # Cells are their own keys unless two types could be equal (1 == 1.0 == True): then (type, cell).
    plain = types <= _PLAIN_TYPES and len(types & _NUMBERS) <= 1
    keys: Sequence[object] = column if plain else list(zip(map(type, column), column))
    try:
        index: dict[object, int] = dict.fromkeys(keys, 0)
    except TypeError:  # an unhashable cell: every cell its own value
        return list(range(len(column))), list(column)
    for code, key in enumerate(index):
        index[key] = code
    values = list(index) if plain else [key[1] for key in index]  # type: ignore[index]
    return list(map(index.__getitem__, keys)), values


def per_value(column: Sequence[object], compute: Callable[[object], _T]) -> list[_T]:
    """compute(cell) for every cell, computed once per distinct value."""
    codes, values = distinct(column)
    results = [compute(v) for v in values]
    return list(map(results.__getitem__, codes))


class DutyColumns:
    """One duty-list sheet into `builder.out`: mentions, pick-ups, notes and an assignment chunk."""

    def __init__(self, builder: RecordBuilder, rows: SheetRows) -> None:
        self.builder, self.rows = builder, rows
        self.sheet = rows.layout.sheet
        rs = rows.rows
        self.n = len(rs)
        self.values = list(map(attrgetter("values"), rs))
        self.keys = set(self.values[0]) if rs else set()
        self.numbers: list[int] = list(map(attrgetter("row"), rs))
        self.filled_sets: list[set[str]] = list(map(attrgetter("filled"), rs))
        self.any_filled = any(self.filled_sets)  # most sheets fill no cell from a merge or a block
        self.is_total: list[bool] = list(map(attrgetter("is_total"), rs))
        self.notes: list[tuple[int, int, Note]] = []  # (row position, slot, note): sorted once at the end
        self._texts: dict[str, list[str]] = {}
        self._headers: dict[str, str | None] = {}

    # --- columns -------------------------------------------------------------------------
    def column(self, field: str) -> list[object]:
        return list(map(itemgetter(field), self.values)) if field in self.keys else [None] * self.n

    def filled(self, field: str) -> list[bool]:
        if not self.any_filled:
            return [False] * self.n
        return [field in s for s in self.filled_sets]

    def texts(self, field: str) -> list[str]:
        if field not in self._texts:
            self._texts[field] = per_value(self.column(field), as_text) if field in self.keys else [""] * self.n
        return self._texts[field]

    def note(self, i: int, slot: int, field: str | None, message: str, kind: str) -> Note:
        if field and field not in self._headers:
            self._headers[field] = self.builder.header(self.rows, field)
        note = Note(self.builder.file, self.sheet, self.numbers[i], self._headers[field] if field else None, message,
                    kind=kind)
        self.notes.append((i, slot, note))
        return note

    # --- reading -------------------------------------------------------------------------
    def read(self) -> None:
        out = self.builder.out
        for i in (i for i, total in enumerate(self.is_total) if total):
            self.note(i, TOTAL, None, "a total row in a duty list; not imported as a duty", "skipped")
        names = self.texts("name")
        self._mentions(names)
        self._pickups(names)
        self.builder.check_cancelled()
        chunk = self._assignments(names)
        self.notes.sort(key=lambda t: (t[0], t[1]))  # stable: a slot's notes keep their order
        out.notes.extend(note for _, _, note in self.notes)
        out.assignment_columns.append((len(out.assignments), chunk))

    def _stored(self, parsed: FuzzyDate, column: str, field: str,
                slot: int) -> tuple[dict[str, object], dict[str, str], list[NoteSpec]]:
        """What `RecordBuilder._store_date` writes for one parsed date: cells, problems, notes."""
        if parsed.kind == "invalid":
            return ({f"{column}_text": parsed.text, f"{column}_certainty": "unknown"},
                    {column: f"{parsed.text!r} is not a date I can read ({parsed.note})"},
                    [(slot, field, f"date {parsed.text!r} not understood ({parsed.note}); kept as text", "invalid")])
        notes = [(slot, field, f"{parsed.text!r}: {parsed.note}", "warning")] \
            if parsed.note and "context" in parsed.note else []
        return dict(self.builder.date_cells_once(column, parsed)), {}, notes

    def _span(self, raw: object) -> tuple[dict[str, object], dict[str, str], list[NoteSpec]] | None:
        """A contract-end cell: an end, a start ("Arrives on ..."), or both."""
        if is_blank(raw):
            return None
        cells: dict[str, object] = {}
        invalid: dict[str, str] = {}
        notes: list[NoteSpec] = []
        start, end = self.builder.parser.parse_span(raw)
        for parsed, column, slot in ((start, "start", SPAN_START), (end, "contract_end", SPAN_END)):
            if parsed is None or (column == "contract_end" and parsed.kind == "empty"):
                continue
            more_cells, more_invalid, more_notes = self._stored(parsed, column, "contract_end", slot)
            cells.update(more_cells)
            invalid.update(more_invalid)
            notes += more_notes
            if column == "start":
                notes.append((SPAN_INFO, "contract_end", f"{as_text(raw)!r} gives a start date, not an end", "info"))
        return cells, invalid, notes

    def _mentions(self, names: list[str]) -> None:
        """One mention per block (and per row that says more about its person)."""
        spans = per_value(self.column("contract_end"), self._span) if "contract_end" in self.keys \
            else [None] * self.n
        span_filled = self.filled("contract_end")
        said = [(key, self.texts(key), self.filled(key)) for key in _PERSON_FIELDS if key in self.keys]
        placeholder = per_value(names, lambda name: bool(name) and self.builder.is_placeholder(name))  # type: ignore[arg-type]
        named = [i for i, name in enumerate(names) if name and not self.is_total[i]]
        # A block's first row names its person; a row that repeats the name says nothing new unless it has cells.
        new_name = [names[i] != names[j] for i, j in zip([named[0]] + named, named)] if named else []
        if named:
            new_name[0] = True
        out, file = self.builder.out.mentions, self.builder.file
        for k in [k for k, i in enumerate(named) if new_name[k] or placeholder[i] or (spans[i] and not span_filled[i])
                  or any(texts[i] for _, texts, _ in said)]:
            i = named[k]
            span = spans[i] if not span_filled[i] else None
            cells: dict[str, object] = {}
            invalid: dict[str, str] = {}
            for key, texts, filled in said:
                if texts[i] and not filled[i]:
                    cells[key] = texts[i]
            if span is not None:
                cells.update(span[0])
                invalid.update(span[1])
                for slot, field, message, kind in span[2]:
                    self.note(i, slot, field, message, kind)
            if placeholder[i]:
                cells["placeholder"] = True
            if cells or invalid or new_name[k]:
                out.append(Mention(names[i], file, self.sheet, self.numbers[i], False, cells, invalid))

    def _pickups(self, names: list[str]) -> None:
        """"Will pick up Paola's assignments" on a person's rows: noted once per row, applied in assemble."""
        sources = per_value(self.texts("disposition"), lambda text: parse_disposition(str(text)).picks_up_from
                            if text else "")
        filled = self.filled("disposition")
        for i in [i for i, source in enumerate(sources) if source]:
            if filled[i] or self.is_total[i] or not names[i]:
                continue
            source = sources[i]
            note = self.note(i, PICKUP, "disposition", f"{names[i]} succeeds {source} on all of {source}'s duties",
                             "info")
            self.builder.out.pickups.append((names[i], source, note))

    def _assignments(self, names: list[str]) -> ColumnChunk:
        """The assignment columns, whole; rows with something to say (a note, a problem) one by one."""
        vos, vo_filled, duties = self.texts("vo"), self.filled("vo"), self.texts("duty")
        rows = [i for i in range(self.n) if not self.is_total[i] and (duties[i] or (vos[i] and not vo_filled[i]))]
        fte, estimate = self._fractions("fte", "FTE"), self._fractions("fte_estimate", "FTE (estimate)")
        starts, start_codes = self._dates("start", "start", START)
        ends, end_codes = self._dates("end", "end", END)
        dispositions = self.texts("disposition")
        split = {text: split_duty(text) for text in dict.fromkeys(duties[i] for i in rows) if text}
        reading = {text: parse_disposition(text) for text in dict.fromkeys(dispositions[i] for i in rows)}
        handover_of = {vo: experiment_handover(vo) for vo in dict.fromkeys(vos[i] for i in rows)}

        def pick(column: Sequence[_T]) -> list[_T]:
            return [column[i] for i in rows]

        c: dict[str, list[object]] = {"person_name": pick(names), "vo": pick(vos),
                                      "activity_name": pick(self.texts("activity")),
                                      "disposition": pick(dispositions)}
        parts = [split.get(duties[i]) for i in rows]
        c["duty"] = [p.duty if p else "" for p in parts]
        c["volume"] = [p.volume if p else "" for p in parts]
        c["cadence"] = [p.cadence if p else "" for p in parts]
        said = [reading[d] for d in c["disposition"]]  # type: ignore[index]
        c["successor_name"] = [None if d.picks_up_from else d.successor for d in said]
        c["handover_to"] = ["" if d.picks_up_from else handover_of[str(vo)] if d.to_experiment else d.handover_to
                            for d, vo in zip(said, c["vo"])]
        # A plain number with nothing to note is the usual FTE cell; anything else is a row to look at.
        plain = [r[0] if r is not None and not isinstance(r[0], str) and not r[1] else None
                 for r in pick(fte)]
        c["fte"] = [math.nan if p is None else p for p in plain]
        c["fte_estimated"] = [False] * len(rows)
        c["notes"] = [""] * len(rows)
        c["invalid"] = [None] * len(rows)
        prefix = f"{self.builder.file}:{self.sheet}:"
        c["source"] = [prefix + str(self.numbers[i]) for i in rows]
        start_odd = [bool(d[1] or d[2]) for d in starts]
        end_odd = [bool(d[1] or d[2]) for d in ends]
        said_odd = {text: not d.picks_up_from and (d.ends or bool(d.note)) for text, d in reading.items()}
        extras = list(map(attrgetter("extra"), self.rows.rows))
        has_notes = "notes" in self.keys
        notes_raw = self.column("notes")
        for k, i in enumerate(rows):
            if not (has_notes or extras[i] or not duties[i] or start_odd[start_codes[i]] or end_odd[end_codes[i]]
                    or said_odd[dispositions[i]] or (plain[k] is None and (fte[i] is not None or estimate[i] is not None))):
                continue
            invalid: dict[str, str] = {}
            extra: list[str] = []
            if not duties[i]:
                invalid["duty"] = "no duty given"
                self.note(i, NO_DUTY, "duty", f"{vos[i] or 'a row'} is listed for {names[i] or 'nobody'} with no duty",
                          "warning")
            number = self._fraction(i, fte[i], "fte", "FTE", FTE, invalid, extra)
            if number is None:
                number = self._fraction(i, estimate[i], "fte_estimate", "FTE (estimate)", FTE_ESTIMATE, invalid, extra)
                c["fte_estimated"][k] = number is not None
            c["fte"][k] = math.nan if number is None else number
            for dates, code in ((starts, start_codes[i]), (ends, end_codes[i])):
                _, problem, notes = dates[code]
                invalid.update(problem)
                for slot, field, message, kind in notes:
                    self.note(i, slot, field, message, kind)
            d = said[k]
            if not d.picks_up_from:
                if d.ends:
                    extra.append("duty ends when its owner leaves")
                if d.note.startswith("not understood"):
                    self.note(i, DISPOSITION, "disposition", f"disposition {d.note}", "warning")
                elif d.note:
                    extra.append(d.note)
            c["notes"][k] = _notes_text(has_notes, notes_raw[i], extras[i], extra)
            c["invalid"][k] = invalid or None
        columns: dict[str, Column] = dict(c)
        columns["fte"] = np.array(c["fte"], dtype=float)
        columns["fte_estimated"] = np.array(c["fte_estimated"], dtype=bool)
        picked = np.array(rows, dtype=np.intp)
        for name, (dates, codes) in (("start", (starts, start_codes)), ("end", (ends, end_codes))):
            at = np.array(codes, dtype=np.intp)[picked] if rows else picked
            for part, values in zip(_DATE_PARTS, zip(*(d[0] for d in dates)) if dates else [()] * 5):
                if part in ("", "_earliest", "_latest"):
                    columns[name + part] = _datetimes(values)[at]
                else:
                    columns[name + part] = list(map(values.__getitem__, at.tolist()))
        return ColumnChunk(len(rows), columns)

    def _fractions(self, field: str, label: str) -> list[Reading]:
        """Each row's reading of an FTE column: None (blank), (number, note) or the reason it is refused."""
        def read(raw: object) -> Reading:
            if is_blank(raw):
                return None
            try:
                return self.builder.parse_fraction_once(raw, label, True)
            except ValueError_ as exc:
                return (str(exc), as_text(raw))
        return per_value(self.column(field), read) if field in self.keys else [None] * self.n

    def _fraction(self, i: int, reading: Reading, field: str, label: str, slot: int, invalid: dict[str, str],
                  extra: list[str]) -> float | None:
        """One row's FTE as `RecordBuilder._fraction` takes it: the number, noted; or refused, noted."""
        if reading is None:
            return None
        first, second = reading
        if isinstance(first, str):  # refused: (reason, text as written)
            invalid["fte"] = f"{second!r}: {first}"
            self.note(i, slot, field, f"{first}; kept as text, row imported without it", "invalid")
            extra.append(f"{label} as written: {second}")
            return None
        if second:
            self.note(i, slot, field, second, "warning")
        return first

    def _dates(self, field: str, role: str, slot: int) -> tuple[list[tuple[tuple[object, ...], dict[str, str],
                                                                               list[NoteSpec]]], list[int]]:
        """Per distinct cell: the five date cells, the problem ({column: why} or {}), the notes; each row's code."""
        codes, values = distinct(self.column(field))
        blank: tuple[tuple[object, ...], dict[str, str], list[NoteSpec]] = ((None, "", "", None, None), {}, [])
        table = []
        for raw in values:
            if is_blank(raw):
                table.append(blank)
                continue
            parsed = self.builder.parse_date_once(raw, role)
            cells, invalid, notes = self._stored(parsed, field, field, slot)
            table.append((tuple(cells.get(field + part, "" if part in ("_text", "_certainty") else None)
                                for part in _DATE_PARTS), invalid, notes))
        return table, codes


def _datetimes(values: Sequence[object]) -> np.ndarray:
    """Timestamps (None, NaT for none) as a datetime64[ns] array, read as a plan table reads them."""
    return pd.Series(list(values), dtype=object).astype("datetime64[ns]").to_numpy()


def _notes_text(has_notes: bool, raw: object, extra_columns: dict[str, str], extra: list[str]) -> str:
    """`RecordBuilder._notes_text`: the notes cell, unrecognised columns, then what reading added."""
    if not has_notes and not extra_columns and not extra:
        return ""
    parts = [str(raw).strip() if isinstance(raw, str) else as_text(raw)]
    parts += [f"{k}: {v}" for k, v in extra_columns.items()]
    parts += extra
    return "; ".join(p for p in parts if p)


def read_duties(builder: RecordBuilder, rows: SheetRows) -> None:
    """A duty-list sheet: by column when its fields allow, else row by row."""
    if reads_by_column(rows):
        with gc_paused():
            DutyColumns(builder, rows).read()
    else:
        builder.duties(rows)
