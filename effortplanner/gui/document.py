"""The open plan file as the window sees it: its scenarios, one undo stack each, and change signals.

Every edit is a function over the active scenario's plan that returns a core `Change`
(already applied); the document records it in the scenario's core history and change
log (`ScenarioSet.record`), mirrors it on that scenario's QUndoStack (undo and redo go
back to the core), and tells the views what changed, so they refresh only that.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from effortplanner.core import edits
from effortplanner.core.edits import Change, EditError
from effortplanner.core.plan import Plan
from effortplanner.core.history import DEFAULT_LIMIT, Step
from effortplanner.core.scenarios import Scenario, ScenarioError, ScenarioSet
from effortplanner.gui.analysis_runner import AnalysisRunner

_log = logging.getLogger(__name__)

Deliver = Callable[[], None]  # hands a view what a job worked out for it; called on the GUI thread
ViewWork = Callable[[Plan], "Deliver | None"]  # a view's share of showing a plan, done in the job loading it


@dataclass(frozen=True)
class Prepared:
    """What the views' work in a loading job gave back, to be delivered on the GUI thread."""

    deliveries: list[Deliver]

    def deliver(self) -> None:
        """Just before the loaded plan is shown: each view takes its part (see `add_preparer`)."""
        for deliver in self.deliveries:
            deliver()


@dataclass(frozen=True)
class SavePoint:
    scenarios: int  # id of the ScenarioSet saved
    structure: int  # scenario operations done before the save
    stacks: dict[int, int]  # undo stack -> its index when the save started


