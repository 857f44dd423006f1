"""Undo and redo of one scenario, in the core: steps with their notes, each one invertible.

A `Step` is either an applied edit (a `Change`, which knows its inverse) or the
replacement of the whole plan (an import into the open plan: the plan before and after).
`History.undo`/`redo` carry a step out on the scenario and hand it back, note and time
included, so undo then redo keeps the note. The GUI's QUndoStack only mirrors this list.

The steps that are edits are also the scenario's change log, which the plan file
stores: `History.from_steps` rebuilds the last `limit` steps from it after a reload. The
limit is the user's setting (`ScenarioSet.set_history_limit`; the window keeps it in QSettings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from effortplanner.core import edits
from effortplanner.core.edits import Change
from effortplanner.core.plan import Plan

DEFAULT_LIMIT = 200  # steps kept for undo (and rebuilt from the change log after a reload)
LIMIT_RANGE = (1, 10_000)  # what the setting accepts (Qt's undo stack reads 0 as "no limit")


@dataclass
class Step:
    """One undoable step: what, why, when, and how to go back."""

    description: str
    note: str
    at: datetime
    change: Change | None = None  # an edit of the plan
    before: Plan | None = None  # a replacement: the plan that was shown...
    after: Plan | None = None  # ...and the one that replaced it

    @property
    def replaces(self) -> bool:
        return self.change is None


class History:
    """Done steps (undo pops the last) and undone steps (redo pops the last); a new step clears redo."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = max(limit, 0)
        self.done: list[Step] = []
        self.undone: list[Step] = []

    @classmethod
    def from_steps(cls, steps: Iterable[Step], limit: int = DEFAULT_LIMIT) -> History:
        """A history whose undo list is the last `limit` of `steps` (e.g. a reloaded change log)."""
        history = cls(limit)
        history.done = list(steps)[-history.limit:] if history.limit else []
        return history

    @property
    def is_log_tail(self) -> bool:
        """Whether the undo list is exactly the change log's last entries: only edits, nothing to
        redo (a new edit logs and pushes one of each, undo withdraws one of each)."""
        return not self.undone and all(step.change is not None for step in self.done)

    def resize(self, limit: int) -> None:
        """Keep at most the last `limit` steps from now on."""
        self.limit = max(limit, 0)
        self._trim()

    def _trim(self) -> None:
        if len(self.done) > self.limit:
            del self.done[: len(self.done) - self.limit]

    def push(self, step: Step) -> Step:
        self.done.append(step)
        self._trim()
        self.undone.clear()
        return step

    @property
    def can_undo(self) -> bool:
        return bool(self.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)

    def undo(self, plan: Plan) -> tuple[Step, Plan]:
        """Take back the last step on `plan`; returns it and the plan now shown (another one after
        undoing a replacement). Raises IndexError when there is nothing to undo."""
        return self._move(self.done, self.undone, plan, forward=False)

    def redo(self, plan: Plan) -> tuple[Step, Plan]:
        """Carry out the last undone step again, with its note; returns it and the plan now shown."""
        return self._move(self.undone, self.done, plan, forward=True)

    @staticmethod
    def _move(source: list[Step], target: list[Step], plan: Plan, forward: bool) -> tuple[Step, Plan]:
        step = source.pop()
        target.append(step)
        if step.change is not None:
            (edits.apply if forward else edits.undo)(plan, step.change)
            return step, plan
        shown = step.after if forward else step.before
        assert shown is not None
        return step, shown
