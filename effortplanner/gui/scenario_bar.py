"""The scenario switcher (toolbar) and the active scenario's change log (dock).

Scenario operations are the core's (`ScenarioSet`); this module asks for names and
confirmations and forwards to the document, which refuses with the core's reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QTableView, QToolBar, QVBoxLayout, QWidget)

from effortplanner.gui.document import PlanDocument
from effortplanner.gui.rows_model import RowsModel


class ScenarioBar(QToolBar):
    """Scenario: [combo] New… Duplicate Rename… Delete Compare…"""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__("Scenarios", parent)
        self.setObjectName("scenario_toolbar")
        self.document = document
        self.addWidget(QLabel(" Scenario: "))
        self.combo = QComboBox(minimumContentsLength=24)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setToolTip("The scenario the tables show and edits go to")
        self.addWidget(self.combo)
        self.new_action = self._action("New…", self.new_scenario, "A copy of the scenario shown, to change freely")
        self.duplicate_action = self._action("Duplicate", self.duplicate, "A copy of the scenario shown")
        self.rename_action = self._action("Rename…", self.rename, "Rename the scenario shown")
        self.delete_action = self._action("Delete", self.delete, "Delete the scenario shown (not the baseline)")
        self.addSeparator()
        self.compare_action = self._action("Compare…", lambda: None, "Compare two scenarios")
        self.combo.activated.connect(lambda i: document.switch(self.combo.itemText(i)))
        document.scenariosChanged.connect(self.refresh)
        self.refresh()

    def _action(self, text: str, slot: object, tip: str) -> QAction:
        action = self.addAction(text)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def refresh(self) -> None:
        scenarios = self.document.scenarios
        self.combo.blockSignals(True)
        self.combo.clear()
        for scenario in scenarios:
            self.combo.addItem(scenario.name)
            index = self.combo.count() - 1
            tip = scenario.description or ("the plan as imported or saved" if scenario is scenarios.baseline
                                           else f"derived from {scenario.parent}")
            self.combo.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentText(scenarios.active)
        self.combo.blockSignals(False)
        on_baseline = scenarios.current is scenarios.baseline
        self.delete_action.setEnabled(not on_baseline)
        self.compare_action.setEnabled(len(scenarios) > 1)

    def new_scenario(self) -> None:
        name, ok = QInputDialog.getText(self, "New scenario",
                                        f"Name of a new scenario, copied from '{self.document.scenarios.active}':")
        if ok:
            description, _ = QInputDialog.getText(self, "New scenario", "What it tries (optional):")
            self.document.scenario_action(lambda s: s.create(name, description=description))

    def duplicate(self) -> None:
        self.document.scenario_action(lambda s: s.duplicate(s.active))

    def rename(self) -> None:
        old = self.document.scenarios.active
        name, ok = QInputDialog.getText(self, "Rename scenario", "New name:", QLineEdit.EchoMode.Normal, old)
        if ok and name != old:
            self.document.scenario_action(lambda s: s.rename(old, name), switch_to=name.strip())

    def delete(self) -> None:
        name = self.document.scenarios.active
        answer = QMessageBox.question(self, "Delete scenario", f"Delete the scenario '{name}' and its changes?")
        if answer == QMessageBox.StandardButton.Yes:
            self.document.scenario_action(lambda s: s.delete(name))


class ChangeLogModel(RowsModel):
    HEADERS = ("When", "What", "Why")

    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self.document = document
        for signal in (document.changed, document.replaced, document.scenariosChanged):
            signal.connect(self.reload)
        self.reload()

    def reload(self, *_args: object) -> None:
        self.entries = list(self.document.scenarios.current.log)
        self.set_rows([(e.at.astimezone().strftime("%Y-%m-%d %H:%M"), e.description, e.note) for e in self.entries])


class ChangeLogPanel(QWidget):
    """What was changed in the scenario shown, and why (a note per change, added here)."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ChangeLogModel(document)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 120)
        self.view.setColumnWidth(1, 320)
        self.note_button = QPushButton("Add a note…")
        self.note_button.setToolTip("Say why this change was made; the note goes into the comparison workbook")
        self.note_button.clicked.connect(self.add_note)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)
        layout.addLayout(bar)

    def add_note(self, note: str | None = None) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            row = self.model.rowCount() - 1
        if row < 0:
            return
        if note is None:
            entry = self.model.entries[row]
            note, ok = QInputDialog.getText(self, "Why", f"Why: {entry.description}", QLineEdit.EchoMode.Normal,
                                            entry.note)
            if not ok:
                return
        self.document.scenario_action(lambda s: s.annotate(row, note or ""))
        self.model.reload()
