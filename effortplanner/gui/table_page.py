"""One tab of the window: a plan table with its filter box, sorted and edited in place."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from effortplanner.gui.delegates import install_delegates
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.table_model import PlanTableModel
from effortplanner.gui.words import count

WIDTHS = {"id": 52, "name": 200, "duty": 300, "person": 150, "successor": 150, "owner": 150, "vo": 80,
          "activity": 220, "notes": 260, "disposition": 220, "source": 220, "handover_to": 150, "role": 150,
          "group": 110, "aliases": 110, "volume": 150, "cadence": 85, "fte": 60, "capacity_fte": 105,
          "fte_estimated": 95, "placeholder": 80}


class TablePage(QWidget):
    def __init__(self, document: PlanDocument, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.model = PlanTableModel(document, table, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        # No sort until the user clicks a header: rows stay in the order of the source.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(False)
        self.view.horizontalHeader().sectionClicked.connect(lambda _c: self.view.horizontalHeader()
                                                            .setSortIndicatorShown(True))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.verticalHeader().setMinimumWidth(36)
        for column, view_column in enumerate(self.model.columns):
            name = view_column.name
            width = WIDTHS.get(name, 110 if view_column.column.type == "date" else 100)
            self.view.setColumnWidth(column, width)
        install_delegates(self.view, self.model)
        self.filter = QLineEdit(placeholderText=f"Filter {table}… (Ctrl+F)", clearButtonEnabled=True)
        self.filter.textChanged.connect(self.model.set_filter)
        self.count = QLabel()
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        shown, total = self.model.rowCount(), len(self.model.frame)
        self.count.setText(f"{shown} of {total}" if shown != total else count(total, "row"))

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.row_id(r) for r in rows]

    def select_id(self, row_id: str) -> bool:
        """Select and show a row by id (clearing the filter if it hides the row)."""
        row = self.model.row_of(row_id)
        if row < 0 and self.filter.text():
            self.filter.clear()
            row = self.model.row_of(row_id)
        if row < 0:
            return False
        index = self.model.index(row, 1)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()
