"""The open plan as the window sees it: the plan, its file, its undo stack, and change signals.

Every edit is a function over the plan that returns a core `Change` (already applied);
the document pushes it on the undo stack as one QUndoCommand and tells the views what
changed, so they refresh only that.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from effortplanner.core import edits
from effortplanner.core.edits import Change, EditError
from effortplanner.core.plan import Plan


class ChangeCommand(QUndoCommand):
    """Forwards undo/redo to a core change record; the change is already applied when pushed."""

    def __init__(self, document: PlanDocument, change: Change) -> None:
        super().__init__(change.description)
        self._document, self._change = document, change
        self._first = True

    @property
    def change(self) -> Change:
        return self._change

    def redo(self) -> None:
        if self._first:  # QUndoStack.push calls redo; the edit API has applied it already
            self._first = False
            return
        edits.apply(self._document.plan, self._change)
        self._document.changed.emit(self._change)

    def undo(self) -> None:
        edits.undo(self._document.plan, self._change)
        self._document.changed.emit(self._change.inverse())


class PlanDocument(QObject):
    """One plan open in the window."""

    changed = Signal(object)  # a core Change (or its inverse on undo): what to refresh
    replaced = Signal()  # a whole new plan (open, new, import): views reload
    refused = Signal(str)  # an edit the core refused, with its reason
    pathChanged = Signal()

    def __init__(self, plan: Plan | None = None, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan or Plan()
        self.path = path
        self.title = path.name if path else "Untitled"
        self.undo_stack = QUndoStack(self)

    # --- editing -----------------------------------------------------------------------
    def edit(self, action: Callable[[Plan], Change]) -> Change | None:
        """Run one edit through the core; push it as one undo step. A refusal is signalled, not raised."""
        try:
            change = action(self.plan)
        except EditError as exc:
            self.refused.emit(self.located(exc))
            return None
        if change:
            self.undo_stack.push(ChangeCommand(self, change))
            self.changed.emit(change)
        return change

    def located(self, exc: EditError) -> str:
        """The refusal with the row it is about, when the core says which."""
        if exc.table and exc.row_id and exc.row_id in self.plan.tables[exc.table].index:
            name = self.plan.display_name(exc.table, exc.row_id)
            return f"{name!r} ({exc.row_id}): {exc}"
        return str(exc)

    def edit_or_raise(self, action: Callable[[Plan], Change]) -> Change:
        """Like `edit`, but a refusal raises EditError so the caller can offer another way."""
        change = action(self.plan)
        if change:
            self.undo_stack.push(ChangeCommand(self, change))
            self.changed.emit(change)
        return change

    def set_value(self, table: str, row_id: str, column: str, value: object) -> bool:
        return self.edit(lambda plan: edits.set_value(plan, table, row_id, column, value)) is not None

    # --- whole plans -------------------------------------------------------------------
    def replace(self, plan: Plan, path: Path | None, title: str | None = None) -> None:
        self.plan = plan
        self.path = path
        self.title = title or (path.name if path else "Untitled")
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.replaced.emit()
        self.pathChanged.emit()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.title = path.name
        self.undo_stack.setClean()
        self.pathChanged.emit()

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()
