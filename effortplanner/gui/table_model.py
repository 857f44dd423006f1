"""Qt adapter over one plan table: holds row ids, asks the core for values, edits through the document.

Sorting and filtering happen here (a proxy model is far too slow at 50k rows); a
one-cell edit emits dataChanged for that row only; inserted and removed rows are
announced as such, never as a reset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QModelRoleDataSpan, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from effortplanner.core.edits import Change
from effortplanner.core.plan import Plan
from effortplanner.core.schema import SCHEMAS, Column
from effortplanner.core.values import fte_fraction_text
from effortplanner.gui.cell_texts import ReferencedNames
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.rows_model import OneCallPerCell
from effortplanner.gui.table_rows import PERCENT_COLUMNS, RowOrder, Sort, TableTexts, cell_text, date_text, is_missing

_Index = QModelIndex | QPersistentModelIndex
DISPLAY, EDIT, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole
FONT, BACKGROUND, CHECK = Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.CheckStateRole
ALIGN, FOREGROUND = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole
READ_ONLY = ("id", "source")
INVALID_BRUSH = QBrush(QColor("#FCE4E4"))
MUTED_BRUSH = QBrush(QColor("#666666"))
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# The roles a delegate's paint asks for, as the ints Qt hands over (a repaint looks them up per cell).
_DISPLAY, _FONT, _BACKGROUND, _CHECK, _ALIGN, _FOREGROUND = (int(r.value) for r in (DISPLAY, FONT, BACKGROUND, CHECK,
                                                                                    ALIGN, FOREGROUND))
PAINT_ROLES = frozenset((_DISPLAY, _FONT, _BACKGROUND, _CHECK, _ALIGN, _FOREGROUND))


@dataclass(frozen=True)
class ViewColumn:
    column: Column

    @property
    def name(self) -> str:
        return self.column.name


class PlanTableModel(OneCallPerCell, QAbstractTableModel):
    """One plan table (people, assignments, activities, milestones) as an editable grid."""

    def __init__(self, document: PlanDocument, table: str, parent: object = None) -> None:
        super().__init__(parent)
        self.document, self.table = document, table
        self.schema = SCHEMAS[table]
        self.columns = [ViewColumn(c) for c in self.schema.columns]
        self._looks = [(c.name, c.type == "bool", RIGHT_ALIGNED if c.type == "float" else None) for c in self.schema.columns]
        self._flags = [_column_flags(c) for c in self.schema.columns]
        self._italic = QFont()
        self._italic.setItalic(True)
        self._cache: dict[str, list[str]] = {}
        self._facts: dict[str, tuple[object, bool, tuple[bool, ...]]] = {}  # invalid, estimated, checks
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._table_texts: TableTexts | None = None  # the display texts a sort or filter reads
        self._prepared: RowOrder | None = None  # the rows of a plan being loaded, worked out in its job
        self._arrays_key: tuple[int, int] | None = None  # (table frame, plan revision) of the arrays below
        self._arrays: dict[str, np.ndarray] = {}  # the column arrays cells are read from
        self._names = ReferencedNames()  # the names referenced rows are shown by
        self._ids: list[str] = []
        document.add_preparer(self.prepare)
        document.changed.connect(self._on_changed)
        document.replaced.connect(self.reload)
        self.reload()

    # --- rows --------------------------------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame:
        return self.document.plan.tables[self.table]

    def reload(self) -> None:
        self.beginResetModel()
        self._cache.clear()
        self._facts.clear()
        self._arrays_key, self._arrays = None, {}
        self._names.clear()
        prepared, self._prepared = self._prepared, None
        if prepared is not None and prepared.fits(self.document.plan, self.table, self._filter, self._sort_rule()):
            self._table_texts, self._ids = prepared.texts, prepared.ids  # worked out in the job that loaded it
        else:
            self._ids = self.frame.index[self._visible_positions()].tolist()
        self.endResetModel()

    def prepare(self) -> Callable[[Plan], Callable[[], None] | None]:
        """On the GUI thread, as a job that loads another plan starts: the work of showing this table
        of it (its rows' order, the texts it is sorted or filtered by), to be done in that job. The job
        only computes; the GUI thread delivers the result just before it shows the plan, and `reload`
        takes it if the plan is shown as it was loaded (see `PlanDocument.preparation`)."""
        table, columns, needle, sort = self.table, [v.column for v in self.columns], self._filter, self._sort_rule()

        def work(plan: Plan) -> Callable[[], None] | None:
            if table not in plan.tables:
                return None
            order = RowOrder.prepare(plan, table, columns, needle, sort)

            def deliver() -> None:
                self._prepared = order

            return deliver

        return work

    def _sort_rule(self) -> Sort | None:
        if self._sort is None:
            return None
        return self._sort[0], self._sort[1] == Qt.SortOrder.DescendingOrder

    def _visible_positions(self) -> np.ndarray:
        """Positions in the table of the rows shown, in the order shown."""
        return self._texts().visible_positions(self._filter, self._sort_rule())

    def _texts(self) -> TableTexts:
        """The table's display texts by column, kept until the table or a name it shows changes."""
        texts = self._table_texts
        if texts is None or not texts.of(self.document.plan, self.table):
            texts = self._table_texts = TableTexts(self.document.plan, self.table, [v.column for v in self.columns])
        return texts

    # --- values ------------------------------------------------------------------------
    def _reader(self, row_id: str) -> Callable[[str], object]:
        """One row's cells by column name, as `frame.at` gives them, read by position from column
        arrays kept until the table changes (a repaint reads hundreds of cells; an `.at` costs ~10 µs)."""
        frame = self.frame
        key = (id(frame), self.document.plan.revision)
        if self._arrays_key != key:
            self._arrays_key, self._arrays = key, {}
        position = frame.index.get_loc(row_id)
        if not isinstance(position, (int, np.integer)):  # ids not unique: a damaged plan, read it slowly
            return lambda name: frame.at[row_id, name]
        arrays = self._arrays

        def read(name: str) -> object:
            array = arrays.get(name)
            if array is None:
                array = arrays[name] = frame[name].to_numpy()
            value = array[position]
            return pd.Timestamp(value) if isinstance(value, np.datetime64) else value  # NaT stays pd.NaT

        return read

    def _row_texts(self, row_id: str) -> list[str]:
        cached = self._cache.get(row_id)
        if cached is None:
            read = self._reader(row_id)
            cached = []
            for view in self.columns:
                column = view.column
                if column.name == "id":
                    cached.append(row_id)
                elif column.type == "ref":
                    cached.append(self._names.name(self.document.plan, column.ref or "", read(column.name)))
                elif column.type == "date":
                    cached.append(date_text(read, column.name))
                else:
                    cached.append(cell_text(column, read(column.name)))
            self._cache[row_id] = cached
        return cached

    def _row_facts(self, row_id: str) -> tuple[object, bool, tuple[bool, ...]]:
        """What styling needs of a row (invalid marks, estimated FTE, tick boxes), read once per row."""
        facts = self._facts.get(row_id)
        if facts is None:
            read = self._reader(row_id)
            estimated = bool(read("fte_estimated")) if "fte_estimated" in self.frame.columns else False
            checks = tuple(bool(read(c.name)) if c.column.type == "bool" else False for c in self.columns)
            facts = (read("invalid"), estimated, checks)
            self._facts[row_id] = facts
        return facts

    def row_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, row_id: str) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def column_index(self, name: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.name == name)

    # --- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        if role in PAINT_ROLES:
            return self._paint_values(index.row(), index.column()).get(role)
        if role not in (EDIT, TOOLTIP):
            return None  # a repaint asks many roles per cell: answer the rest at once
        column, row_id = self.columns[index.column()].column, self._ids[index.row()]
        if role == TOOLTIP:
            return self._tooltip(row_id, column, self._row_facts(row_id)[0])
        return self._edit_value(row_id, column)

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803 (Qt override)
        """All the roles a delegate paints a cell with, in one call (see `OneCallPerCell`)."""
        values = self._paint_values(index.row(), index.column()) if index.isValid() else {}
        for position in range(roleDataSpan.size()):
            role_data = roleDataSpan[position]
            role = role_data.role()
            role_data.setData(values.get(role) if role in PAINT_ROLES else self.data(index, role))

    def _paint_values(self, row: int, column: int) -> dict[int, object]:
        """What a repaint shows of one cell, by role; a role not here has no value (None)."""
        row_id = self._ids[row]
        invalid, estimated, checks = self._row_facts(row_id)
        name, is_bool, align = self._looks[column]
        values: dict[int, object]
        if is_bool:
            values = {_DISPLAY: "", _CHECK: Qt.CheckState.Checked if checks[column] else Qt.CheckState.Unchecked}
        else:
            values = {_DISPLAY: self._row_texts(row_id)[column]}
            if align is not None:
                values[_ALIGN] = align
        if invalid and name in invalid:  # type: ignore[operator]
            values[_BACKGROUND] = INVALID_BRUSH
        if estimated and name == "fte":
            values[_FONT], values[_FOREGROUND] = self._italic, MUTED_BRUSH
        return values

    def _tooltip(self, row_id: str, column: Column, invalid: object) -> str | None:
        if invalid and column.name in invalid:  # type: ignore[operator]
            return str(invalid[column.name])  # type: ignore[index]
        frame = self.frame
        if column.type == "date":
            text, certainty = frame.at[row_id, f"{column.name}_text"], frame.at[row_id, f"{column.name}_certainty"]
            early, late = frame.at[row_id, f"{column.name}_earliest"], frame.at[row_id, f"{column.name}_latest"]
            if text and not is_missing(early):
                span = early.date().isoformat() if early == late else \
                    f"{early.date().isoformat()} – {late.date().isoformat()}"
                return f"{text!s} ({certainty}: {span})"
            return str(text) if text else None
        if column.name in PERCENT_COLUMNS:
            fraction = fte_fraction_text(frame.at[row_id, column.name])
            if column.name == "fte" and frame.at[row_id, "fte_estimated"]:
                return f"Estimated FTE: not stated in the source ({fraction or 'none'})"
            return fraction or None
        return None

    def _edit_value(self, row_id: str, column: Column) -> object:
        frame = self.frame
        if column.type == "date":
            text = frame.at[row_id, f"{column.name}_text"]
            value = frame.at[row_id, column.name]
            return str(text) if text else ("" if is_missing(value) else value.date().isoformat())
        if column.type == "ref":
            return self.document.plan.display_name(column.ref or "", frame.at[row_id, column.name])
        value = frame.at[row_id, column.name] if column.name != "id" else row_id
        return None if is_missing(value) else value

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return self.columns[section].column.label
        if orientation == Qt.Orientation.Horizontal and role == TOOLTIP:
            return self.columns[section].column.doc or None
        if orientation == Qt.Orientation.Vertical and role == DISPLAY:
            return section + 1
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return self._flags[index.column()] if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: _Index, value: object, role: int = EDIT) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()].column
        if role == CHECK and column.type == "bool":
            value = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[arg-type]
        elif role != EDIT:
            return False
        return self.document.set_value(self.table, self._ids[index.row()], column.name, value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self._ids[i.row()], i.column()) for i in old]
        self._sort = (column, order) if column >= 0 else None
        frame = self.frame
        positions = self._visible_positions()
        self._ids = frame.index[positions].tolist()
        if old:  # the view's current cell and selection follow their rows: table position -> new row
            row_of_position = np.full(len(frame), -1)
            row_of_position[positions] = np.arange(len(positions))
            at = frame.index.get_indexer([row_id for row_id, _ in old_ids]) if frame.index.is_unique else \
                np.full(len(old_ids), -1)
            rows = np.where(at >= 0, row_of_position[at], -1)
            self.changePersistentIndexList(old, [self.index(int(r), c) if r >= 0 else QModelIndex()
                                                 for r, (_, c) in zip(rows, old_ids)])
        self.layoutChanged.emit()

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().lower()
        self.reload()

    # --- following the core ------------------------------------------------------------
    def _insert(self, ids: tuple[str, ...]) -> None:
        new = [i for i in ids if i in self.frame.index]
        if not new:
            return
        if self._sort is None and not self._filter:
            # Unsorted: rows go where the table has them (an undone delete comes back in place).
            position = {row_id: i for i, row_id in enumerate(self.frame.index)}
            for row_id in sorted(new, key=position.__getitem__):
                row = position[row_id]
                self.beginInsertRows(QModelIndex(), row, row)
                self._ids.insert(row, row_id)
                self.endInsertRows()
            return
        self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids) + len(new) - 1)
        self._ids.extend(new)  # sorted or filtered: new rows show at the end until re-sorted
        self.endInsertRows()

    def _on_changed(self, change: Change) -> None:
        renamed = {t.table for t in change.touched() if t.kind != "insert" and t.table != self.table}
        for touch in change.touched():
            if touch.table != self.table:
                continue
            if touch.kind == "set":
                for row_id in touch.ids:
                    self._cache.pop(row_id, None)
                    self._facts.pop(row_id, None)
                    row = self.row_of(row_id)
                    if row >= 0:
                        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
            elif touch.kind == "insert":
                self._insert(touch.ids)
            else:
                for row_id in touch.ids:
                    row = self.row_of(row_id)
                    if row >= 0:
                        self.beginRemoveRows(QModelIndex(), row, row)
                        del self._ids[row]
                        self._cache.pop(row_id, None)
                        self._facts.pop(row_id, None)
                        self.endRemoveRows()
        if renamed & {c.ref for c in self.schema.columns if c.type == "ref"} and self._ids:
            # A person or activity renamed or removed: the names shown here follow.
            self._cache.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))


def _column_flags(column: Column) -> Qt.ItemFlag:
    """What a user may do with a column's cells (worked out once: a repaint asks every cell)."""
    base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if column.name in READ_ONLY:
        return base
    if column.type == "bool":
        return base | Qt.ItemFlag.ItemIsUserCheckable
    return base | Qt.ItemFlag.ItemIsEditable
