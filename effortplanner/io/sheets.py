"""From a sheet's grid and its layout to rows of fields, with blocks and merges filled in.

Block layouts give a name (and often a VO and a date) once for several rows, either
as blank cells or as merged cells. Every fill is recorded as a note, so a user who
disagrees can see where it happened.
"""

from __future__ import annotations

import gc
import re
from itertools import repeat
from operator import itemgetter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeGuard

import numpy as np

from effortplanner.core.plan import Note
from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout
from effortplanner.io.sheet_scan import column_letter as column_letter  # where the other modules look for it

# A whole cell that says "Total" (not a duty that starts with the word: "Total reprocessing").
_TOTAL = re.compile(r"^\s*(?:grand\s+|sub-?)?(?:total|totals|sum)(?:\s+(?:fte|effort|items?))?\s*:?\s*$", re.I)


def _filled(cell: object) -> bool:
    """A cell with something in it (fast path of `not is_blank`, called for every cell)."""
    if cell is None or cell == "":
        return False
    if type(cell) is str:
        return not cell.isspace()
    return bool(as_text(cell))


def _filled_column(column: Sequence[object]) -> list[bool]:
    """`_filled` of every cell of a column, worked out once per distinct value (at C speed otherwise)."""
    if _only_text(column) and not any(map(str.isspace, column)):
        return list(map(bool, column))  # text only, none of it blanks: filled is non-empty
    try:
        known = {cell: _filled(cell) for cell in set(column)}  # 1, 1.0 and True are alike here: all filled
    except TypeError:  # an unhashable cell: read each on its own
        return [_filled(cell) for cell in column]
    out: list[bool | None] = list(map(known.get, column))
    if None in out:  # a NaN that is not the object the set kept
        out = [_filled(cell) if hit is None else hit for cell, hit in zip(column, out)]
    return out  # type: ignore[return-value]


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


@dataclass
class SheetRows:
    layout: SheetLayout
    rows: list[FieldRow]
    notes: list[Note]


def sheet_rows(grid: list[list[object]], merged: list[tuple[int, int, int, int]], layout: SheetLayout,
               file: str) -> SheetRows:
    """Rows of fields under the header; merged ranges and blocks filled; totals marked."""
    with gc_paused():
        return _sheet_rows(grid, merged, layout, file)


def _sheet_rows(grid: list[list[object]], merged: list[tuple[int, int, int, int]], layout: SheetLayout,
                file: str) -> SheetRows:
    """Column by column: which cells hold anything, which rows are kept or totals, worked out on whole
    columns (each distinct text read once); only the FieldRow objects are made one per row."""
    notes: list[Note] = []
    width = max((len(r) for r in grid), default=0)
    # The caller's rows are never changed: a short row is padded, and a row a merge fills, in a copy.
    grid = [r if len(r) == width else list(r) + [""] * (width - len(r)) for r in grid]
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
    if not columns:
        return SheetRows(layout, [], notes)
    # Whether each cell holds anything, read once per distinct value; then per row, on the whole table.
    filled = np.array([_filled_column(column) for column in columns], dtype=bool)
    mapped_columns = list(mapped)
    keep = filled.any(axis=0)
    keep &= filled[mapped_columns].any(axis=0) if mapped_columns else False
    kept = np.flatnonzero(keep).tolist()  # blank rows, or only an item number or unmapped text, are left out
    if not kept:
        return SheetRows(layout, [], notes)
    first_filled = filled.argmax(axis=0).tolist()  # the first filled cell of each row ("Total" in any column)
    unmapped_filled = filled[unmapped].any(axis=0).tolist() if unmapped else []
    take = None if len(kept) == len(body) else itemgetter(*kept) if len(kept) > 1 else lambda c: (c[kept[0]],)

    def pick(column: tuple[object, ...]) -> Sequence[object]:
        return column if take is None else take(column)

    names = list(mapped.values())
    values = list(map(dict, map(zip, repeat(names), zip(*(pick(columns[i]) for i in mapped_columns)))))
    column_of = {name: i for i, name in mapped.items()}
    label = _texts(pick(columns[column_of[label_field]])) if label_field in column_of else None
    name_texts = _texts(pick(columns[column_of["name"]])) if "name" in column_of else None
    totals: dict[str, bool] = {}

    def total_text(text: str) -> bool:
        hit = totals.get(text)
        if hit is None:
            hit = totals[text] = bool(_TOTAL.match(text))
        return hit

    is_total = list(map(total_text, label)) if label is not None else [False] * len(kept)
    texts_of: dict[int, list[str]] = {}  # whole columns' texts, for the rows that name no one
    for n, offset in enumerate(kept):
        if not is_total[n] and (name_texts is None or not name_texts[n]):
            first = first_filled[offset]
            if first == column_of.get(label_field):
                continue  # the label cell itself, already read
            if first not in texts_of:
                texts_of[first] = _texts(columns[first])
            is_total[n] = total_text(texts_of[first][offset])
    if "id" in column_of and any(is_total):
        id_column = columns[column_of["id"]]
        for n, offset in enumerate(kept):
            if is_total[n] and as_text(id_column[offset]):
                is_total[n] = False  # a row with an id is a record, whatever it is called

    extras: list[dict[str, str]] = [{} for _ in kept]
    if any(unmapped_filled):
        for n, offset in enumerate(kept):
            if unmapped_filled[offset]:
                cells = body[offset]
                extras[n] = {header_of[i]: as_text(cells[i]) for i in unmapped if _filled(cells[i])}
    filled_fields: list[set[str]] = [set() for _ in kept]
    if merged_by_row:
        for n, offset in enumerate(kept):
            merged_here = merged_by_row.get(header + 1 + offset)
            if merged_here:
                filled_fields[n] = {mapped[c] for c in merged_here if c in mapped}
    rows = list(map(FieldRow, [header + 2 + offset for offset in kept], values, filled_fields, is_total, extras))

    if layout.kind == "duties":
        _fill_blocks(rows, layout, file, header_of, notes, name_texts,
                     _texts(pick(columns[column_of["vo"]])) if "vo" in column_of else None)
    return SheetRows(layout, rows, notes)


