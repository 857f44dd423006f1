"""The Compare view: two scenarios side by side as difference tables, exportable as a workbook.

The comparison is the core's (`effortplanner.analysis.compare`); this window only lays it out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from effortplanner.analysis.compare import Comparison, compare
from effortplanner.core.values import fte_fraction_text, fte_text
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.words import count
from effortplanner.gui.jobs import Job, JobRunner
from effortplanner.io.errors import PlanWriteError

UP, DOWN = QBrush(QColor("#F4B183")), QBrush(QColor("#A9D18E"))


def _table(headers: list[str], rows: list[list[object]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = ("+" if value > 0 else "") + fte_text(value) if isinstance(value, float) else \
                "" if value is None else str(value)  # FTE differences in percent, like the plan tables
            item = QTableWidgetItem(text)
            item.setToolTip(f"{text} ({fte_fraction_text(value)})" if isinstance(value, float) else text)
            if isinstance(value, float):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if abs(value) > 1e-9:
                    item.setBackground(UP if value > 0 else DOWN)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(len(headers)):
        table.setColumnWidth(c, min(table.columnWidth(c), 420))
    table.horizontalHeader().setStretchLastSection(True)
    return table


class CompareDialog(QDialog):
    """Compare any two scenarios of the open plan file (non-modal: keep working beside it)."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare scenarios")
        self.resize(1100, 680)
        self.document = document
        self.jobs: JobRunner = getattr(parent, "jobs", None) or JobRunner(self)
        self.result: Comparison | None = None
        names = document.scenarios.names
        self.base, self.other = QComboBox(), QComboBox()
        self.base.addItems(names)
        self.other.addItems(names)
        self.base.setCurrentText(document.scenarios.baseline.name)
        self.other.setCurrentText(document.scenarios.active if document.scenarios.active != names[0]
                                  else names[-1])
        self.run_button = QPushButton("Compare")
        self.export_button = QPushButton("Export comparison workbook…")
        self.summary = QLabel(wordWrap=True)
        self.timeline = getattr(parent, "timeline", None)  # the main window's, to ghost the moves on
        self.show_moves = QCheckBox("Show moves on the timeline")
        self.show_moves.setChecked(self.timeline is not None)
        self.show_moves.setVisible(self.timeline is not None)
        self.show_moves.setToolTip("Draw each moved or re-dated duty as a dashed outline at its old place")
        self.moves_note = QLabel()
        self.moves_note.setStyleSheet("color: #6B7280")
        self.tabs = QTabWidget()
        top = QHBoxLayout()
        for widget in (QLabel("Compare"), self.base, QLabel("with"), self.other, self.run_button):
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.show_moves)
        top.addWidget(self.moves_note)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.run_button.clicked.connect(self.run)
        self.export_button.clicked.connect(self.export)
        self.show_moves.toggled.connect(self.ghost_moves)
        document.replaced.connect(self._shown_replaced)
        self.run()

    def run(self) -> Comparison:
        scenarios = self.document.scenarios
        base, other = self.base.currentText(), self.other.currentText()
        self.result = compare(scenarios[base].plan, scenarios[other].plan, match="id", base_label=base,
                              other_label=other)
        self._show(self.result)
        self.ghost_moves()
        return self.result

    # --- the moves on the timeline ---------------------------------------------------------------
    def ghost_moves(self) -> None:
        """Show this comparison's moves on the timeline (when asked and it shows a compared scenario)."""
        if self.timeline is None:
            return
        active = self.document.scenarios.active
        if not self.show_moves.isChecked() or self.result is None:
            self._clear_ghosts()
            self.moves_note.clear()
        elif active not in (self.result.base_label, self.result.other_label):
            self._clear_ghosts()
            self.moves_note.setText(f"(the timeline shows {active}, neither of these)")
        else:
            count = self.timeline.show_ghosts(self.result, self.document.scenarios[self.result.base_label].plan)
            self.moves_note.setText(f"({count} on the timeline)" if count else "")

    def _clear_ghosts(self) -> None:
        if self.timeline is not None and self.result is not None and \
                self.timeline.move_ghosts.comparison is self.result:
            self.timeline.clear_ghosts()

    def _shown_replaced(self) -> None:  # the timeline has dropped the ghosts
        if self.show_moves.isChecked() and self.moves_note.text():
            self.moves_note.setText("(another scenario is shown: Compare again to see its moves)")

    def done(self, result: int) -> None:
        self._clear_ghosts()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clear_ghosts()
        super().closeEvent(event)

    def _show(self, result: Comparison) -> None:
        counts = result.counts()
        self.summary.setText(
            f"<b>{result.other_label}</b> against <b>{result.base_label}</b>, {result.as_of} to {result.horizon}: "
            f"{counts['moved']} moved, {counts['added']} added, {counts['removed']} removed, {counts['changed']} "
            f"changed; {count(counts['people_added'], 'person', 'people')} added, "
            f"{counts['people_removed']} removed; "
            f"{count(counts['flags_resolved'], 'flag')} resolved, {counts['flags_introduced']} introduced.")
        self.tabs.clear()
        duty = ["Duty", "VO", "From", "To", "FTE", "Changes"]
        self.tabs.addTab(_table(duty, [[d.duty, d.vo, d.from_person, d.to_person, fte_text(d.fte), ", ".join(d.changes)]
                                       for d in result.moved]), f"Moved ({counts['moved']})")
        self.tabs.addTab(_table(["Duty", "VO", "Person", "FTE"], [[d.duty, d.vo, d.to_person, fte_text(d.fte)]
                                                                   for d in result.added]), f"Added ({counts['added']})")
        self.tabs.addTab(_table(["Duty", "VO", "Person", "FTE"], [[d.duty, d.vo, d.from_person, fte_text(d.fte)]
                                                                   for d in result.removed]),
                         f"Removed ({counts['removed']})")
        self.tabs.addTab(_table(["Duty", "VO", "Person", "Changes"],
                                [[d.duty, d.vo, d.to_person, ", ".join(d.changes)] for d in result.changed]),
                         f"Changed ({counts['changed']})")
        people = [["added", p.name, p.group, "yes" if p.placeholder else ""] for p in result.people_added] + \
                 [["removed", p.name, p.group, "yes" if p.placeholder else ""] for p in result.people_removed]
        self.tabs.addTab(_table(["", "Person", "Group", "Placeholder"], people), f"People ({len(people)})")
        flags = [["resolved", f.severity, f.kind.replace("_", " "), f.message] for f in result.flags_resolved] + \
                [["introduced", f.severity, f.kind.replace("_", " "), f.message] for f in result.flags_introduced]
        self.tabs.addTab(_table(["", "Severity", "Kind", "Message"], flags), f"Flags ({len(flags)})")
        self.tabs.addTab(self._fte_grid(result), "FTE difference by month")

    def _fte_grid(self, result: Comparison) -> QTableWidget:
        delta = result.fte_delta
        if delta.empty:
            return _table(["Person"], [])
        grid = delta.pivot_table(index="person", columns="period", values="delta", aggfunc="sum").fillna(0.0)
        periods = [p for p in result.periods if p in grid.columns]
        rows = [[person, *[float(grid.at[person, p]) for p in periods]] for person in grid.index]
        return _table(["Person", *periods], rows)

    def export(self, path: str | None = None) -> bool:
        from effortplanner.io.compare_workbook import export_comparison

        if self.result is None:
            self.run()
        assert self.result is not None
        if path is None:
            suggested = str(Path.home() / f"{self.result.other_label} vs {self.result.base_label}.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "Export comparison workbook", suggested,
                                                  "Excel workbook (*.xlsx)")
            if not path:
                return False
        result = self.result
        log = list(self.document.scenarios.log_between(result.base_label, result.other_label))

        def failed(error: BaseException) -> None:
            if not isinstance(error, PlanWriteError):
                raise error
            QMessageBox.warning(self, "Could not export", str(error))

        # Written in the background (the comparison is computed and no longer changes).
        self.jobs.start(Job(f"Exporting {Path(path).name}",
                            lambda _progress, _cancelled: export_comparison(path, result, log=log,
                                                                            log_scenario=result.other_label),
                            failed=failed, queue="export"))
        return True
