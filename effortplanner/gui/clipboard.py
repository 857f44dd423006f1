"""Copy, cut, paste and clear of rectangular cell ranges, as tab-separated text.

The text is what Excel and LibreOffice put on (and read from) the clipboard: rows
end with a newline, cells are separated by tabs, and a cell holding a tab, a line
break or a double quote is quoted, its quotes doubled.

Copied cells carry what the cell shows, except where the display abbreviates, so that
a copy pasted back changes nothing: a date copies as written ("late Spring 2016", not
"2016-05-31 ~"), a number at full precision (12.5%, not 13%), a tick as "yes".

Every paste, cut or clear is ONE core edit (`edits.set_values`), pushed as one undo
step; the core checks each cell and refuses the whole edit, with its reason (the
document's ``refused`` signal), when any cell is invalid. Rows and columns hidden in
the view are skipped, read-only columns (id, source) are left alone. Cells of a paste
that fall beyond the last row or column are left out; the change's description, which
the undo menu and status bar show, says how many ("Paste 9 cells; 3 cells beyond the
table left out"). When nothing at all can be pasted, the document signals ``refused``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QTableView

from effortplanner.core import edits
from effortplanner.core.edits import Change, EditError
from effortplanner.core.plan import Plan
from effortplanner.core.schema import SCHEMAS
from effortplanner.core.values import is_blank
from effortplanner.gui.table_model import PERCENT_COLUMNS, PlanTableModel

_EDITABLE = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
Cell = tuple[str, str, str, object]  # (table, row id, column name, value): what edits.set_values takes


# --- tab-separated text ------------------------------------------------------------------
def _quote(field: str) -> str:
    if any(ch in field for ch in '\t\n\r"'):
        return '"' + field.replace('"', '""') + '"'
    return field


def format_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cell texts as clipboard text (quoted like Excel; each row ends with a newline)."""
    return "".join("\t".join(_quote(str(f)) for f in row) + "\n" for row in rows)


def parse_tsv(text: str) -> list[list[str]]:
    """Clipboard text from a spreadsheet as rows of cell texts.

    A field starting with a double quote runs to the matching closing quote and may
    hold tabs and line breaks ("" is one quote). CRLF and CR count as LF. One trailing
    line break is ignored; "" gives no rows and "\\n" one empty cell.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return []
    if text.endswith("\n"):
        text = text[:-1]
    rows: list[list[str]] = []
    row: list[str] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':  # a quoted field
            i += 1
            parts = []
            while i < n:
                j = text.find('"', i)
                if j < 0:  # no closing quote: the rest is the field
                    parts.append(text[i:])
                    i = n
                    break
                parts.append(text[i:j])
                if j + 1 < n and text[j + 1] == '"':
                    parts.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            # Text after the closing quote (malformed) belongs to the field, as Excel reads it.
            end = _field_end(text, i)
            field = "".join(parts) + text[i:end]
        else:
            end = _field_end(text, i)
            field = text[i:end]
        row.append(field)
        i = end
        if i >= n:
            rows.append(row)
            return rows
        if text[i] == "\n":
            rows.append(row)
            row = []
        i += 1


def _field_end(text: str, start: int) -> int:
    ends = [p for p in (text.find("\t", start), text.find("\n", start)) if p >= 0]
    return min(ends) if ends else len(text)

# --- the view's grid in visual order -------------------------------------------------------
class _Axis:
    """Rows or columns of a view in the order shown, skipping hidden ones."""

    def __init__(self, header: QHeaderView, count: int, hidden: Callable[[int], bool]) -> None:
        self.header, self.count, self.hidden = header, count, hidden
        self.moved = header.sectionsMoved()

    def visual(self, logical: int) -> int:
        return self.header.visualIndex(logical) if self.moved else logical

    def logical(self, visual: int) -> int:
        return self.header.logicalIndex(visual) if self.moved else visual

    def shown(self, first_visual: int, last_visual: int | None = None) -> Iterator[int]:
        """Logical indices of the visible sections from *first_visual* on (to *last_visual*)."""
        last = self.count - 1 if last_visual is None else min(last_visual, self.count - 1)
        for v in range(max(first_visual, 0), last + 1):
            logical = self.logical(v)
            if not self.hidden(logical):
                yield logical


@dataclass
class _Picked:
    """The selection's bounding rectangle: visible rows and columns (logical, in visual order)."""

    rows: list[int]
    columns: list[int]
    spans: dict[int, list[tuple[int, int]]]  # logical column -> selected (top, bottom) row ranges

    def selected(self, row: int, column: int) -> bool:
        return any(top <= row <= bottom for top, bottom in self.spans.get(column, ()))


