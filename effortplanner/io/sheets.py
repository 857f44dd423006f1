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
    rows: list[FieldRow] = []
    for r in range(header + 1, len(grid)):
        cells = grid[r]
        if not any(_filled(c) for c in cells):
            continue
        values = {name: cells[i] for i, name in mapped.items()}
        if not any(_filled(v) for v in values.values()):
            continue  # only an item number, or text in unmapped columns only
        extra = {header_of[i]: as_text(cells[i]) for i in unmapped if _filled(cells[i])}
        merged_here = merged_by_row.get(r)
        filled = {mapped[c] for c in merged_here if c in mapped} if merged_here else set()
        first_text = next((as_text(c) for c in cells if _filled(c)), "")
        is_total = bool(_TOTAL.match(as_text(values.get(label_field, ""))) or
                        (_TOTAL.match(first_text) and not as_text(values.get("name", ""))))
        if as_text(values.get("id")):
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
    blank = [r for r in data if not as_text(r.values.get("name"))]
    merged_names = any("name" in r.filled for r in data)
    # A sheet where a third or more of the rows leave the name blank is a block layout;
    # otherwise a lone blank name more likely means "nobody yet" than "same as above".
    blocky = merged_names or (len(blank) >= 2 and len(blank) * 3 >= len(data)) or \
        (len(blank) == 1 and len(data) <= 3)
    if not blank:
        return
    if not blocky:
        for r in blank:
            notes.append(Note(file, layout.sheet, r.row, header_of[name_col],
                              "no person named; the duty is kept unassigned", kind="warning"))
        return
    current: FieldRow | None = None
    block_start = 0
    block_vo: object = ""
    for r in data:
        if as_text(r.values.get("name")) and "name" not in r.filled:
            _note_block(current, block_start, r, layout, file, header_of, notes)
            current, block_start, block_vo = r, r.row, r.values.get("vo", "")
            continue
        if current is None:
            notes.append(Note(file, layout.sheet, r.row, header_of[name_col],
                              "no person named above this row; the duty is kept unassigned", kind="warning"))
            continue
        if not as_text(r.values.get("name")):
            r.values["name"] = current.values.get("name")
            r.filled.add("name")
        # A VO given once holds for the following duties of the same person.
        if as_text(r.values.get("vo")):
            block_vo = r.values["vo"]
        elif as_text(block_vo) and layout.column_of("vo") is not None:
            r.values["vo"] = block_vo
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
