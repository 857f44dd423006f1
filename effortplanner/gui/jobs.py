"""Long work off the GUI thread: a pure function with a progress callback and a cancel check.

A `Job` names a function `work(progress, cancelled) -> result` that touches no widget
and no shared plan (callers hand it copies); `JobRunner.start` runs it in the thread
pool (once the window has repainted what led to it: `after_repaint`) and calls
`done(result)` or `failed(error)` back on the GUI thread. Jobs of one `queue` (e.g.
"save") run one after the other, so a second save waits for the first.
`JobStatus` shows the running job's progress in the status bar with a Cancel button.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton
from shiboken6 import isValid

SWITCH_INTERVAL = 0.0005  # seconds a thread holds the interpreter lock while jobs run (see _Collector)
Progress = Callable[[float, str], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


@dataclass(eq=False)
class Job:
    """One piece of long work and what to do with its outcome (on the GUI thread)."""

    title: str
    work: Work
    done: Callable[[Any], None] = lambda _result: None
    failed: Callable[[BaseException], None] | None = None
    queue: str = ""  # jobs of one non-empty queue run one after another
    cancellable: bool = False
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Collector:
    """What the interpreter does differently while jobs run, so that they do not stall the window.

    Python's cycle collector is paused: a collection stops every thread while it walks the objects
    of its generations (half a second with a 20,000-row plan loaded): started by a job's allocations
    it would freeze the window just as surely as running the job there. When the last job ends,
    what is alive then (the plan read, the analysis kept) is frozen into the permanent generation
    (`gc.freeze`, a constant-time move), so the next collection on the GUI thread does not walk it
    either. Objects freed by reference counting go as always; only reference cycles among frozen
    objects are no longer collected.

    The interpreter lock changes hands every `SWITCH_INTERVAL` instead of every 5 ms: each time Qt
    calls into Python on the GUI thread (a model's data(), a slot) it must win the lock back from a
    busy job, and at 5 ms a turn a table repaint took 5 times as long (86 ms instead of 16; 20 ms at
    0.5 ms a turn). Jobs lose little: the lock only changes hands when the GUI thread asks for it."""

    running = 0
    was_enabled = True
    switch_interval = 0.005
    lock = threading.Lock()

    @classmethod
    def hold(cls) -> None:
        with cls.lock:
            if cls.running == 0:
                cls.was_enabled = gc.isenabled()
                gc.disable()
                cls.switch_interval = sys.getswitchinterval()
                sys.setswitchinterval(min(SWITCH_INTERVAL, cls.switch_interval))
            cls.running += 1

    @classmethod
    def release(cls) -> None:
        with cls.lock:
            cls.running = max(cls.running - 1, 0)
            if cls.running == 0:
                sys.setswitchinterval(cls.switch_interval)
                if cls.was_enabled:
                    gc.freeze()
                    gc.enable()


class _Call(QEvent):
    """A call posted to the GUI thread's event queue (see `after_repaint`)."""

    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, call: Callable[[], object]) -> None:
        super().__init__(self.TYPE)
        self.call = call


class _Relay(QObject):
    """Lives on the GUI thread; the worker's emits arrive there as queued calls."""

    progress = Signal(object, float, str)
    finished = Signal(object, object, object)  # job, result, error


class _Poster(QObject):
    """Runs the calls posted by `after_repaint` (one for the process, so that a queued job such as
    a save still starts when its runner was closed first; other jobs of a closed runner do not)."""

    instance: _Poster | None = None

    def event(self, event: QEvent) -> bool:
        if isinstance(event, _Call):
            event.call()
            return True
        return super().event(event)


def after_repaint(call: Callable[[], object]) -> None:
    """Call `call` on the GUI thread once the repaints asked for until now are done.

    A repaint calls into Python a few thousand times (each cell's data, flags, index...) and
    each call must win the interpreter lock back; beside a busy job every one of them waits
    for the job to let go of it, and a 10 ms repaint becomes a 100-200 ms block (seen on open:
    the tables reloaded, then the analysis started before they were painted). Qt posts its
    repaint requests at low priority: a low-priority event posted after the current event's
    handlers have run (hence the zero timer first) comes after them."""
    if _Poster.instance is None:
        _Poster.instance = _Poster()
    poster = _Poster.instance
    QTimer.singleShot(0, poster, lambda: QCoreApplication.postEvent(poster, _Call(call),
                                                                    Qt.EventPriority.LowEventPriority.value))


