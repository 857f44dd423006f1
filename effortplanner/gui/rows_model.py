"""A read-only table model over rows of display texts: the shape the flags, notes and log views share.

Sorting and filtering happen here, on whole columns with numpy/pandas: a
QSortFilterProxyModel would call data() in Python for every row (hundreds of thousands
of calls for the notes of a 50,000-row import). The model keeps the rows as given and a
numpy array of the rows shown, in the order shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QModelRoleDataSpan, QObject, QPersistentModelIndex, Qt

from effortplanner.gui.column_keys import TextColumn

_Index = QModelIndex | QPersistentModelIndex


class OneCallPerCell:
    """For a table model: a repaint calls into Python three times per cell instead of ten.

    Each call from Qt into Python must win the interpreter lock back, and beside a busy
    background job every one of them waits for it: a repaint's few thousand calls then add up
    to a block of 100 ms and more. Qt's own `index` asks rowCount and columnCount (two calls),
    and its `multiData` asks data once per role (seven for a cell a delegate paints)."""

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        model: QAbstractTableModel = self  # type: ignore[assignment]
        if parent.isValid() or not (0 <= row < model.rowCount() and 0 <= column < model.columnCount()):
            return QModelIndex()
        return model.createIndex(row, column)

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803 (Qt override)
        model: QAbstractTableModel = self  # type: ignore[assignment]
        for position in range(roleDataSpan.size()):
            role_data = roleDataSpan[position]
            role_data.setData(model.data(index, role_data.role()))


class RowsModel(OneCallPerCell, QAbstractTableModel):
    """Rows of texts under fixed headers; subclasses add roles by overriding `extra`."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []
        self._shown = np.arange(0)  # indices into rows, in display order
        self._mask: np.ndarray | None = None  # rows kept by the filter (None: all)
        self._sort: tuple[int, bool] | None = None  # (column, descending)
        self._columns: dict[int, pd.Series] = {}  # column texts, built when first sorted or filtered
        self._texts: dict[int, TextColumn] = {}  # the same by distinct text: ranks and searches

    def set_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()  # a new list, not an edit: nothing to keep in step with
        self.rows = list(rows)
        self._columns, self._texts, self._mask = {}, {}, None
        self._shown = self._order()
        self.endResetModel()

    def source_row(self, row: int) -> int:
        """The index into `rows` of the row shown at `row`."""
        return int(self._shown[row])

    def column(self, column: int) -> pd.Series:
        """One column's texts, as a pandas Series over all rows (cached until the rows change)."""
        if column not in self._columns:
            self._columns[column] = pd.Series([r[column] for r in self.rows], dtype=object)
        return self._columns[column]

    def text_column(self, column: int) -> TextColumn:
        """One column's texts coded by distinct text (cached until the rows change)."""
        if column not in self._texts:
            self._texts[column] = TextColumn.of(self.column(column))
        return self._texts[column]

    def set_mask(self, mask: np.ndarray | None) -> None:
        """Show only the rows where `mask` is true (None: all rows)."""
        self.beginResetModel()
        self._mask = None if mask is None else np.asarray(mask, dtype=bool)
        self._shown = self._order()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show the rows where any column contains `text`, case-insensitive."""
        text = text.strip().lower()
        if not text:
            self.set_mask(None)
            return
        mask = np.zeros(len(self.rows), dtype=bool)
        for column in range(len(self.HEADERS)):
            mask |= self.text_column(column).contains(text)
        self.set_mask(mask)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._shown = self._order()
        self.layoutChanged.emit()

    def _order(self) -> np.ndarray:
        rows = np.arange(len(self.rows))
        if self._sort is not None and self.rows and self._sort[0] < len(self.HEADERS):
            column, descending = self._sort
            key = self._sort_key(column)
            # Stable both ways (ties keep the rows' order); NaN (a blank among numbers) last both ways.
            rows = np.argsort(-key if descending else key, kind="stable")
        if self._mask is not None and len(self._mask) == len(self.rows):
            rows = rows[self._mask[rows]]
        return rows

    def _sort_key(self, column: int) -> np.ndarray:
        """A column of numbers (a sheet row) sorts as numbers, blanks last; else as text, case-insensitive."""
        texts = self.text_column(column)
        distinct = pd.Series(texts.texts, dtype=object)
        numbers = pd.to_numeric(distinct.where(distinct != ""), errors="coerce").to_numpy(dtype=np.float64)
        if np.isnan(numbers[(distinct != "").to_numpy()]).any():
            return texts.ranks().astype(np.float64)
        return numbers[texts.codes]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[self._shown[index.row()]][index.column()]
        return self.extra(index, role)

    def extra(self, index: _Index, role: int) -> object:
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