def _only_text(column: Sequence[object]) -> TypeGuard[Sequence[str]]:
    """Every cell is a str (most columns of a sheet: calamine gives '' for an empty cell)."""
    kinds = set(map(type, column))
    return kinds == {str} or not kinds


def _texts(column: Sequence[object]) -> list[str]:
    """`as_text` of every cell of a column; each distinct text worked out once."""
    if _only_text(column):
        known = {cell: as_text(cell) for cell in set(column)}
        return list(map(known.__getitem__, column))
    try:
        known = {cell: as_text(cell) for cell in set(column) if type(cell) is str}
    except TypeError:  # an unhashable cell: read each on its own
        return [as_text(cell) for cell in column]
    return [known[cell] if type(cell) is str else as_text(cell) for cell in column]


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


def _fill_blocks(rows: list[FieldRow], layout: SheetLayout, file: str, header_of: dict[int, str],
                 notes: list[Note], name_texts: list[str] | None, vo_texts: list[str] | None) -> None:
    """Give continuation rows the name (and VO, contract end) of their block.

    `name_texts` and `vo_texts` are the cells' texts, row for row with `rows`.
    """
    name_col = layout.column_of("name")
    if name_col is None or name_texts is None or layout.column_of("id") is not None or \
            layout.column_of("person_id") is not None:
        return  # a sheet with ids (one this application wrote) is flat: a blank name means nobody
    data = [(r, text, vo) for r, text, vo in zip(rows, name_texts, vo_texts or [""] * len(rows)) if not r.is_total]
    blank = [r for r, text, _ in data if not text]
    if not blank:
        return
    merged_names = any("name" in r.filled for r, _, _ in data)
    # A sheet where a third or more of the rows leave the name blank is a block layout;
    # otherwise a lone blank name more likely means "nobody yet" than "same as above".
    blocky = merged_names or (len(blank) >= 2 and len(blank) * 3 >= len(data)) or \
        (len(blank) == 1 and len(data) <= 3)
    if not blocky:
        for r in blank:
            notes.append(Note(file, layout.sheet, r.row, header_of[name_col],
                              "no person named; the duty is kept unassigned", kind="warning"))
        return
    has_vo = vo_texts is not None
    current: FieldRow | None = None
    block_start = 0
    block_vo: object = ""
    block_vo_given = False
    for r, name_text, vo_text in data:
        values = r.values
        if name_text and "name" not in r.filled:
            _note_block(current, block_start, r, layout, file, header_of, notes)
            current, block_start, block_vo = r, r.row, values.get("vo", "")
            block_vo_given = bool(vo_text)
            continue
        if current is None:
            notes.append(Note(file, layout.sheet, r.row, header_of[name_col],
                              "no person named above this row; the duty is kept unassigned", kind="warning"))
            continue
        if not name_text:
            values["name"] = current.values.get("name")
            r.filled.add("name")
        # A VO given once holds for the following duties of the same person.
        if vo_text:
            block_vo, block_vo_given = values["vo"], True
        elif block_vo_given and has_vo:
            values["vo"] = block_vo
            r.filled.add("vo")
    _note_block(current, block_start, None, layout, file, header_of, notes, last_row=data[-1][0].row if data else 0)


def _note_block(head: FieldRow | None, start: int, next_head: FieldRow | None, layout: SheetLayout, file: str,
                header_of: dict[int, str], notes: list[Note], last_row: int = 0) -> None:
    if head is None:
        return
    end = (next_head.row - 1) if next_head is not None else last_row
    if end > start:
        col = layout.column_of("name")
        rows_text = f"row {end}" if end == start + 1 else f"rows {start + 1}-{end}"
        notes.append(Note(file, layout.sheet, start, header_of.get(col) if col is not None else None,
                          f"{rows_text} without a name read as duties of {as_text(head.values.get('name'))!r} "
                          "(block layout)", kind="info"))