class StepCommand(QUndoCommand):
    """Qt's view of one step of a scenario's core history (`core.history`): undo and redo go to
    the core, which keeps the note; the step is already carried out when pushed."""

    def __init__(self, document: PlanDocument, scenario: Scenario, text: str) -> None:
        super().__init__(text)
        self._document, self._scenario = document, scenario
        self._first = True

    def _name(self) -> str:
        return next(s.name for s in self._document.scenarios if s is self._scenario)  # survives renames

    def redo(self) -> None:
        if self._first:  # QUndoStack.push calls redo; the core has carried it out already
            self._first = False
            return
        self._document.shown(self._document.scenarios.redo(self._name()), undone=False)

    def undo(self) -> None:
        self._document.shown(self._document.scenarios.undo(self._name()), undone=True)


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
        self._structure_version = 0  # scenario operations so far (a save knows which it wrote)
        self.history_limit = DEFAULT_LIMIT  # undo steps kept per scenario: the user's setting
        self.scenarios.set_history_limit(self.history_limit)
        self._activate()
        self._preparers: list[weakref.WeakMethod[Callable[[], ViewWork]]] = []
        self.analysis = AnalysisRunner(self)  # the one analysis of the shown plan, per revision

    # --- scenarios and their undo stacks -----------------------------------------------------
    @property
    def plan(self) -> Plan:
        return self.scenarios.plan

    @property
    def undo_stack(self) -> QUndoStack:
        return self._stack_for(self.scenarios.current)

    def _stack_for(self, scenario: Scenario) -> QUndoStack:
        key = id(scenario)  # survives renames
        if key not in self._stacks:
            stack = QUndoStack(self)
            stack.setUndoLimit(max(self.history_limit, 1))  # as many as the core keeps (Qt reads 0 as all)
            self.undo_group.addStack(stack)
            self._stacks[key] = stack
            for step in scenario.history.done:  # a reloaded plan: its last logged edits stay undoable
                stack.push(StepCommand(self, scenario, step.description))
            stack.setClean()
        return self._stacks[key]

    def shown(self, step: Step, undone: bool) -> None:
        """A step of the shown scenario was undone or redone: tell the views what changed."""
        if step.change is None:
            self.replaced.emit()
        else:
            self.changed.emit(step.change.inverse() if undone else step.change)

    def set_history_limit(self, limit: int) -> None:
        """Keep the last `limit` undo steps per scenario from now on (the core's history and Qt's
        mirror of it). Shortening drops the oldest steps; steps that could be redone are dropped
        too (the mirror is rebuilt from the steps done); unsaved changes stay unsaved."""
        if limit == self.history_limit:
            return
        modified = self.modified
        self.history_limit = limit
        self.scenarios.set_history_limit(limit)
        for scenario in self.scenarios:
            scenario.history.undone.clear()
        self._reset_stacks()
        if modified:
            self.mark_unsaved()

    def _activate(self) -> None:
        self.undo_group.setActiveStack(self.undo_stack)

    def _reset_stacks(self) -> None:
        for stack in self._stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()
        self._activate()

    # --- views' work on a plan being loaded -------------------------------------------------
    def add_preparer(self, prepare: Callable[[], ViewWork]) -> None:
        """A view's `prepare` (a bound method, held weakly): asked on the GUI thread as a job that loads
        another plan starts, it returns the part of showing that plan that can be done in the job (a
        table's row order); what that work gives back is handed to the view on the GUI thread just before
        the plan is shown (`Prepared.deliver`), and taken when it is (`replaced`)."""
        self._preparers = [ref for ref in self._preparers if ref() is not None]  # views gone since
        self._preparers.append(weakref.WeakMethod(prepare))  # type: ignore[arg-type]

    def preparation(self) -> Callable[[Plan], Prepared]:
        """The views' work on a plan being loaded, with their settings as they are now; called in the job
        that loads it, on the plan it will show. The job touches no view: it returns what was worked out,
        for the GUI thread to deliver as it shows the plan (a plan never shown leaves the views as they were)."""
        works = [prepare() for prepare in (ref() for ref in self._preparers) if prepare is not None]

        def run(plan: Plan) -> Prepared:
            deliveries = []
            for work in works:
                try:
                    deliver = work(plan)
                except Exception:  # noqa: BLE001 — the plan still opens: the view then does that work itself
                    _log.exception("preparing a view of the loaded plan failed")
                    continue
                if deliver is not None:
                    deliveries.append(deliver)
            return Prepared(deliveries)

        return run

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
            self.undo_stack.push(StepCommand(self, self.scenarios.current, change.description))
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
        self._structure_version += 1
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
        """Show another plan in the active scenario (an import): one undoable step."""
        self.path = path
        self.title = title or (path.name if path else "Untitled")
        description = f"Replace the plan with {self.title}"
        self.scenarios.replace_plan(plan, description)
        self.undo_stack.push(StepCommand(self, self.scenarios.current, description))
        self.replaced.emit()
        self.pathChanged.emit()

    def new(self, plan: Plan | None = None, title: str = "Untitled") -> None:
        """Start afresh: one empty (or given) plan, no file, no history."""
        self.replace_scenarios(ScenarioSet(plan if plan is not None else Plan()), None, title)

    @property
    def is_blank(self) -> bool:
        """Nothing here to keep: no file, no edits, one empty scenario."""
        return (self.path is None and not self.modified and len(self.scenarios) == 1
                and not any(len(frame) for frame in self.plan.tables.values()))

    def replace_scenarios(self, scenarios: ScenarioSet, path: Path | None, title: str | None = None) -> None:
        self.scenarios = scenarios
        scenarios.set_history_limit(self.history_limit)
        self.path = path
        self.title = title or (path.name if path else "Untitled")
        self._structure_dirty = False
        self._reset_stacks()
        self.replaced.emit()
        self.scenariosChanged.emit()
        self.pathChanged.emit()

    def save_point(self) -> SavePoint:
        """What is being saved: the scenarios object and each undo stack's position."""
        return SavePoint(id(self.scenarios), self._structure_version,
                         {key: stack.index() for key, stack in self._stacks.items()})

    def mark_saved(self, path: Path, point: SavePoint | None = None) -> None:
        """A save finished. With the point the save started from, only what it wrote is clean
        (edits made while it ran stay modified; another plan opened meanwhile is left alone)."""
        if point is not None and point.scenarios != id(self.scenarios):
            return
        self.path = path
        self.title = path.name
        if point is None:
            self.set_clean()
        else:
            if point.structure == self._structure_version:
                self._structure_dirty = False
            for key, stack in self._stacks.items():
                if point.stacks.get(key, 0) == stack.index():
                    stack.setClean()
        self.pathChanged.emit()

    def set_clean(self) -> None:
        """What is shown is what is on disk (after a save, or when changes are to be dropped)."""
        self._structure_dirty = False
        for stack in self._stacks.values():
            stack.setClean()

    def mark_unsaved(self) -> None:
        """Restored or recovered work: there is nothing on disk that holds it."""
        self._structure_dirty = True
        self._structure_version += 1
        self.pathChanged.emit()

    @property
    def modified(self) -> bool:
        return self._structure_dirty or any(not s.isClean() for s in self._stacks.values())
