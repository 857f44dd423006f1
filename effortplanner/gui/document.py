"""The open plan file as the window sees it: its scenarios, one undo stack each, and change signals.

Every edit is a function over the active scenario's plan that returns a core `Change`
(already applied); the document pushes it on that scenario's undo stack as one
QUndoCommand, records it in the scenario's change log, and tells the views what
changed, so they refresh only that.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from effortplanner.core import edits
from effortplanner.core.edits import Change, EditError
from effortplanner.core.plan import Plan
from effortplanner.core.scenarios import ScenarioError, ScenarioSet


class ChangeCommand(QUndoCommand):
    """Forwards undo/redo to a core change record; the change is already applied when pushed."""

    def __init__(self, document: PlanDocument, change: Change, scenario: str) -> None:
        super().__init__(change.description)
        self._document, self._change, self._scenario = document, change, scenario
        self._first = True

    @property
    def change(self) -> Change:
        return self._change

    def _scenario_set(self) -> ScenarioSet:
        return self._document.scenarios

    def redo(self) -> None:
        if self._first:  # QUndoStack.push calls redo; the edit API has applied it already
            self._first = False
            return
        scenarios = self._scenario_set()
        edits.apply(scenarios[self._scenario].plan, self._change)
        scenarios.record(self._change, scenario=self._scenario)
        self._document.changed.emit(self._change)

    def undo(self) -> None:
        scenarios = self._scenario_set()
        edits.undo(scenarios[self._scenario].plan, self._change)
        scenarios.withdraw(self._change, scenario=self._scenario)
        self._document.changed.emit(self._change.inverse())


class PlanDocument(QObject):
    """One plan file open in the window: a baseline and its scenarios, one of them active."""

    changed = Signal(object)  # a core Change (or its inverse on undo): what to refresh
    replaced = Signal()  # another plan is shown (open, new, import, switch scenario): views reload
    refused = Signal(str)  # an edit the core refused, with its reason
    pathChanged = Signal()
    scenariosChanged = Signal()  # scenarios added, renamed, removed or switched

    def __init__(self, plan: Plan | None = None, path: Path | None = None, parent: QObject | None = None,
                 scenarios: ScenarioSet | None = None) -> None:
        super().__init__(parent)
        self.scenarios = scenarios or ScenarioSet(plan if plan is not None else Plan())
        self.path = path
        self.title = path.name if path else "Untitled"
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._structure_dirty = False
        self._activate()

    # --- scenarios and their undo stacks -----------------------------------------------------
    @property
    def plan(self) -> Plan:
        return self.scenarios.plan

    @property
    def undo_stack(self) -> QUndoStack:
        return self._stack_for(self.scenarios.current)

    def _stack_for(self, scenario: object) -> QUndoStack:
        key = id(scenario)  # survives renames
        if key not in self._stacks:
            stack = QUndoStack(self)
            self.undo_group.addStack(stack)
            self._stacks[key] = stack
        return self._stacks[key]

    def _activate(self) -> None:
        self.undo_group.setActiveStack(self.undo_stack)

    def _reset_stacks(self) -> None:
        for stack in self._stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()
        self._activate()

    # --- editing -----------------------------------------------------------------------
    def edit(self, action: Callable[[Plan], Change], note: str = "") -> Change | None:
        """Run one edit through the core; push it as one undo step. A refusal is signalled, not raised."""
        try:
            return self.edit_or_raise(action, note)
        except EditError as exc:
            self.refused.emit(self.located(exc))
            return None

    def edit_or_raise(self, action: Callable[[Plan], Change], note: str = "") -> Change:
        """Like `edit`, but a refusal raises EditError so the caller can offer another way."""
        change = action(self.plan)
        if change:
            self.scenarios.record(change, note)
            self.undo_stack.push(ChangeCommand(self, change, self.scenarios.active))
            self.changed.emit(change)
        return change

    def located(self, exc: EditError) -> str:
        """The refusal with the row it is about, when the core says which."""
        if exc.table and exc.row_id and exc.row_id in self.plan.tables[exc.table].index:
            name = self.plan.display_name(exc.table, exc.row_id)
            return f"{name!r} ({exc.row_id}): {exc}"
        return str(exc)

    def set_value(self, table: str, row_id: str, column: str, value: object) -> bool:
        return self.edit(lambda plan: edits.set_value(plan, table, row_id, column, value)) is not None

    # --- scenario operations (each marks the file modified) -----------------------------------
    def scenario_action(self, action: Callable[[ScenarioSet], object], switch_to: str | None = None) -> bool:
        """Create, rename, delete... a scenario; a refusal is signalled with its reason."""
        before = self.scenarios.active
        try:
            result = action(self.scenarios)
        except ScenarioError as exc:
            self.refused.emit(str(exc))
            return False
        self._structure_dirty = True
        target = switch_to if switch_to is not None else getattr(result, "name", None)
        if target and target in self.scenarios and target != before:
            self.switch(target)
        elif self.scenarios.active != before:
            self._shown_changed()
        self.scenariosChanged.emit()
        self.undo_group.cleanChanged.emit(False)
        return True

    def switch(self, name: str) -> None:
        if name == self.scenarios.active:
            return
        try:
            self.scenarios.switch(name)
        except ScenarioError as exc:
            self.refused.emit(str(exc))
            return
        self._shown_changed()
        self.scenariosChanged.emit()

    def _shown_changed(self) -> None:
        self._activate()
        self.replaced.emit()

    # --- whole files -------------------------------------------------------------------
    def replace(self, plan: Plan, path: Path | None, title: str | None = None) -> None:
        self.replace_scenarios(ScenarioSet(plan), path, title)

    def replace_scenarios(self, scenarios: ScenarioSet, path: Path | None, title: str | None = None) -> None:
        self.scenarios = scenarios
        self.path = path
        self.title = title or (path.name if path else "Untitled")
        self._structure_dirty = False
        self._reset_stacks()
        self.replaced.emit()
        self.scenariosChanged.emit()
        self.pathChanged.emit()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.title = path.name
        self.set_clean()
        self.pathChanged.emit()

    def set_clean(self) -> None:
        """What is shown is what is on disk (after a save, or when changes are to be dropped)."""
        self._structure_dirty = False
        for stack in self._stacks.values():
            stack.setClean()

    def mark_unsaved(self) -> None:
        """Restored or recovered work: there is nothing on disk that holds it."""
        self._structure_dirty = True
        self.pathChanged.emit()

    @property
    def modified(self) -> bool:
        return self._structure_dirty or any(not s.isClean() for s in self._stacks.values())
