"""The window's one analysis: a snapshot of the shown plan, recomputed after edits.

A small plan is analysed at once (a few milliseconds). On a large plan the snapshot is
computed on a copy in the thread pool, and a result whose revision is no longer the shown
plan's is dropped. The first edit after a quiet moment is analysed almost at once; edits that
follow it closely are batched (one computation `delay_ms` after the last of them).

A user who edits a cell waits for the flags, so the analysis comes in two stages (see
`analysis.snapshot.flags_first`): one job computes the flags and `flags_ready` hands them over,
then a follow-up job adds the timeline rows and load steps to the same snapshot and `ready`
says it is whole. The flags panel and the status bar read `flagged()` and listen to
`flags_ready`; the timeline and the load view read `current()` / `snapshot()` and listen to
`ready`. Either signal only ever carries the analysis of the plan as it is shown: a stage that
ends after a newer edit is dropped, so older flags never replace newer ones, and a rows job of an
older revision that has not started when the plan moves on is cancelled (the new first stage does
not wait behind it).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from effortplanner.analysis.snapshot import (Snapshot, SnapshotKey, compute_eager, flags_first, has_eager, snapshot,
                                             snapshot_key)
from effortplanner.core.plan import Plan
from effortplanner.gui.jobs import Job, JobRunner

if TYPE_CHECKING:
    from effortplanner.gui.document import PlanDocument

_log = logging.getLogger(__name__)
LARGE_PLAN = 3000  # assignments above which the analysis runs off the GUI thread
DELAY_MS = 150  # after the last edit
QUICK_MS = 30  # after the first edit of a quiet moment: an edit that follows within it starts a batch


class AnalysisRunner(QObject):
    flags_ready = Signal(object)  # the Snapshot of the shown plan as it is now, with its flags (rows may follow)
    ready = Signal(object)  # the same Snapshot, whole (flags, rows, load)

    def __init__(self, document: PlanDocument, delay_ms: int = DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent or document)
        self.document = document
        self.jobs = JobRunner(self)
        self.delay_ms = delay_ms
        self.timer = QTimer(self, singleShot=True)  # every start says how long: QUICK_MS or delay_ms
        self.timer.timeout.connect(self.run)
        self._latest: Snapshot | None = None  # the newest whole snapshot accepted
        self._flagged: Snapshot | None = None  # the newest snapshot whose flags were handed over
        self._rows_job: tuple[Job, SnapshotKey] | None = None  # the last second-stage job and its snapshot's key
        self._again = False  # another run was asked for while one was running
        self._with_flags: list[str] = []  # snapshot parts a view reads beside the flags: `want_with_flags`
        self.error: BaseException | None = None
        self.discarded = 0  # results dropped because the plan moved on (for tests and benchmarks)
        self._last_edit = float("-inf")  # time.monotonic() of the last edit
        # a plan without an as-of date is analysed from today: at midnight its window moves on
        self.new_day = QTimer(self, singleShot=True)
        self.new_day.timeout.connect(self._new_day)
        self._arm_new_day()
        document.changed.connect(self.schedule)
        document.replaced.connect(self.run)

    @property
    def plan(self) -> Plan:
        return self.document.plan

    def want_with_flags(self, part: str) -> None:
        """A view that shows the named snapshot part beside the flags (the flags panel: its rows) has it
        made with them, in the analysis job; a snapshot no such view shows is made without it."""
        if part not in self._with_flags:
            self._with_flags.append(part)

    def current(self) -> Snapshot | None:
        """The snapshot of the shown plan as it is now, if computed; else None."""
        latest = self._latest
        if latest is not None and latest.key == snapshot_key(self.plan):
            return latest
        return None

    def flagged(self) -> Snapshot | None:
        """The snapshot of the shown plan as it is now with at least its flags and counts (its rows may
        still be computing: `has_rows`), if known; else None."""
        flagged = self._flagged
        if flagged is not None and flagged.key == snapshot_key(self.plan):
            return flagged
        return None

    def snapshot(self) -> Snapshot:
        """The current snapshot, computed here and now when the background one is not ready."""
        found = self.current()
        if found is None:
            found = snapshot(self.plan, with_parts=self._with_flags)
            self._accept(found)
        return found

    def schedule(self, *_args: object) -> None:
        """After an edit: a small plan at once; a large one in the background, `QUICK_MS` after an edit
        that ends a quiet moment (no edit for `delay_ms`, no analysis running), else `delay_ms` after
        the last edit. Edits that come in a row (a paste, a script) thus wait for the last of them
        instead of sharing the interpreter lock with an analysis that is outdated when it ends."""
        now, last = time.monotonic(), self._last_edit
        self._last_edit = now
        self._cancel_stale_rows()
        if len(self.plan.assignments) <= LARGE_PLAN and not self.jobs.busy():
            self.run()
        elif now - last >= self.delay_ms / 1000 and not self.timer.isActive() and not self.jobs.busy():
            self.timer.start(QUICK_MS)
        else:
            self.timer.start(self.delay_ms)

    def _arm_new_day(self) -> None:
        now = datetime.now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        self.new_day.start(int((midnight - now).total_seconds() * 1000) + 1000)  # a second into the day

    def _new_day(self) -> None:
        """Today changed: a plan analysed from today (no as-of date) is analysed again, in the
        background on a large plan, instead of showing yesterday's flags (or "analysing…") until
        the next edit."""
        self._arm_new_day()
        if self._flagged is not None and self.flagged() is None:
            self.run()

    def run(self) -> None:
        """Recompute now (in the background for a large plan)."""
        self.timer.stop()
        self._cancel_stale_rows()
        latest = self.current()
        if latest is not None:  # e.g. back to a scenario analysed before: its flags are the shown ones again
            self._flagged = latest
            self.flags_ready.emit(latest)
            self.ready.emit(latest)
            return
        if self.jobs.busy():
            self._again = True
            return
        plan = self.plan
        if len(plan.assignments) <= LARGE_PLAN:
            self._accept(snapshot(plan, with_parts=self._with_flags))
            return
        copy = plan.copy()  # the worker reads its own copy; edits go on meanwhile
        # without the eager parts: an edit's flags and timeline come first; the load view's parts are
        # computed when it asks for them (`part`), i.e. only while it is shown
        parts = tuple(self._with_flags)
        job = Job("Analysing", lambda _progress, _cancelled: flags_first(copy, parts), self._flags_found,
                  self._failed, queue="analysis")
        self.jobs.start(job)  # its work starts once the views have repainted the new plan (JobRunner)

    def _flags_found(self, result: Snapshot) -> None:
        """The first stage is in: hand the flags over, then compute the rows in a follow-up job (started
        once the flags are painted, so that it does not share the interpreter lock with that)."""
        if result.key != snapshot_key(self.plan):
            self.discarded += 1
            self._run_again()
            return
        self._hand_flags(result)
        if result.has_rows:
            self._finished(result)
            return

        def rows(_progress: object, cancelled: Callable[[], bool]) -> Snapshot | None:
            return None if cancelled() else result.with_rows()  # cancelled: see `_cancel_stale_rows`

        self._rows_job = (self.jobs.start(Job("Analysing", rows, self._finished, self._failed, queue="analysis")),
                          result.key)

    def part(self, name: str, done: Callable[[Snapshot, object], None]) -> None:
        """Hand `done` the named part of the current snapshot (`Snapshot.part`), computing it in the
        background on a large plan. Without a current snapshot this starts the analysis and returns:
        callers listen to `ready` and ask again. A part that arrives after the plan moved on is dropped."""
        snap = self.current()
        if snap is None:
            self.run()
            return
        if (name in snap.parts and has_eager(snap)) or len(self.plan.assignments) <= LARGE_PLAN:
            done(snap, snap.part(name))
            return

        def finished(value: object) -> None:
            if self.current() is snap:
                done(snap, value)
            else:
                self.discarded += 1
            self._run_again()

        # with the eager parts, which the caller may read beside it (the load view's capacity chart)
        self.jobs.start(Job("Analysing", lambda _progress, _cancelled: compute_eager(snap).part(name), finished,
                            self._failed, queue="analysis"))

    def _finished(self, result: Snapshot | None) -> None:
        if result is None:  # the rows job was cancelled: the plan moved on
            self.discarded += 1
        elif result is self._latest:
            pass  # already accepted (asked for on the GUI thread meanwhile: `snapshot`)
        elif result.key == snapshot_key(self.plan):
            self._accept(result)
        else:
            self.discarded += 1
        self._run_again()

    def _cancel_stale_rows(self) -> None:
        """An edit or a switch: a second-stage job of another revision that has not started yet is
        cancelled (it returns None), so the new first stage does not queue behind rows nobody shows."""
        if self._rows_job is not None and self._rows_job[1] != snapshot_key(self.plan):
            self._rows_job[0].cancel()
            self._rows_job = None

    def _failed(self, error: BaseException) -> None:
        """A bug in an analysis must not take the window down: the views keep what they show."""
        self.error = error
        _log.error("analysis failed", exc_info=error)
        self._run_again()

    def _run_again(self) -> None:
        """The run asked for while a job of the analysis queue was busy."""
        if self._again:
            self._again = False
            self.run()

    def _hand_flags(self, result: Snapshot) -> None:
        """`flags_ready`, once per snapshot (a second one would rebuild the flags panel for nothing)."""
        if result is not self._flagged:
            self._flagged = result
            self.flags_ready.emit(result)

    def _accept(self, result: Snapshot) -> None:
        """A whole snapshot of the shown plan: its flags (if not handed over yet), then `ready`."""
        self._hand_flags(result)
        self._latest = result
        self.ready.emit(result)