class _Task(QRunnable):
    def __init__(self, job: Job, relay: _Relay) -> None:
        super().__init__()
        self.job, self.relay = job, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        job = self.job
        try:
            result = job.work(self._progress, job.cancel_event.is_set)
        except Exception as exc:  # noqa: BLE001 - handed to the job's `failed` on the GUI thread
            self._emit(job, None, exc)
        else:
            self._emit(job, result, None)
        finally:
            # here, when the work ends, not when the GUI thread takes the result: a runner deleted
            # with that result still queued (its window closed) would leave the collector paused
            _Collector.release()

    def _progress(self, fraction: float, text: str) -> None:
        try:
            self.relay.progress.emit(self.job, fraction, text)
        except RuntimeError:  # the window is gone: nobody to tell, and the job should stop
            self.job.cancel()

    def _emit(self, job: Job, result: object, error: BaseException | None) -> None:
        try:
            self.relay.finished.emit(job, result, error)
        except RuntimeError:  # the window was closed while the job ran: nobody to hand it to
            pass


class JobRunner(QObject):
    """Runs jobs in the thread pool; outcomes come back on the GUI thread."""

    started = Signal(object)  # Job
    progressed = Signal(object, float, str)  # Job, fraction done, what it is doing
    finished = Signal(object)  # Job (done, failed or cancelled)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progressed)
        self._relay.finished.connect(self._finished)
        self.running: list[Job] = []
        self._waiting: dict[str, list[Job]] = {}

    def start(self, job: Job, pool: QThreadPool | None = None) -> Job:
        """Run `job` now, or after the running job of its queue; on `pool` instead of the runner's
        when given (a job that only waits for others must not hold a thread they need)."""
        if job.queue and any(j.queue == job.queue for j in self.running):
            self._waiting.setdefault(job.queue, []).append(job)
            return job
        self.running.append(job)
        _Collector.hold()
        self.started.emit(job)
        # started once the window has repainted what led to it (see `after_repaint`)
        runs_on, relay = pool or self.pool, self._relay

        def begin() -> None:
            if not job.queue and not isValid(relay):  # its window is gone: nobody wants the result
                _Collector.release()
                return
            runs_on.start(_Task(job, relay))  # queued work (a save) still finishes

        after_repaint(begin)
        return job

    def busy(self, queue: str | None = None) -> bool:
        """Whether any job (of `queue`, when given) runs or waits."""
        if queue is None:
            return bool(self.running) or any(self._waiting.values())
        return any(j.queue == queue for j in self.running) or bool(self._waiting.get(queue))

    def wait(self, queue: str | None = None) -> None:
        """Keep the window running (events processed) until the jobs (of `queue`) are done."""
        loop = QEventLoop()
        while self.busy(queue):
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents,
                               50)

    def cancel_all(self) -> None:
        for job in self.running + [j for jobs in self._waiting.values() for j in jobs]:
            if job.cancellable:
                job.cancel()

    def _finished(self, job: Job, result: object, error: BaseException | None) -> None:
        if job in self.running:
            self.running.remove(job)  # the collector was released when its work ended (_Task.run)
        try:
            if error is not None:
                if job.failed is None:
                    raise error
                job.failed(error)
            else:
                job.done(result)
        finally:
            self.finished.emit(job)
            waiting = self._waiting.get(job.queue) if job.queue else None
            if waiting:
                self.start(waiting.pop(0))


class JobStatus(QObject):
    """The running job in the status bar: what it does, how far, and Cancel where that makes sense."""

    def __init__(self, runner: JobRunner, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.runner = runner
        self.label = QLabel()
        self.progress = QProgressBar(maximumWidth=160, maximumHeight=16, textVisible=False)
        self.progress.setRange(0, 100)
        self.cancel = QToolButton(text="Cancel")
        self.cancel.clicked.connect(runner.cancel_all)
        for widget in (self.label, self.progress, self.cancel):
            bar.addWidget(widget)
            widget.hide()
        runner.started.connect(self._show)
        runner.progressed.connect(self._progressed)
        runner.finished.connect(self._finished)

    def _show(self, job: Job) -> None:
        self.label.setText(job.title + "…")
        self.progress.setRange(0, 0)  # busy until the first progress report
        for widget in (self.label, self.progress):
            widget.show()
        self.cancel.setVisible(job.cancellable)

    def _progressed(self, job: Job, fraction: float, text: str) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(int(fraction * 100))
        self.label.setText(f"{job.title}: {text}" if text else job.title + "…")

    def _finished(self, _job: Job) -> None:
        if self.runner.running:
            self._show(self.runner.running[-1])
            return
        for widget in (self.label, self.progress, self.cancel):
            widget.hide()
