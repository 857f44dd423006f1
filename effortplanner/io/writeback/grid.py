"""Rows of an existing worksheet rearranged in place, keeping each cell's value, style and comment.

openpyxl's own insert/delete of rows leaves merged ranges, row heights and comments
behind; here a table region is rebuilt from a snapshot of its rows instead: every output
row names the original row it copies (or a template row whose styles a new row takes),
rows below the table shift with their merges, and merged ranges whose rows stay
together move with them.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.formula.translate import Translator
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from effortplanner.io.cell_limits import cut_comment, fit_cell

AUTHOR = "Effort Planner"
FILLS = {  # light colours a printed page still shows
    "changed": "FFF2CC",  # yellow: a value changed
    "added": "E2EFDA",  # green: a new duty
    "moved": "E4DFEC",  # lilac: a duty moved here from another person
    "removed": "F8CBAD",  # red: a removed duty, kept struck through
}


@dataclass
class Mark:
    """How one written cell is flagged: a fill kind and the comment text."""

    kind: str
    comment: str = ""


@dataclass
class OutRow:
    """One row of the rebuilt table: the original row it copies, and what is written over it."""

    source: int | None  # original row number copied whole; None for a new row
    template: int | None = None  # for a new row: the row whose cell styles it takes
    values: dict[int, object] = field(default_factory=dict)  # 1-based column -> value written
    marks: dict[int, Mark] = field(default_factory=dict)  # 1-based column -> mark
    row_mark: str = ""  # fill every cell of the row ("added", "moved", "removed")
    strike: bool = False
    regenerated: set[int] = field(default_factory=set)  # columns whose merges are rebuilt, not copied
    vo_start: bool | None = None  # a duty row that gives its VO (True) or takes the one above (False)


@dataclass(frozen=True)
class _Snap:
    value: object
    data_type: str
    style: object
    comment: Comment | None
    hyperlink: object
    merged: bool


def _snapshot(ws: Worksheet, first_row: int) -> dict[int, dict[int, _Snap]]:
    rows: dict[int, dict[int, _Snap]] = {}
    for (r, c), cell in ws._cells.items():
        if r < first_row:
            continue
        merged = isinstance(cell, MergedCell)
        rows.setdefault(r, {})[c] = _Snap(None if merged else cell._value, "n" if merged else cell.data_type,
                                          copy(cell._style), None if merged else cell.comment,
                                          None if merged else cell.hyperlink, merged)
    return rows


def _place(ws: Worksheet, row: int, column: int, snap: _Snap, as_plain: bool = False, moved_from: int = 0) -> None:
    if snap.merged and not as_plain:
        cell: Cell | MergedCell = MergedCell(ws, row=row, column=column)
        cell._style = copy(snap.style)
        ws._cells[(row, column)] = cell
        return
    new = Cell(ws, row=row, column=column)
    if snap.data_type:
        new._value, new.data_type = snap.value, snap.data_type
    else:  # a value taken over from an undone merge: typed as openpyxl types it
        new.value = snap.value
    if snap.data_type == "f" and isinstance(snap.value, str) and moved_from and moved_from != row:
        # A formula that moves with its row points where it pointed before, relative to the row.
        origin = f"{get_column_letter(column)}{moved_from}"
        new._value = Translator(snap.value, origin=origin).translate_formula(f"{get_column_letter(column)}{row}")
    new._style = copy(snap.style)
    ws._cells[(row, column)] = new
    if snap.comment is not None:
        new.comment = copy(snap.comment)
    if snap.hyperlink is not None:
        new.hyperlink = copy(snap.hyperlink)


def rebuild(ws: Worksheet, first: int, last: int, rows: list[OutRow],
            merges: list[tuple[int, int, int, int]]) -> None:
    """Replace rows first..last with `rows`; shift what is below; keep merges that stay whole.

    `merges` are new merged ranges (min_col, min_row, max_col, max_row) in output row
    numbers, for the columns an OutRow lists as regenerated.
    """
    snaps = _snapshot(ws, first)
    old_max = max([first - 1, *snaps])
    heights = {r: copy(ws.row_dimensions[r]) for r in range(first, old_max + 1) if r in ws.row_dimensions}
    delta = len(rows) - (last - first + 1)
    # old row -> new row, for rows copied whole (the table's) and rows below it
    where: dict[int, int] = {}
    regenerated: dict[int, set[int]] = {}
    for index, out in enumerate(rows):
        if out.source is not None:
            where[out.source] = first + index
            regenerated[out.source] = out.regenerated
    for r in range(last + 1, old_max + 1):
        where[r] = r + delta
    kept: list[CellRange] = []
    orphaned: dict[tuple[int, int], object] = {}  # cells of a merge that is undone: they take its value
    for merged in list(ws.merged_cells.ranges):
        if merged.max_row < first:
            continue
        ws.merged_cells.remove(merged)
        span = range(merged.min_row, merged.max_row + 1)
        targets = [where.get(r) for r in span]
        whole = all(t is not None for t in targets) and \
            all(b == a + 1 for a, b in zip(targets, targets[1:]))  # type: ignore[operator]
        cols = set(range(merged.min_col, merged.max_col + 1))
        if whole and not any(cols & regenerated.get(r, set()) for r in span):
            kept.append(CellRange(min_col=merged.min_col, min_row=targets[0], max_col=merged.max_col,
                                  max_row=targets[-1]))
            continue
        top = snaps.get(merged.min_row, {}).get(merged.min_col)
        for r in span:
            for c in cols:
                orphaned[(r, c)] = top.value if top is not None else None
    for key in [k for k in ws._cells if k[0] >= first]:
        del ws._cells[key]
    for key in [k for k in ws.row_dimensions if k >= first]:
        del ws.row_dimensions[key]
    for index, out in enumerate(rows):
        target = first + index
        origin = out.source if out.source is not None else out.template
        if origin is None:
            continue
        for column, snap in snaps.get(origin, {}).items():
            if out.source is None:  # a new row takes styles only
                snap = _Snap(None, "n", snap.style, None, None, False)
            elif snap.merged and (origin, column) in orphaned:
                snap = _Snap(orphaned[(origin, column)], "", snap.style, None, None, False)
            _place(ws, target, column, snap, as_plain=column in out.regenerated, moved_from=origin)
        if origin in heights:
            dim = copy(heights[origin])
            dim.index = target
            ws.row_dimensions[target] = dim
    for r in range(last + 1, old_max + 1):
        for column, snap in snaps.get(r, {}).items():
            _place(ws, r + delta, column, snap, moved_from=r)
        if r in heights:
            dim = copy(heights[r])
            dim.index = r + delta
            ws.row_dimensions[r + delta] = dim
    for cr in kept:
        ws.merged_cells.add(MergedCellRange(ws, cr.coord))
    for min_col, min_row, max_col, max_row in merges:
        _merge(ws, min_col, min_row, max_col, max_row)


def _merge(ws: Worksheet, min_col: int, min_row: int, max_col: int, max_row: int) -> None:
    """Merge a range keeping the styles of the cells it covers (openpyxl's merge_cells resets them)."""
    if (min_row, min_col) == (max_row, max_col):
        return
    cr = MergedCellRange(ws, CellRange(min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row).coord)
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            if (r, c) == (min_row, min_col):
                continue
            old = ws._cells.get((r, c))
            cell = MergedCell(ws, row=r, column=c)
            if old is not None:
                cell._style = copy(old._style)
            ws._cells[(r, c)] = cell
    ws.merged_cells.add(cr)


def write_value(cell: Cell, value: object) -> None:
    """Put a value in a cell; text is always text, never a formula."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    length = None
    if isinstance(value, str):
        clean: str = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot be stored in a sheet
        value, length = fit_cell(clean)  # Excel refuses a cell past 32,767 characters: cut visibly
    cell.value = value
    if length is not None:
        cell.comment = Comment(cut_comment(length), AUTHOR, height=80, width=300)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


def mark(cell: Cell, kind: str, comment: str = "", strike: bool = False) -> None:
    """Fill a cell with the colour of its change and attach the explanation as a comment."""
    cell.fill = PatternFill(fill_type="solid", fgColor=FILLS[kind], bgColor=FILLS[kind])
    if strike:
        font = copy(cell.font) if cell.font is not None else Font()
        font.strike = True
        cell.font = font
    if comment:
        text = comment if cell.comment is None else f"{comment}\n\nEarlier comment: {cell.comment.text}"
        lines = text.count("\n") + 1 + len(text) // 40
        cell.comment = Comment(text, AUTHOR, height=min(20 * lines + 20, 400), width=300)


def apply(ws: Worksheet, first: int, rows: list[OutRow], width: int) -> None:
    """Write each output row's values and marks (after `rebuild`, or in place when rows did not move)."""
    for index, out in enumerate(rows):
        target = first + index
        for column, value in out.values.items():
            cell = ws.cell(target, column)
            if not isinstance(cell, MergedCell):
                write_value(cell, value)
        if out.row_mark:
            for column in range(1, width + 1):
                cell = ws.cell(target, column)
                if not isinstance(cell, MergedCell):
                    mark(cell, out.row_mark, strike=out.strike)
        for column, how in out.marks.items():
            cell = ws.cell(target, column)
            if not isinstance(cell, MergedCell):
                mark(cell, how.kind, how.comment, strike=out.strike)
