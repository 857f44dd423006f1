"""From a sheet's grid and its layout to columns of fields, with blocks and merges filled in.

Block layouts give a name (and often a VO and a date) once for several rows, either
as blank cells or as merged cells. Every fill is recorded as a note, so a user who
disagrees can see where it happened. Which rows are kept, which are totals and which
take their person from the block above are all worked out on whole columns (each
distinct text read once); the readers take the columns as they are, and only a reader
that goes row by row asks for `SheetRows.rows`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from typing import cast

import numpy as np

from effortplanner.core.plan import Note
from effortplanner.core.values import as_text
from effortplanner.io.column_codes import codes_of, flags, spread
from effortplanner.io.headers import SheetLayout
from effortplanner.io.sheet_scan import column_letter

# A whole cell that says "Total" (not a duty that starts with the word: "Total reprocessing").
_TOTAL = re.compile(r"^\s*(?:grand\s+|sub-?)?(?:total|totals|sum)(?:\s+(?:fte|effort|items?))?\s*:?\s*$", re.I)


def _filled(cell: object) -> bool:
    """A cell with something in it (`not is_blank`, for one cell)."""
    if cell is None or cell == "":
        return False
    if type(cell) is str:
        return not cell.isspace()
    return bool(as_text(cell))


def _filled_column(column: Sequence[object]) -> np.ndarray:
    """`_filled` of every cell of a column, worked out once per distinct value (at C speed otherwise)."""
    if set(map(type, column)) <= {str} and not any(map(str.isspace, cast("Sequence[str]", column))):
        return np.fromiter(map(bool, column), dtype=bool, count=len(column))  # text, no blanks: filled is non-empty
    return flags(column, _filled)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while tens of thousands of acyclic rows and records are
    built: otherwise its full passes over every live object recur throughout the loop."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class FieldRow:
    """One data row: field -> cell value, where it came from, and whether it is a stated total."""

    row: int  # 1-based, as the spreadsheet numbers it
    values: dict[str, object]
    filled: set[str] = field(default_factory=set)  # fields taken from a block or a merge
    is_total: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # unrecognised columns: header -> text


@dataclass(eq=False)
class SheetRows:
    """A sheet's kept data rows as columns, merges and blocks filled in.

    Each field is held as codes: `codes[field][i]` is row i's position among the field's
    distinct cells `values[field]`, so whatever is worked out from a cell is worked out once
    per distinct cell and spread to the rows with one numpy take.
    """

    layout: SheetLayout
    numbers: list[int]  # each kept row's number, 1-based as the spreadsheet numbers it
    codes: dict[str, np.ndarray]  # field -> each row's code (the layout's order of fields)
    values: dict[str, list[object]]  # field -> its distinct cells
    is_total: np.ndarray  # bool: a stated total, not a record
    notes: list[Note]
    filled: dict[str, np.ndarray] = field(default_factory=dict)  # field -> rows that took it from a block or merge
    extras: dict[int, dict[str, str]] = field(default_factory=dict)  # row position -> unrecognised columns' texts
    _texts: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _value_texts: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def fields(self) -> list[str]:
        return list(self.codes)

    def distinct(self, name: str) -> tuple[np.ndarray, list[object]]:
        """Each row's code and the field's distinct cells (every row None when the sheet has no such column)."""
        if name not in self.codes:
            return np.zeros(len(self), dtype=np.intp), [None]
        return self.codes[name], self.values[name]

    def distinct_texts(self, name: str) -> tuple[np.ndarray, list[str]]:
        """Each row's code and the text of each distinct cell (every row "" when the sheet has no such column)."""
        codes, values = self.distinct(name)
        if name not in self._value_texts:  # the distinct cells stay the same when a block fill moves codes
            self._value_texts[name] = [as_text(v) for v in values]
        return codes, self._value_texts[name]

    def per_value(self, name: str, compute: Callable[[object], object]) -> np.ndarray:
        """compute(cell) for every row's cell of a field (an object array), once per distinct cell."""
        codes, values = self.distinct(name)
        return spread([compute(v) for v in values], codes)

    def per_text(self, name: str, compute: Callable[[str], object]) -> np.ndarray:
        """compute(as_text(cell)) for every row's cell of a field, once per distinct cell."""
        codes, texts = self.distinct_texts(name)
        return spread([compute(t) for t in texts], codes)

    def cells(self, name: str) -> np.ndarray:
        """One field's cells (an object array; None for every row when the sheet has no such column)."""
        codes, values = self.distinct(name)
        return spread(values, codes)

    def column(self, name: str) -> list[object]:
        return self.cells(name).tolist()

    def texts(self, name: str) -> np.ndarray:
        """`as_text` of one field's cells (an object array of str; "" when the sheet has no such column)."""
        if name not in self._texts:
            codes, texts = self.distinct_texts(name)
            self._texts[name] = spread(texts, codes)
        return self._texts[name]

    def filled_in(self, name: str) -> np.ndarray:
        """Which rows took the field from a block or a merge (bool)."""
        mask = self.filled.get(name)
        return mask if mask is not None else np.zeros(len(self), dtype=bool)

    def copy_cells(self, name: str, to: np.ndarray, source: np.ndarray) -> None:
        """Rows `to` take the field's cell of rows `source` (a block's name given to its other rows)."""
        if not len(to):
            return
        codes = self.codes[name] = self.codes[name].copy()
        codes[to] = codes[source]
        self._texts.pop(name, None)
        filled = self.filled[name] = self.filled_in(name).copy()
        filled[to] = True

    @cached_property
    def rows(self) -> list[FieldRow]:
        """The same rows one `FieldRow` each, for the readers that go row by row (and the import preview)."""
        names = self.fields
        values = list(map(dict, map(zip, repeat(names), zip(*(self.column(n) for n in names))))) \
            if names else [{} for _ in self.numbers]
        filled: list[set[str]] = [set() for _ in self.numbers]
        for name, mask in self.filled.items():
            for i in np.flatnonzero(mask).tolist():
                filled[i].add(name)
        extras = [dict(self.extras.get(i, {})) for i in range(len(self))]
        return list(map(FieldRow, self.numbers, values, filled, self.is_total.tolist(), extras))


