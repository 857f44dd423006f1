"""A duty list read column by column: each distinct cell is parsed once and mapped back.

A 50,000-row Appendix II sheet repeats a few thousand date, FTE, duty and disposition
texts. `SheetRows` holds each field as codes into its distinct cells, so each distinct
cell is read once and the assignment columns are built whole with numpy takes; Python
runs per row only for rows with something to say (a note, a problem). The rules are the
row-by-row reader's (`io.row_records`: same records, same notes in the same order);
sheets with columns only files we wrote carry (ids, date texts, problems) or rarer fields
are read there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import itemgetter
from typing import Union

import numpy as np
import pandas as pd

from effortplanner.core.dates import FuzzyDate
from effortplanner.core.duty_text import parse_disposition, split_duty
from effortplanner.core.plan import Note
from effortplanner.core.values import ValueError_, as_text, is_blank
from effortplanner.io.cell_readings import RefusedNumber, notes_text, refused_number, span_start_note, stored_date
from effortplanner.io.column_codes import objects, spread
from effortplanner.io.pending import MentionCollector, experiment_handover
from effortplanner.io.record_columns import Column, ColumnChunk
from effortplanner.io.records import RecordBuilder
from effortplanner.io.row_records import read_duty_rows
from effortplanner.io.sheets import SheetRows, gc_paused

# The fields this path reads; a sheet with any other field is read row by row.
COLUMN_FIELDS = frozenset({"name", "vo", "duty", "fte", "fte_estimate", "start", "end", "contract_end",
                           "disposition", "notes", "activity", "role", "group", "aliases"})
_PERSON_FIELDS = ("role", "group", "aliases")  # said of the person on a block's own rows
# Where each row's notes go among that row's notes (the row-by-row reader's order).
TOTAL, SPAN_START, SPAN_INFO, SPAN_END, PICKUP, NO_DUTY, FTE, FTE_ESTIMATE, START, END, DISPOSITION = range(11)
_DATE_PARTS = ("", "_text", "_certainty", "_earliest", "_latest")
NoteSpec = tuple[int, str, str, str]  # (slot, field, message, kind)
# An FTE cell as read: None (blank), (number, note) or refused.
Reading = Union[tuple[float, str], RefusedNumber, None]
DateRead = tuple[tuple[object, ...], dict[str, str], list[NoteSpec]]  # the five cells, the problem, the notes
__all__ = ["COLUMN_FIELDS", "DutyColumns", "read_duties", "reads_by_column"]


def reads_by_column(rows: SheetRows) -> bool:
    """A duty list whose fields this path knows."""
    return len(rows) > 0 and rows.codes.keys() <= COLUMN_FIELDS


class DutyColumns:
    """One duty-list sheet into `builder.out`: mentions, pick-ups, notes and an assignment chunk."""

    def __init__(self, builder: RecordBuilder, rows: SheetRows) -> None:
        self.builder, self.rows = builder, rows
        self.sheet = rows.layout.sheet
        self.n = len(rows)
        self.numbers = rows.numbers
        self.is_total = rows.is_total
        self.notes: list[tuple[int, int, Note]] = []  # (row position, slot, note): sorted once at the end
        self._headers: dict[str, str | None] = {}

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
        for i in np.flatnonzero(self.is_total).tolist():
            self.note(i, TOTAL, None, "a total row in a duty list; not imported as a duty", "skipped")
        names = self.rows.texts("name")
        self._mentions(names)
        self._pickups(names)
        self.builder.check_cancelled()
        chunk = self._assignments(names)
        self.notes.sort(key=itemgetter(0, 1))  # by row, then slot; stable: a slot's notes keep their order
        out.notes.extend(note for _, _, note in self.notes)
        out.assignment_columns.append((len(out.assignments), chunk))

    def _stored(self, parsed: FuzzyDate, column: str, field: str,
                slot: int) -> tuple[dict[str, object], dict[str, str], list[NoteSpec]]:
        """What `RecordBuilder._store_date` writes for one parsed date: cells, problems, notes."""
        cells, problem, notes = stored_date(parsed, column, self.builder.date_cells_once)
        return dict(cells), problem, [(slot, field, message, kind) for message, kind in notes]

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
                notes.append((SPAN_INFO, "contract_end", span_start_note(raw), "info"))
        return cells, invalid, notes

    def _mentions(self, names: np.ndarray) -> None:
        """One mention per block (and per row that says more about its person)."""
        rows, n = self.rows, self.n
        if "contract_end" in rows.codes:
            codes, values = rows.distinct("contract_end")
            read = [self._span(raw) for raw in values]
            spans = spread(read, codes)
            span_given = np.array([r is not None for r in read], dtype=bool)[codes] & ~rows.filled_in("contract_end")
        else:
            spans, span_given = objects([None] * n, n), np.zeros(n, dtype=bool)
        said = [(key, rows.texts(key), rows.filled_in(key)) for key in _PERSON_FIELDS if key in rows.codes]
        placeholder = rows.per_text("name", lambda name: bool(name) and self.builder.is_placeholder(name))
        named = np.flatnonzero((names != "") & ~self.is_total)
        # A block's first row names its person; a row that repeats the name says nothing new unless it has cells.
        named_names = names[named]
        new_name = np.ones(len(named), dtype=bool)
        new_name[1:] = named_names[1:] != named_names[:-1]
        wanted = new_name | placeholder[named].astype(bool) | span_given[named]
        for _, texts, _ in said:
            wanted |= texts[named] != ""
        found = MentionCollector(self.builder.file, self.sheet, False)
        mention, numbers = found.add, self.numbers
        for k in np.flatnonzero(wanted).tolist():
            i = int(named[k])
            span = spans[i] if span_given[i] else None
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
                mention(str(names[i]), numbers[i], cells, invalid)
        self.builder.out.add_mentions(found.columns())

    def _pickups(self, names: np.ndarray) -> None:
        """"Will pick up Paola's assignments" on a person's rows: noted once per row, applied in assemble."""
        sources = self.rows.per_text("disposition", lambda text: parse_disposition(text).picks_up_from if text else "")
        picks = sources.astype(bool) & ~self.rows.filled_in("disposition") & ~self.is_total & (names != "")
        for i in np.flatnonzero(picks).tolist():
            name, source = str(names[i]), sources[i]
            note = self.note(i, PICKUP, "disposition", f"{name} succeeds {source} on all of {source}'s duties", "info")
            self.builder.out.pickups.append((name, source, note))

    def _assignments(self, names: np.ndarray) -> ColumnChunk:
        """The assignment columns, whole; rows with something to say (a note, a problem) one by one."""
        rows_ = self.rows
        vos, duties, dispositions = rows_.texts("vo"), rows_.texts("duty"), rows_.texts("disposition")
        rows = np.flatnonzero(~self.is_total & ((duties != "") | ((vos != "") & ~rows_.filled_in("vo"))))
        fte, fte_codes = self._fractions("fte", "FTE")
        estimate, estimate_codes = self._fractions("fte_estimate", "FTE (estimate)")
        starts, start_codes = self._dates("start", "start", START)
        ends, end_codes = self._dates("end", "end", END)
        row_vos, row_duties, row_dispositions = vos[rows], duties[rows], dispositions[rows]

        # Columns only copied into the table stay object arrays of a few shared texts (a copy of one
        # is a tenth of a list's); those resolved row by row (names, references) are lists.
        c: dict[str, Column] = {"person_name": names[rows].tolist(), "vo": row_vos,
                                "activity_name": rows_.texts("activity")[rows].tolist(),
                                "disposition": row_dispositions}
        coded: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # what resolving names would code again
        if rows_.texts("name") is names:  # `names` are the field's texts as coded now (as_text already)
            name_codes, name_texts = rows_.distinct_texts("name")
            coded["person_name"] = (name_codes[rows], objects(name_texts, len(name_texts)))
        codes, texts = rows_.distinct_texts("disposition")
        codes = codes[rows]
        said = [parse_disposition(text) for text in texts]
        said_at = spread(said, codes)
        handovers = ["" if d.picks_up_from else d.handover_to for d in said]
        handover = spread(handovers, codes)
        to_experiment = np.array([not d.picks_up_from and d.to_experiment for d in said], dtype=bool)[codes]
        handover_codes = codes
        if to_experiment.any():
            # Those rows hand over to their VO's experiment: coded after the dispositions' handovers.
            vo_codes, vo_texts = rows_.distinct_texts("vo")
            experiments = [experiment_handover(t) for t in vo_texts]
            handover[to_experiment] = spread(experiments, vo_codes)[rows][to_experiment]
            handover_codes = np.where(to_experiment, vo_codes[rows] + len(handovers), codes)
            handovers = handovers + experiments
        coded["handover_to"] = (handover_codes, objects(map(as_text, handovers), len(handovers)))
        successors = [None if d.picks_up_from else d.successor for d in said]
        coded["successor_name"] = (codes, objects(map(as_text, successors), len(successors)))
        c["successor_name"] = spread(successors, codes).tolist()
        c["handover_to"] = handover.tolist()
        said_odd = np.array([not d.picks_up_from and (d.ends or bool(d.note)) for d in said], dtype=bool)[codes]
        codes, texts = rows_.distinct_texts("duty")
        codes = codes[rows]
        parts = [split_duty(text) if text else None for text in texts]
        c["duty"] = spread([p.duty if p else "" for p in parts], codes)
        c["volume"] = spread([p.volume if p else "" for p in parts], codes)
        c["cadence"] = spread([p.cadence if p else "" for p in parts], codes)
        # A plain number with nothing to note is the usual FTE cell; anything else is a row to look at.
        plain = [r[0] if isinstance(r, tuple) and not isinstance(r, RefusedNumber) and not r[1] else math.nan
                 for r in fte]
        number = np.array(plain, dtype=float)[fte_codes[rows]]
        fte_odd = np.array([r is not None and (isinstance(r, RefusedNumber) or bool(r[1])) for r in fte],
                           dtype=bool)[fte_codes[rows]]
        estimate_given = np.array([r is not None for r in estimate], dtype=bool)[estimate_codes[rows]]
        fte_blank = np.array([r is None for r in fte], dtype=bool)[fte_codes[rows]]
        fte_estimated = np.zeros(len(rows), dtype=bool)
        notes: list[object] = [""] * len(rows)
        invalid: list[object] = [None] * len(rows)
        prefix = f"{self.builder.file}:{self.sheet}:"
        numbers = np.asarray(self.numbers)[rows].tolist()
        c["source"] = list(map(prefix.__add__, map(str, numbers)))
        start_odd = np.array([bool(d[1] or d[2]) for d in starts], dtype=bool)
        end_odd = np.array([bool(d[1] or d[2]) for d in ends], dtype=bool)
        has_notes = "notes" in rows_.codes
        look = said_odd | fte_odd | (fte_blank & estimate_given) | (row_duties == "") | \
            start_odd[start_codes[rows]] | end_odd[end_codes[rows]]
        if has_notes:
            look[:] = True
        elif rows_.extras:
            look |= np.isin(rows, list(rows_.extras))
        notes_raw = rows_.column("notes") if has_notes else None
        for k in np.flatnonzero(look).tolist():
            i = int(rows[k])
            problems: dict[str, str] = {}
            extra: list[str] = []
            if not duties[i]:
                problems["duty"] = "no duty given"
                self.note(i, NO_DUTY, "duty", f"{vos[i] or 'a row'} is listed for {names[i] or 'nobody'} with no duty",
                          "warning")
            value = self._fraction(i, fte[fte_codes[i]], "fte", "FTE", FTE, problems, extra)
            if value is None:
                value = self._fraction(i, estimate[estimate_codes[i]], "fte_estimate", "FTE (estimate)", FTE_ESTIMATE,
                                       problems, extra)
                fte_estimated[k] = value is not None
            number[k] = math.nan if value is None else value
            for dates, code in ((starts, start_codes[i]), (ends, end_codes[i])):
                _, problem, date_notes = dates[code]
                problems.update(problem)
                for slot, field, message, kind in date_notes:
                    self.note(i, slot, field, message, kind)
            d = said_at[k]
            if not d.picks_up_from:
                if d.ends:
                    extra.append("duty ends when its owner leaves")
                if d.note.startswith("not understood"):
                    self.note(i, DISPOSITION, "disposition", f"disposition {d.note}", "warning")
                elif d.note:
                    extra.append(d.note)
            notes[k] = notes_text(notes_raw[i] if notes_raw is not None else None, has_notes,
                                  rows_.extras.get(i, {}), extra)
            invalid[k] = problems or None
        c["fte"], c["fte_estimated"], c["notes"], c["invalid"] = number, fte_estimated, notes, invalid
        for name, (dates, codes) in (("start", (starts, start_codes)), ("end", (ends, end_codes))):
            at = codes[rows]
            for part, values in zip(_DATE_PARTS, zip(*(d[0] for d in dates)) if dates else [()] * 5):
                if part in ("", "_earliest", "_latest"):
                    c[name + part] = _datetimes(values)[at]
                else:
                    c[name + part] = spread(values, at)
        return ColumnChunk(len(rows), c, coded)

    def _fractions(self, field: str, label: str) -> tuple[list[Reading], np.ndarray]:
        """Each distinct cell's reading of an FTE column (None: blank; (number, note); or refused), each row's code."""
        def read(raw: object) -> Reading:
            if is_blank(raw):
                return None
            try:
                return self.builder.parse_fraction_once(raw, label, True)
            except ValueError_ as exc:
                return refused_number(raw, label, str(exc))
        codes, values = self.rows.distinct(field)
        return [read(v) for v in values], codes

    def _fraction(self, i: int, reading: Reading, field: str, label: str, slot: int, invalid: dict[str, str],
                  extra: list[str]) -> float | None:
        """One row's FTE as `RecordBuilder._fraction` takes it: the number, noted; or refused, noted."""
        if reading is None:
            return None
        if isinstance(reading, RefusedNumber):
            invalid["fte"] = reading.problem
            self.note(i, slot, field, reading.message, "invalid")
            extra.append(reading.extra)
            return None
        number, note = reading
        if note:
            self.note(i, slot, field, note, "warning")
        return number

    def _dates(self, field: str, role: str, slot: int) -> tuple[list[DateRead], np.ndarray]:
        """Per distinct cell: the five date cells, the problem ({column: why} or {}), the notes; each row's code."""
        blank: DateRead = ((None, "", "", None, None), {}, [])
        codes, values = self.rows.distinct(field)
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


def read_duties(builder: RecordBuilder, rows: SheetRows) -> None:
    """A duty-list sheet: by column when its fields allow, else row by row."""
    if reads_by_column(rows):
        with gc_paused():
            DutyColumns(builder, rows).read()
    else:
        read_duty_rows(builder, rows)
