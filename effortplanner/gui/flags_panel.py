"""The Flags panel: every flag with its severity colour, filterable, recomputed after edits.

Recomputation is debounced so typing never waits for it, and runs on a worker thread
over a copy of the plan when the plan is large. Double-click asks the window to show
the person or duty the flag is about.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from effortplanner.analysis.flags import compute_flags
from effortplanner.analysis.model import FLAG_KINDS, Flag
from effortplanner.core.plan import Plan
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.rows_model import RowsModel

SEVERITY_BRUSH = {"error": QBrush(QColor("#F8CBAD")), "warning": QBrush(QColor("#FFE699")),
                  "info": QBrush(QColor("#DDEBF7"))}
LARGE_PLAN = 3000  # assignments above which flags are computed off the GUI thread
_Index = QModelIndex | QPersistentModelIndex


class FlagsModel(RowsModel):
    HEADERS = ("Severity", "Kind", "Person", "Duty", "From", "Until", "Message")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[Flag] = []

    def set_flags(self, plan: Plan, flags: list[Flag]) -> None:
        self.items = flags
        names = dict(zip(plan.people.index, plan.people["name"].astype(str).tolist()))
        duties = dict(zip(plan.assignments.index, plan.assignments["duty"].astype(str).tolist()))
        self.set_rows([(f.severity, f.kind.replace("_", " "), names.get(f.person, str(f.person)) if f.person else "",
                        duties.get(f.duty, "") if f.duty else "", _iso(f.start), _iso(f.end), f.message)
                       for f in flags])

    def flag_at(self, row: int) -> Flag:
        return self.items[self.source_row(row)]

    def extra(self, index: _Index, role: int) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return SEVERITY_BRUSH.get(self.flag_at(index.row()).severity)
        return None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class _Job(QRunnable):
    """compute_flags over a private copy of the plan, on a worker thread."""

    class Signals(QObject):
        done = Signal(int, object, object)

    def __init__(self, generation: int, plan: Plan) -> None:
        super().__init__()
        self.generation, self.plan, self.signals = generation, plan, _Job.Signals()

    def run(self) -> None:
        self.signals.done.emit(self.generation, self.plan, compute_flags(self.plan))


class FlagsPanel(QWidget):
    """Flags of the open plan, with kind and person filters."""

    activated = Signal(object)  # the Flag double-clicked
    updated = Signal(int)  # number of flags after a recompute

    def __init__(self, document: PlanDocument, parent: QWidget | None = None, delay_ms: int = 300) -> None:
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
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.recompute)
        self._generation = 0
        self._all: list[Flag] = []
        document.changed.connect(self.schedule)
        document.replaced.connect(self.recompute)

    def schedule(self, *_args: object) -> None:
        """Recompute a moment after the last edit, not on every keystroke."""
        self._timer.start()

    def recompute(self) -> None:
        self._generation += 1
        plan = self.document.plan
        if len(plan.assignments) > LARGE_PLAN:
            job = _Job(self._generation, plan.copy())
            job.signals.done.connect(self._finished)
            QThreadPool.globalInstance().start(job)
        else:
            self._finished(self._generation, plan, compute_flags(plan))

    def _finished(self, generation: int, plan: Plan, flags: list[Flag]) -> None:
        if generation != self._generation:
            return  # a newer edit has already asked again
        self._all = flags
        self.model.set_flags(self.document.plan, flags)
        counts = {s: sum(f.severity == s for f in flags) for s in ("error", "warning", "info")}
        self.summary.setText(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes")
        self._apply_filter()
        self.updated.emit(len(flags))

    def _apply_filter(self) -> None:
        """Kind and text filters as column operations over the model's rows."""
        kind = self.kind.currentData()
        text = self.person.text().strip().lower()
        if not kind and not text:
            self.model.set_mask(None)
            return
        mask = np.ones(len(self.model.rows), dtype=bool)
        if kind:
            mask &= (self.model.column(1) == kind.replace("_", " ")).to_numpy()
        if text:
            mask &= (self.model.column(6).str.lower().str.contains(text, regex=False) |
                     self.model.column(2).str.lower().str.contains(text, regex=False)).to_numpy(dtype=bool)
        self.model.set_mask(mask)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.flag_at(index.row()))

    @property
    def all_flags(self) -> list[Flag]:
        return self._all
