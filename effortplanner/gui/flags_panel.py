"""The Flags panel: every flag with its severity colour, filterable, refreshed after edits.

The flags come from the window's one analysis per revision (`document.analysis`), which
batches edits and runs off the GUI thread on a large plan. Double-click asks the window
to show the person or duty the flag is about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from effortplanner.analysis.flag_rows import FlagRow, flag_rows
from effortplanner.analysis.snapshot import FLAG_ROWS_PART, Snapshot
from effortplanner.analysis.model import FLAG_KINDS, Flag
from effortplanner.core.plan import Plan
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.rows_model import RowsModel
from effortplanner.gui.words import count

SEVERITY_BRUSH = {"error": QBrush(QColor("#F8CBAD")), "warning": QBrush(QColor("#FFE699")),
                  "info": QBrush(QColor("#DDEBF7"))}
_Index = QModelIndex | QPersistentModelIndex


class FlagsModel(RowsModel):
    HEADERS = ("Severity", "Kind", "Person", "Duty", "From", "Until", "Message")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: Sequence[Flag] = []

    def set_flags(self, plan: Plan, flags: Sequence[Flag], rows: Sequence[FlagRow] | None = None) -> None:
        """The flags, listed as `rows` (`analysis.flag_rows`: the analysis makes them beside the flags,
        off the GUI thread); made here from `plan` when not given. A `Flag` object is made only for a
        row asked for (`flag_at`)."""
        self.items = flags
        self.set_rows(flag_rows(plan, flags) if rows is None else rows)

    def flag_at(self, row: int) -> Flag:
        return self.items[self.source_row(row)]

    def extra(self, index: _Index, role: int) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return SEVERITY_BRUSH.get(self.rows[self.source_row(index.row())][0])
        return None


class FlagsPanel(QWidget):
    """Flags of the open plan, with kind and person filters."""

    activated = Signal(object)  # the Flag double-clicked
    updated = Signal(int)  # number of flags after a recompute

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = FlagsModel(self)
        self.kind = QComboBox()
        self.kind.addItem("All kinds", "")
        for kind in FLAG_KINDS:
            self.kind.addItem(kind.replace("_", " ").capitalize(), kind)
        self.person = QLineEdit(placeholderText="Filter by person or text…", clearButtonEnabled=True)
        self.summary = QLabel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 140, 150, 200, 85, 85)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addWidget(self.person, 1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.kind.currentIndexChanged.connect(self._apply_filter)
        self.person.textChanged.connect(self._apply_filter)
        self.view.doubleClicked.connect(self._double_clicked)
        self._all: Sequence[Flag] = []
        document.analysis.flags_ready.connect(self._show)
        document.analysis.want_with_flags(FLAG_ROWS_PART)  # its rows made in the analysis job

    def recompute(self) -> None:
        """Show the flags of the plan as it is now (at once when they are known or the plan is small;
        they come before the rest of the analysis: `AnalysisRunner.flags_ready`)."""
        self.document.analysis.run()

    def _show(self, snapshot: Snapshot) -> None:
        self._all = snapshot.flags
        rows = snapshot.parts.get(FLAG_ROWS_PART)
        self.model.set_flags(self.document.plan, self._all, rows if isinstance(rows, list) else None)
        self._apply_filter()
        self.updated.emit(len(self._all))

    def _apply_filter(self) -> None:
        """Kind and text filters as column operations over the model's rows."""
        kind = self.kind.currentData()
        text = self.person.text().strip().lower()
        mask: np.ndarray | None = None
        if kind or text:
            mask = np.ones(len(self.model.rows), dtype=bool)
            if kind:
                mask &= (self.model.column(1) == kind.replace("_", " ")).to_numpy()
            if text:
                mask &= self.model.text_column(6).contains(text) | self.model.text_column(2).contains(text)
        self.model.set_mask(mask)
        self._count_shown(mask)

    def _count_shown(self, mask: np.ndarray | None) -> None:
        """The counter speaks of the flags the filters leave, out of all of them."""
        severities = self.model.column(0).to_numpy()
        if mask is not None:
            severities = severities[mask]
        shown = Counter(severities.tolist())
        text = ", ".join((count(int(shown.get("error", 0)), "error"), count(int(shown.get("warning", 0)), "warning"),
                          count(int(shown.get("info", 0)), "note")))
        hidden = len(self._all) - len(severities)
        self.summary.setText(text + (f" (of {len(self._all)})" if hidden else ""))

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.flag_at(index.row()))

    @property
    def all_flags(self) -> Sequence[Flag]:
        return self._all