def sheet_rows(grid: list[list[object]], merged: list[tuple[int, int, int, int]], layout: SheetLayout,
               file: str) -> SheetRows:
    """Rows of fields under the header, as columns; merged ranges and blocks filled; totals marked."""
    with gc_paused():
        return _sheet_rows(grid, merged, layout, file)


def _sheet_rows(grid: list[list[object]], merged: list[tuple[int, int, int, int]], layout: SheetLayout,
                file: str) -> SheetRows:
    notes: list[Note] = []
    lengths = set(map(len, grid))
    width = max(lengths, default=0)
    # The caller's rows are never changed: a short row is padded, and a row a merge fills, in a copy.
    grid = [r if len(r) == width else list(r) + [""] * (width - len(r)) for r in grid] if len(lengths) > 1 \
        else list(grid)
    header = layout.header_row
    header_of = {i: (layout.headers[i] if i < len(layout.headers) and layout.headers[i] else column_letter(i))
                 for i in range(width)}
    merged_by_row = _fill_merges(grid, merged, header, width, layout, file, header_of, notes)

    mapped = {i: name for i, name in layout.mapping.items() if i < width and name != "number"}
    headers = layout.headers
    unmapped = [i for i in range(width) if i not in layout.mapping and not (i < len(headers) and headers[i] == "")]
    label_field = {"activities": "activity", "milestones": "milestone", "roster": "name"}.get(layout.kind, "duty")
    body = grid[header + 1:]
    columns: list[tuple[object, ...]] = list(zip(*body)) if body and width else []
    empty = SheetRows(layout, [], {name: np.zeros(0, dtype=np.intp) for name in mapped.values()},
                      {name: [] for name in mapped.values()}, np.zeros(0, dtype=bool), notes)
    if not columns:
        return empty
    # Each mapped column coded once: whether a cell holds anything, and all the rest, is read per distinct cell.
    coded = {i: codes_of(columns[i]) for i in mapped}
    filled = np.zeros((width, len(body)), dtype=bool)
    for i, (codes, values) in coded.items():
        filled[i] = np.array([_filled(v) for v in values], dtype=bool)[codes]
    keep = filled[list(mapped)].any(axis=0)
    kept = np.flatnonzero(keep)  # blank rows, or only an item number or unmapped text, are left out
    if not len(kept):
        return empty
    for i in range(width):
        if i not in mapped:  # read for the rows kept: "Total" as the first filled cell, and each row's extras
            filled[i] = _filled_column(columns[i])
    every = len(kept) == len(body)
    rows = SheetRows(layout, (kept + header + 2).tolist(),
                     {name: coded[i][0] if every else coded[i][0][kept] for i, name in mapped.items()},
                     {name: coded[i][1] for i, name in mapped.items()}, np.zeros(len(kept), dtype=bool), notes)
    column_of = {name: i for i, name in mapped.items()}
    _mark_totals(rows, columns, filled, kept, column_of, label_field)
    if unmapped:
        unmapped_filled = filled[unmapped][:, kept].any(axis=0)
        for n in np.flatnonzero(unmapped_filled).tolist():
            cells = body[kept[n]]
            rows.extras[n] = {header_of[i]: as_text(cells[i]) for i in unmapped if _filled(cells[i])}
    if merged_by_row:
        _mark_merged(rows, merged_by_row, kept, header, mapped)
    if layout.kind == "duties":
        _fill_blocks(rows, layout, file, header_of, notes)
    return rows


