"""A `name_alias` flag one click away from a decision: Merge… or Not the Same Person.

Right-click (or the buttons under the Flags panel when such a flag is selected) offers:
Merge… (choose which name survives; every duty moves; one undo step) and Not the Same
Person (remembered in the plan; the flag goes away). The rules are in
`core.merge_people`; this module only asks and calls the document.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from effortplanner.analysis.model import Flag
from effortplanner.core.merge_people import mark_distinct, merge_people
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.flags_panel import FlagsPanel


def alias_pair(flag: Flag | None) -> tuple[str, str] | None:
    """(person to merge away, person to keep) of a name_alias flag, else None."""
    if flag is None or flag.kind != "name_alias" or not flag.person or not flag.related:
        return None
    return flag.person, flag.related[0]


class MergeDialog(QDialog):
    """Which name survives; says what moves."""

    def __init__(self, document: PlanDocument, drop: str, keep: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge people")
        self.document, self.pair = document, (drop, keep)
        plan = document.plan
        duties = plan.assignments["person"]
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("These rows are one person. Keep which name?"))
        self.choices: dict[str, QRadioButton] = {}
        for pid in (keep, drop):
            count = int((duties == pid).sum())
            button = QRadioButton(f"{plan.person_name(pid)}  ({count} dut{'y' if count == 1 else 'ies'})")
            self.choices[pid] = button
            layout.addWidget(button)
        self.choices[keep].setChecked(True)
        layout.addWidget(QLabel("The other name becomes an alias; all its duties, successions and milestones "
                                "move to the one kept. One undo step."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def survivor(self) -> str:
        return next(pid for pid, button in self.choices.items() if button.isChecked())

    def merge(self) -> None:
        keep = self.survivor()
        drop = self.pair[0] if keep == self.pair[1] else self.pair[1]
        if self.document.edit(lambda plan: merge_people(plan, drop, keep)) is not None:
            self.accept()


class AliasActions:
    """The context menu of the Flags panel: where a flag is (set by the window), and for a name_alias
    flag Merge… and Not the Same Person."""

    def __init__(self, panel: FlagsPanel, document: PlanDocument, parent: QWidget) -> None:
        self.panel, self.document, self.parent = panel, document, parent
        self.dialog: MergeDialog | None = None
        self.places: Callable[[QMenu, Flag], None] | None = None  # "Show in Table", "Show on Timeline"
        panel.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.view.customContextMenuRequested.connect(self._menu)

    def flag_at(self, row: int) -> Flag | None:
        items = self.panel.model.items
        return items[row] if 0 <= row < len(items) else None

    def _menu(self, point: QPoint) -> None:
        index = self.panel.view.indexAt(point)
        menu = self.menu_for(self.flag_at(index.row()) if index.isValid() else None)
        if menu is not None:
            menu.exec(self.panel.view.viewport().mapToGlobal(point))

    def menu_for(self, flag: Flag | None) -> QMenu | None:
        """The flag's context menu: the places it is about (`places`, from the window), then for an
        alias flag Merge… and Not the Same Person; None when there is nothing to offer."""
        if flag is None:
            return None
        menu = QMenu(self.panel.view)
        if self.places is not None:
            self.places(menu, flag)
        pair = alias_pair(flag)
        if pair is not None:
            if menu.actions():
                menu.addSeparator()
            menu.addAction("Merge…", lambda: self.merge(*pair))
            menu.addAction("Not the Same Person", lambda: self.not_same(*pair))
        return menu if menu.actions() else None

    def merge(self, drop: str, keep: str) -> MergeDialog:
        self.dialog = MergeDialog(self.document, drop, keep, self.parent)
        self.dialog.setModal(True)
        self.dialog.show()
        return self.dialog

    def not_same(self, a: str, b: str) -> None:
        self.document.edit(lambda plan: mark_distinct(plan, a, b))
