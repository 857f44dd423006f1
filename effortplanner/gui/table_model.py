"""Read-only Qt adapter over one plan table: holds ids and column arrays, asks nothing per cell of pandas."""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from effortplanner.core.plan import Plan
from effortplanner.core.schema import SCHEMAS

_Index = QModelIndex | QPersistentModelIndex


class PlanTableModel(QAbstractTableModel):
    def __init__(self, plan: Plan, table: str, parent: object = None) -> None:
        super().__init__(parent)
        self._plan, self._table = plan, table
        self._schema = SCHEMAS[table]
        self._columns = [c for c in self._schema.columns]
        self._italic = QFont()
        self._italic.setItalic(True)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        frame = self._plan.tables[self._table]
        self._ids = list(frame.index)
        self._text = [self._column_text(frame, c) for c in self._columns]
        self._estimated = frame["fte_estimated"].tolist() if "fte_estimated" in frame else None
        self._invalid = frame["invalid"].tolist()
        self.endResetModel()

    def _column_text(self, frame: pd.DataFrame, column: object) -> list[str]:
        name, kind = column.name, column.type  # type: ignore[attr-defined]
        if name == "id":
            return [str(i) for i in frame.index]
        values = frame[name].tolist()
        if kind == "ref":
            return [self._plan.display_name(column.ref, v) for v in values]  # type: ignore[attr-defined]
        if kind == "date":
            texts = frame[f"{name}_text"].tolist()
            return [(v.date().isoformat() if isinstance(v, pd.Timestamp) and not pd.isna(v) else "")
                    + (f"  ({t})" if t and isinstance(v, pd.Timestamp) and not pd.isna(v) and t != v.date().isoformat()
                       else (t if t and not (isinstance(v, pd.Timestamp) and not pd.isna(v)) else ""))
                    for v, t in zip(values, texts)]
        if kind == "float":
            return ["" if isinstance(v, float) and math.isnan(v) else f"{v:.2f}" for v in values]
        if kind == "bool":
            return ["yes" if v else "" for v in values]
        return ["" if v is None else str(v) for v in values]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[index.column()][index.row()]
        if role == Qt.ItemDataRole.FontRole and self._estimated is not None \
                and self._columns[index.column()].name == "fte" and self._estimated[index.row()]:
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            invalid = self._invalid[index.row()]
            if invalid and self._columns[index.column()].name in invalid:
                return invalid[self._columns[index.column()].name]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].label
        return section + 1
