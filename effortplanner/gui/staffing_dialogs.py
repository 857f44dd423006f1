"""Reassign… and Fill placeholder…: choosing who, with the core's ranking; one undo step each."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QInputDialog, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from effortplanner.analysis.candidates import Candidate, reassign_candidates
from effortplanner.core.edits import EditError
from effortplanner.core.staffing import fill_placeholder, reassign
from effortplanner.gui.document import PlanDocument


class ReassignDialog(QDialog):
    """Candidates for the selected duties, best first: free capacity, contract, experience."""

    HEADERS = ("Person", "Score", "Free FTE", "Contract covers it", "Experience", "Why")

    def __init__(self, document: PlanDocument, assignment_ids: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document, self.ids = document, list(assignment_ids)
        plan = document.plan
        duties = [str(plan.assignments.at[a, "duty"]) for a in self.ids]
        self.setWindowTitle("Reassign to…")
        self.resize(900, 460)
        self.candidates: list[Candidate] = reassign_candidates(plan, self.ids)
        self.table = QTableWidget(len(self.candidates), len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for r, c in enumerate(self.candidates):
            values = (c.name + (" (role to fill)" if c.placeholder else ""), f"{c.score:.0f}", f"{c.free_fte:.0%}",
                      "yes" if c.contract_ok else "no", str(c.experience), "; ".join(c.reasons))
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if self.candidates:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(self.accept)
        what = f"'{duties[0]}'" if len(duties) == 1 else f"{len(duties)} duties"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Reassign")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Who should take {what}? Best candidates first."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def chosen(self) -> Candidate | None:
        row = self.table.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def apply(self) -> bool:
        """Reassign to the chosen candidate as one undo step."""
        candidate = self.chosen()
        if candidate is None:
            return False
        return self.document.edit(lambda plan: reassign(plan, self.ids, candidate.person)) is not None


def open_reassign(document: PlanDocument, assignment_ids: Sequence[str], parent: QWidget | None = None) -> bool:
    if not assignment_ids:
        return False
    try:
        dialog = ReassignDialog(document, assignment_ids, parent)
    except EditError as exc:
        document.refused.emit(str(exc))
        return False
    return dialog.exec() == QDialog.DialogCode.Accepted and dialog.apply()


def open_fill_placeholder(document: PlanDocument, person_id: str, parent: QWidget | None = None) -> bool:
    """Put a named person in a role to fill, with all its duties (one undo step)."""
    plan = document.plan
    if not bool(plan.people.at[person_id, "placeholder"]):
        document.refused.emit(f"'{plan.person_name(person_id)}' is not a role to fill")
        return False
    names = sorted((str(n) for pid, n in plan.people["name"].items()
                    if pid != person_id and not plan.people.at[pid, "placeholder"]), key=str.casefold)
    name, ok = QInputDialog.getItem(parent, "Fill placeholder",
                                    f"Who fills '{plan.person_name(person_id)}'? Pick someone, or type a new name:",
                                    names, -1, True)
    if not ok or not name.strip():
        return False
    return document.edit(lambda p: fill_placeholder(p, person_id, name.strip())) is not None