def _axes(view: QTableView) -> tuple[_Axis, _Axis]:
    model = view.model()
    return (_Axis(view.verticalHeader(), model.rowCount(), view.isRowHidden),
            _Axis(view.horizontalHeader(), model.columnCount(), view.isColumnHidden))


def _pick(view: QTableView) -> _Picked | None:
    """The selected cells (or the current cell when nothing is selected); None if there is none."""
    ranges: list[tuple[int, int, int, int]] = []  # logical top, left, bottom, right
    if view.selectionModel() is not None:
        for rng in view.selectionModel().selection():
            if rng.isValid():
                ranges.append((rng.top(), rng.left(), rng.bottom(), rng.right()))
    if not ranges and view.currentIndex().isValid():
        current = view.currentIndex()
        ranges.append((current.row(), current.column(), current.row(), current.column()))
    if not ranges:
        return None
    rows, columns = _axes(view)
    spans: dict[int, list[tuple[int, int]]] = {}
    tops, bottoms, lefts, rights = [], [], [], []
    for top, left, bottom, right in ranges:
        visual_rows = [rows.visual(r) for r in range(top, bottom + 1)] if rows.moved else [top, bottom]
        visual_columns = [columns.visual(c) for c in range(left, right + 1)]
        tops.append(min(visual_rows))
        bottoms.append(max(visual_rows))
        lefts.append(min(visual_columns))
        rights.append(max(visual_columns))
        for c in range(left, right + 1):
            spans.setdefault(c, []).append((top, bottom))
    return _Picked(list(rows.shown(min(tops), max(bottoms))), list(columns.shown(min(lefts), max(rights))), spans)


def _model(view: QTableView) -> PlanTableModel:
    model = view.model()
    if not isinstance(model, PlanTableModel):
        raise TypeError(f"clipboard operations need a PlanTableModel, not {type(model).__name__}")
    return model


# --- copy --------------------------------------------------------------------------------
def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def column_texts(model: PlanTableModel, column: int, row_ids: Sequence[str]) -> list[str]:
    """The clipboard texts of one column for some rows: what the cells show, unabbreviated.

    Read from the plan's frame a column at a time (a copy of 50,000 rows must not ask
    the model cell by cell): dates as written, numbers at full precision (FTEs in %),
    ticks as "yes", references by name, text as it is.
    """
    col = model.columns[column].column
    if col.type == "id":
        return [str(i) for i in row_ids]
    plan = model.document.plan
    frame = plan.tables[model.table].loc[list(row_ids)]
    values = frame[col.name]
    if col.type == "date":
        written = frame[f"{col.name}_text"].fillna("").astype(str)
        iso = values.dt.strftime("%Y-%m-%d").fillna("")
        return [w or d for w, d in zip(written, iso)]
    if col.type == "bool":
        return ["yes" if v else "" for v in values.fillna(False).astype(bool)]
    if col.type == "float":
        percent = col.name in PERCENT_COLUMNS
        return ["" if math.isnan(v) else (f"{_number(v * 100)}%" if percent else _number(v))
                for v in values.astype(float)]
    if col.type == "ref":
        target = col.ref or ""
        names = plan.tables[target][SCHEMAS[target].display]
        shown = values.map(names)
        return ["" if is_blank(v) else (str(n) if isinstance(n, str) else str(v)) for v, n in zip(values, shown)]
    return ["" if is_blank(v) else str(v) for v in values]


def selected_rows(view: QTableView) -> list[list[str]]:
    """The bounding rectangle of the selection (visible cells), "" for unselected cells."""
    model = _model(view)
    picked = _pick(view)
    if picked is None or not picked.rows or not picked.columns:
        return []
    ids = [model.row_id(r) for r in picked.rows]
    texts = [column_texts(model, c, ids) for c in picked.columns]
    return [[texts[j][i] if picked.selected(r, c) else "" for j, c in enumerate(picked.columns)]
            for i, r in enumerate(picked.rows)]


def copy_selection(view: QTableView) -> str:
    """Copy the selected cells as TSV to the clipboard and return the text ("" if none selected)."""
    text = format_tsv(selected_rows(view))
    if text:
        QGuiApplication.clipboard().setText(text)
    return text


# --- edits -------------------------------------------------------------------------------
def _editable_columns(model: PlanTableModel, columns: Sequence[int]) -> set[int]:
    """Columns whose cells take edits (the model's flags; they depend on the column only)."""
    if model.rowCount() == 0:
        return set()
    return {c for c in columns if model.flags(model.index(0, c)) & _EDITABLE}


