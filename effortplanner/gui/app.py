"""A plain window listing the loaded plan's tables and import notes.

The full main window (editing, undo, flags, timeline) replaces this; it is here so
that `effortplanner` opens something useful from the first day.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTableView, QTabWidget

from effortplanner.core.plan import Plan
from effortplanner.gui.table_model import PlanTableModel
from effortplanner.io.errors import PlanReadError


class NotesModel(QAbstractTableModel):
    HEADERS = ("Kind", "File", "Sheet", "Row", "Column", "Message")

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self._rows = [(n.kind, n.file, n.sheet, "" if n.row is None else str(n.row), n.column or "", n.message)
                      for n in plan.notes]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return self._rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class PlanWindow(QMainWindow):
    def __init__(self, plan: Plan, title: str) -> None:
        super().__init__()
        self.setWindowTitle(f"{title} — Effort Planner")
        self.tabs = QTabWidget()
        self.models: dict[str, QAbstractTableModel] = {}
        for table in ("people", "assignments", "activities", "milestones"):
            self._add_tab(table.capitalize(), PlanTableModel(plan, table), table)
        self._add_tab("Import notes", NotesModel(plan), "notes")
        self.setCentralWidget(self.tabs)
        counts = ", ".join(f"{n} {t}" for t, n in plan.counts().items())
        self.statusBar().showMessage(f"{counts}; {len(plan.notes)} import notes")
        self.resize(1400, 900)

    def _add_tab(self, label: str, model: QAbstractTableModel, key: str) -> None:
        view = QTableView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.resizeColumnsToContents()
        for column in range(model.columnCount()):
            view.setColumnWidth(column, min(view.columnWidth(column), 360))
        self.models[key] = model
        self.tabs.addTab(view, f"{label} ({model.rowCount()})")


def run(files: Sequence[str]) -> int:
    from effortplanner.io.importer import import_files

    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        plan = import_files(files)
    except PlanReadError as exc:
        QMessageBox.critical(None, "Effort Planner", f"Could not open the plan:\n{exc}")
        plan = Plan()
    names = ", ".join(Path(f).name for f in files) or "New plan"
    window = PlanWindow(plan, names)
    window.show()
    return app.exec()
