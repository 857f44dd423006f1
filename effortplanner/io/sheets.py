"""From a sheet's grid and its layout to rows of fields, with blocks and merges filled in.

Block layouts give a name (and often a VO and a date) once for several rows, either
as blank cells or as merged cells. Every fill is recorded as a note, so a user who
disagrees can see where it happened.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from effortplanner.core.plan import Note
from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout

# A whole cell that says "Total" (not a duty that starts with the word: "Total reprocessing").
_TOTAL = re.compile(r"^\s*(?:grand\s+|sub-?)?(?:total|totals|sum)(?:\s+(?:fte|effort|items?))?\s*:?\s*$", re.I)


def _filled(cell: object) -> bool:
    """A cell with something in it (fast path of `not is_blank`, called for every cell)."""
    if cell is None or cell == "":
        return False
    if type(cell) is str:
        return not cell.isspace()
    return bool(as_text(cell))


def _filled_column(column: tuple[object, ...]) -> list[bool]:
    """`_filled` of every cell of a column, worked out once per distinct value (at C speed otherwise)."""
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


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


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
    notes: list[Note] = []
    width = max((len(r) for r in grid), default=0)
    grid = [list(r) + [""] * (width - len(r)) for r in grid]
    header = layout.header_row
    header_of = {i: (layout.headers[i] if i < len(layout.headers) and layout.headers[i] else column_letter(i))
                 for i in range(width)}
    merged_by_row: dict[int, set[int]] = {}
    for r0, c0, r1, c1 in merged:
        if r1 <= header or r0 < header + 1 and r1 > header:
            continue  # titles and header merges say nothing about data rows
        value = grid[r0][c0] if r0 < len(grid) and c0 < width else ""
        if not as_text(value):
            continue
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                if (r, c) != (r0, c0):
                    grid[r][c] = value
                    merged_by_row.setdefault(r, set()).add(c)
        if r1 > r0:
            notes.append(Note(file, layout.sheet, r0 + 1, header_of.get(c0),
                              f"merged cells {column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1} read as "
                              f"{as_text(value)!r} on rows {r0 + 1}-{r1 + 1}", kind="info"))

    mapped = {i: name for i, name in layout.mapping.items() if i < width and name != "number"}
    headers = layout.headers
    unmapped = [i for i in range(width) if i not in layout.mapping and not (i < len(headers) and headers[i] == "")]
    label_field = {"activities": "activity", "milestones": "milestone", "roster": "name"}.get(layout.kind, "duty")
    body = grid[header + 1:]
    # Column by column: whether each cell holds anything, read once per distinct value.
    filled_by_column = [_filled_column(column) for column in zip(*body)] if body and width else []
    mapped_columns = list(mapped)

    def any_filled_in(columns: list[int]) -> list[bool]:
        """Per row: is any of these columns filled."""
        if not filled_by_column or not columns:
            return [False] * len(body)
        return list(map(any, zip(*(filled_by_column[i] for i in columns))))

    any_filled = any_filled_in(list(range(width)))
    any_mapped = any_filled_in(mapped_columns)
    unmapped_filled = any_filled_in(unmapped)
    # The first filled cell of each row (for "Total" written in whatever column comes first).
    first_filled = np.argmax(np.array(filled_by_column, dtype=bool), axis=0).tolist() if filled_by_column \
        else [0] * len(body)
    names = list(mapped.values())
    totals: dict[str, bool] = {}

    def total_text(text: str) -> bool:
        hit = totals.get(text)
        if hit is None:
            hit = totals[text] = bool(_TOTAL.match(text))
        return hit

    rows: list[FieldRow] = []
    for offset, cells in enumerate(body):
        if not any_filled[offset] or not any_mapped[offset]:
            continue  # blank, or only an item number, or text in unmapped columns only
        r = header + 1 + offset
        values = dict(zip(names, [cells[i] for i in mapped_columns]))
        extra = {header_of[i]: as_text(cells[i]) for i in unmapped if _filled(cells[i])} \
            if unmapped_filled[offset] else {}
        merged_here = merged_by_row.get(r)
        filled = {mapped[c] for c in merged_here if c in mapped} if merged_here else set()
        is_total = total_text(as_text(values.get(label_field, ""))) or \
            (not as_text(values.get("name", "")) and
             total_text(as_text(cells[first_filled[offset]])))
        if is_total and as_text(values.get("id")):
            is_total = False  # a row with an id is a record, whatever it is called
        rows.append(FieldRow(r + 1, values, filled, is_total, extra))

    if layout.kind == "duties":
        _fill_blocks(rows, layout, file, header_of, notes)
    return SheetRows(layout, rows, notes)


def _fill_blocks(rows: list[FieldRow], layout: SheetLayout, file: str, header_of: dict[int, str],
                 notes: list[Note]) -> None:
    """Give continuation rows the name (and VO, contract end) of their block."""
    name_col = layout.column_of("name")
    if name_col is None or layout.column_of("id") is not None or layout.column_of("person_id") is not None:
        return  # a sheet with ids (one this application wrote) is flat: a blank name means nobody
    data = [r for r in rows if not r.is_total]
    name_texts = [as_text(r.values.get("name")) for r in data]
    if "" not in name_texts:
        return
    blank = [r for r, text in zip(data, name_texts) if not text]
    merged_names = any("name" in r.filled for r in data)
    # A sheet where a third or more of the rows leave the name blank is a block layout;
    # otherwise a lone blank name more likely means "nobody yet" than "same as above".
    blocky = merged_names or (len(blank) >= 2 and len(blank) * 3 >= len(data)) or \
        (len(blank) == 1 and len(data) <= 3)
    if not blocky:
        for r in blank:
            notes.append(Note(file, layout.sheet, r.row, header_of[name_col],
                              "no person named; the duty is kept unassigned", kind="warning"))
        return
    has_vo = layout.column_of("vo") is not None
    current: FieldRow | None = None
    block_start = 0
    block_vo: object = ""
    block_vo_given = False
    for r, name_text in zip(data, name_texts):
        values = r.values
        if name_text and "name" not in r.filled:
            _note_block(current, block_start, r, layout, file, header_of, notes)
            current, block_start, block_vo = r, r.row, values.get("vo", "")
            block_vo_given = bool(as_text(block_vo))
            continue
        if current is None:
            notes.append(Note(file, layout.sheet, r.row, header_of[name_col],
                              "no person named above this row; the duty is kept unassigned", kind="warning"))
            continue
        if not name_text:
            values["name"] = current.values.get("name")
            r.filled.add("name")
        # A VO given once holds for the following duties of the same person.
        if as_text(values.get("vo")):
            block_vo, block_vo_given = values["vo"], True
        elif block_vo_given and has_vo:
            values["vo"] = block_vo
            r.filled.add("vo")
    _note_block(current, block_start, None, layout, file, header_of, notes, last_row=data[-1].row if data else 0)


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