def _apply(model: PlanTableModel, cells: list[Cell], description: str) -> Change | None:
    """One core edit for all cells; a refusal names the row and column it is about."""

    def action(plan: Plan) -> Change:
        try:
            return edits.set_values(plan, cells, description)
        except EditError as exc:
            raise EditError(f"{description.split(';')[0]} refused: {_where(model, exc)}{exc}",
                            table=exc.table, row_id=exc.row_id, column=exc.column) from None

    return model.document.edit(action)


def _where(model: PlanTableModel, exc: EditError) -> str:
    parts = []
    if exc.row_id:
        row = model.row_of(exc.row_id)
        name = model.document.plan.display_name(model.table, exc.row_id)
        parts.append(f"row {row + 1}" + (f" ('{name}')" if name and name != exc.row_id else ""))
    if exc.column and model.schema.has(exc.column):
        parts.append(model.schema.column(exc.column).label)
    return (", ".join(parts) + ": ") if parts else ""


def _selected_editable(model: PlanTableModel, picked: _Picked) -> tuple[list[tuple[int, int]], int]:
    """Selected visible (row, column) cells that take edits, in reading order; and how many do not."""
    editable = _editable_columns(model, picked.columns)
    out, read_only = [], 0
    for r in picked.rows:
        for c in picked.columns:
            if picked.selected(r, c):
                if c in editable:
                    out.append((r, c))
                else:
                    read_only += 1
    return out, read_only


def _cell(model: PlanTableModel, row: int, column: int, value: object) -> Cell:
    return (model.table, model.row_id(row), model.columns[column].name, value)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def paste(view: QTableView, text: str | None = None) -> Change | None:
    """Paste TSV (the clipboard's text by default) at the top-left of the selection, as one undo step.

    A single value pasted into a selection of several cells fills every selected cell.
    Otherwise the block is laid from the top-left selected cell (or the current cell)
    over the visible rows and columns. Returns the applied change (its description says
    how many cells were left out beyond the table's edge or skipped as read-only), or
    None when the core refused the paste or nothing could be pasted (the document's
    ``refused`` says why) or there was no text.
    """
    model = _model(view)
    block = parse_tsv(QGuiApplication.clipboard().text() if text is None else text)
    if not block:
        return None
    picked = _pick(view)
    if picked is None or not picked.rows or not picked.columns:
        model.document.refused.emit("Nothing pasted: choose a cell to paste at first")
        return None

    cells: list[Cell] = []
    read_only = dropped = 0
    targets, skipped = _selected_editable(model, picked) if len(block) == 1 and len(block[0]) == 1 else ([], 0)
    if len(targets) + skipped > 1:  # one value pasted into several selected cells fills them
        cells = [_cell(model, r, c, block[0][0]) for r, c in targets]
        read_only = skipped
    else:
        rows, columns = _axes(view)
        row_iter = rows.shown(rows.visual(picked.rows[0]))
        shown_columns = list(columns.shown(columns.visual(picked.columns[0])))
        editable = _editable_columns(model, shown_columns)
        for line in block:
            row = next(row_iter, None)
            if row is None:
                dropped += len(line)
                continue
            dropped += max(0, len(line) - len(shown_columns))
            for value, column in zip(line, shown_columns):
                if column in editable:
                    cells.append(_cell(model, row, column, value))
                else:
                    read_only += 1

    left_out = []
    if dropped:
        left_out.append(f"{_plural(dropped, 'cell')} beyond the table left out")
    if read_only:
        left_out.append(f"{_plural(read_only, 'read-only cell')} skipped")
    if not cells:
        model.document.refused.emit(f"Nothing pasted: {'; '.join(left_out) or 'no cell to paste into'}")
        return None
    description = f"Paste {_plural(len(cells), 'cell')}" + "".join(f"; {s}" for s in left_out)
    return _apply(model, cells, description)


def _clear(view: QTableView, verb: str) -> Change | None:
    model = _model(view)
    picked = _pick(view)
    if picked is None:
        return None
    targets, read_only = _selected_editable(model, picked)
    if not targets:
        if read_only:
            model.document.refused.emit(f"Nothing {'cut' if verb == 'Cut' else 'cleared'}: "
                                        "the selected cells are read-only")
        return None
    cells = [_cell(model, r, c, "") for r, c in targets]
    return _apply(model, cells, f"{verb} {_plural(len(cells), 'cell')}")


def delete_cells(view: QTableView) -> Change | None:
    """Clear the selected editable cells as one undo step; required columns are refused by the core."""
    return _clear(view, "Clear")


def cut(view: QTableView) -> Change | None:
    """Copy the selection to the clipboard, then clear its editable cells as one undo step.

    If the core refuses the clearing (a required column), the text stays on the
    clipboard and nothing is cleared.
    """
    copy_selection(view)
    return _clear(view, "Cut")