def _mark_totals(rows: SheetRows, columns: list[tuple[object, ...]], filled: np.ndarray, kept: np.ndarray,
                 column_of: dict[str, int], label_field: str) -> None:
    """A row whose label says "Total" (or, naming no one, whose first filled cell does) is a stated total."""
    is_total = rows.is_total
    if label_field in column_of:
        is_total |= rows.per_text(label_field, _is_total_text).astype(bool)
    nameless = ~is_total & (rows.texts("name") == "") if "name" in column_of else ~is_total
    first_filled = filled[:, kept].argmax(axis=0)  # the first filled cell of each row ("Total" in any column)
    # The label cell was read already; another first cell is read for the rows that name no one.
    look = nameless & (first_filled != column_of.get(label_field, -1))
    field_at = {i: name for name, i in column_of.items()}
    for first in np.unique(first_filled[look]).tolist():
        at = np.flatnonzero(look & (first_filled == first))
        if first in field_at:  # a field's cells: each distinct text read once
            is_total[at] = rows.per_text(field_at[first], _is_total_text)[at].astype(bool)
        else:
            is_total[at] = [_is_total_text(as_text(columns[first][i])) for i in kept[at].tolist()]
    if "id" in column_of and is_total.any():
        is_total &= rows.texts("id") == ""  # a row with an id is a record, whatever it is called


def _is_total_text(text: str) -> bool:
    return bool(_TOTAL.match(text))


def _mark_merged(rows: SheetRows, merged_by_row: dict[int, set[int]], kept: np.ndarray, header: int,
                 mapped: dict[int, str]) -> None:
    """Which kept rows' fields a merged range filled."""
    for r, merged_columns in merged_by_row.items():
        n = int(np.searchsorted(kept, r - header - 1))
        if n >= len(kept) or kept[n] != r - header - 1:
            continue
        for c in merged_columns:
            if c in mapped:
                rows.filled.setdefault(mapped[c], np.zeros(len(kept), dtype=bool))[n] = True


