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
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Rows of texts under fixed headers; subclasses add roles by overriding `extra`."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []
        self._shown = np.arange(0)  # indices into rows, in display order
        self._mask: np.ndarray | None = None  # rows kept by the filter (None: all)
        self._sort: tuple[int, bool] | None = None  # (column, descending)
        self._columns: dict[int, pd.Series] = {}  # column texts, built when first sorted or filtered
        self._haystack: pd.Series | None = None  # each row's texts, lower-cased, for the filter

    def set_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()  # a new list, not an edit: nothing to keep in step with
        self.rows = list(rows)
        self._columns, self._haystack, self._mask = {}, None, None
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
        if self._haystack is None:
            self._haystack = pd.Series(["\t".join(r).lower() for r in self.rows], dtype=object)
        self.set_mask(self._haystack.str.contains(text, regex=False).to_numpy(dtype=bool))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._shown = self._order()
        self.layoutChanged.emit()

    def _order(self) -> np.ndarray:
        rows = np.arange(len(self.rows))
        if self._sort is not None and self.rows and self._sort[0] < len(self.HEADERS):
            column, descending = self._sort
            texts = self.column(column)
            numbers = pd.to_numeric(texts.where(texts != ""), errors="coerce")
            # A column of numbers (a sheet row) sorts as numbers, blanks last; else as text.
            key = numbers if numbers.notna().sum() == (texts != "").sum() else texts.str.casefold()
            rows = np.asarray(key.sort_values(ascending=not descending, kind="stable", na_position="last").index)
        if self._mask is not None and len(self._mask) == len(self.rows):
            rows = rows[self._mask[rows]]
        return rows

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
