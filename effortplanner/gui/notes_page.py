"""The import notes: every judgement the importer made, where it made it."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

from effortplanner.gui.document import PlanDocument
from effortplanner.gui.rows_model import RowsModel


class NotesModel(RowsModel):
    HEADERS = ("Kind", "File", "Sheet", "Row", "Column", "Message")

    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self.document = document  # rows listed by `reload`, when the page is shown (see NotesPage)

    def reload(self) -> None:
        self.set_rows([(n.kind, n.file, n.sheet, "" if n.row is None else str(n.row), n.column or "", n.message)
                       for n in self.document.plan.notes])


class NotesPage(QWidget):
    """The notes table; the notes of a plan shown while the page is hidden (the window's first plan
    included) are listed when the page is shown (tens of thousands of notes are not turned into
    rows on the GUI thread for nobody: ~70 ms of the window's start at 50,000 duties)."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NotesModel(document)
        self.stale = True
        document.replaced.connect(self._replaced)
        self.filter = QLineEdit(placeholderText="Filter notes…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self.model.set_filter)  # the model filters and sorts by column
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((70, 160, 150, 50, 140)):
            self.view.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)

    def _replaced(self) -> None:
        if self.isVisible():
            self.model.reload()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.stale = False
            self.model.reload()
        super().showEvent(event)