def _fill_merges(grid: list[list[object]], merged: list[tuple[int, int, int, int]], header: int, width: int,
                 layout: SheetLayout, file: str, header_of: dict[int, str], notes: list[Note]) -> dict[int, set[int]]:
    """Every cell of a merged range below the header given the range's value (rows copied before they change)."""
    merged_by_row: dict[int, set[int]] = {}
    copied: set[int] = set()
    for r0, c0, r1, c1 in merged:
        if r1 <= header or r0 < header + 1 and r1 > header:
            continue  # titles and header merges say nothing about data rows
        value = grid[r0][c0] if r0 < len(grid) and c0 < width else ""
        if not as_text(value):
            continue
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            if r not in copied:
                grid[r] = list(grid[r])
                copied.add(r)
            row = grid[r]
            for c in range(c0, min(c1, width - 1) + 1):
                if (r, c) != (r0, c0):
                    row[c] = value
                    merged_by_row.setdefault(r, set()).add(c)
        if r1 > r0:
            notes.append(Note(file, layout.sheet, r0 + 1, header_of.get(c0),
                              f"merged cells {column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1} read as "
                              f"{as_text(value)!r} on rows {r0 + 1}-{r1 + 1}", kind="info"))
    return merged_by_row


def _fill_blocks(rows: SheetRows, layout: SheetLayout, file: str, header_of: dict[int, str],
                 notes: list[Note]) -> None:
    """Give continuation rows the name (and VO) of their block, on whole columns.

    A block starts at a row that names someone (not by a merge); its other rows take
    that name, and a VO given on one of its rows holds for the rows after it.
    """
    name_col = layout.column_of("name")
    if name_col is None or "name" not in rows.codes or layout.column_of("id") is not None or \
            layout.column_of("person_id") is not None:
        return  # a sheet with ids (one this application wrote) is flat: a blank name means nobody
    data = np.flatnonzero(~rows.is_total)
    names = rows.texts("name")[data]
    blank = names == ""
    blanks = int(blank.sum())
    if not blanks:
        return
    merged_names = bool(rows.filled_in("name")[data].any())
    # A sheet where a third or more of the rows leave the name blank is a block layout;
    # otherwise a lone blank name more likely means "nobody yet" than "same as above".
    blocky = merged_names or (blanks >= 2 and blanks * 3 >= len(data)) or (blanks == 1 and len(data) <= 3)
    numbers, header = rows.numbers, header_of[name_col]
    if not blocky:
        notes.extend(Note(file, layout.sheet, numbers[i], header, "no person named; the duty is kept unassigned",
                          kind="warning") for i in data[blank].tolist())
        return
    head = ~blank & ~rows.filled_in("name")[data]
    position = np.arange(len(data))
    head_at = np.maximum.accumulate(np.where(head, position, -1))  # each row's block: the last head at or above it
    notes.extend(Note(file, layout.sheet, numbers[i], header, "no person named above this row; the duty is kept "
                      "unassigned", kind="warning") for i in data[head_at < 0].tolist())
    follows = (head_at >= 0) & ~head
    to = follows & blank
    rows.copy_cells("name", data[to], data[head_at[to]])
    if "vo" in rows.codes:
        # A VO given once holds for the following duties of the same person.
        given = rows.texts("vo")[data] != ""
        said_at = np.maximum.accumulate(np.where(head | given, position, -1))
        to = follows & ~given & given[np.maximum(said_at, 0)]
        rows.copy_cells("vo", data[to], data[said_at[to]])
    heads = np.flatnonzero(head).tolist()
    starts = [numbers[i] for i in data[heads].tolist()]
    for start, end, name in zip(starts, [s - 1 for s in starts[1:]] + [numbers[data[-1]]], names[heads].tolist()):
        if end > start:
            rows_text = f"row {end}" if end == start + 1 else f"rows {start + 1}-{end}"
            notes.append(Note(file, layout.sheet, start, header,
                              f"{rows_text} without a name read as duties of {name!r} (block layout)", kind="info"))
