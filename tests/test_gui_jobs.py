"""Long work off the GUI thread: jobs report back on the GUI thread, saves queue, the window keeps
running while a save writes, and the analysis of an outdated revision is dropped."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QThread

from effortplanner.core import edits
from effortplanner.gui import analysis_runner
from effortplanner.gui.jobs import Job, JobRunner
from effortplanner.io.planfile import load_plan
from tests.gui_helpers import make_window


def test_a_second_save_waits_for_the_first(qtbot) -> None:
    runner = JobRunner()
    release = threading.Event()
    order: list[str] = []
    gui_thread = QThread.currentThread()
    threads: list[bool] = []

    def first(_progress, _cancelled) -> str:
        order.append("first starts")
        release.wait(5)
        order.append("first ends")
        return "one"

    def second(_progress, _cancelled) -> str:
        order.append("second starts")
        return "two"

    def done(result: object) -> None:
        threads.append(QThread.currentThread() is gui_thread)
        order.append(f"done {result}")

    runner.start(Job("Saving", first, done, queue="save"))
    runner.start(Job("Saving", second, done, queue="save"))
    qtbot.waitUntil(lambda: "first starts" in order)
    assert runner.busy("save") and "second starts" not in order
    assert not gc.isenabled()  # no collector pass stops the window while a job allocates
    release.set()
    runner.wait()
    assert gc.isenabled()
    assert order == ["first starts", "first ends", "done one", "second starts", "done two"]
    assert threads == [True, True]  # outcomes arrive on the GUI thread


def test_failures_and_cancels_come_back_to_the_caller(qtbot) -> None:
    runner = JobRunner()
    errors: list[BaseException] = []

    def broken(_progress, _cancelled) -> None:
        raise OSError("disk full")

    runner.start(Job("Saving", broken, failed=errors.append))
    seen: list[bool] = []

    def patient(progress, cancelled) -> None:
        progress(0.5, "half way")
        while not cancelled():
            QThread.msleep(5)
        seen.append(True)

    job = runner.start(Job("Importing", patient, failed=errors.append, cancellable=True))
    progress: list[tuple[float, str]] = []
    runner.progressed.connect(lambda _job, fraction, text: progress.append((fraction, text)))
    qtbot.waitUntil(lambda: progress == [(0.5, "half way")])
    runner.cancel_all()
    runner.wait()
    assert job.cancelled and seen == [True]
    assert [str(e) for e in errors] == ["disk full"]


def test_the_window_keeps_running_while_a_save_writes(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    path = tmp_path / "plan.effortplan"
    release, writing = threading.Event(), threading.Event()
    from effortplanner.gui import files

    real_save = files.save_scenario_set

    def slow_save(target, scenarios) -> None:  # a slow disk
        writing.set()
        release.wait(10)
        real_save(target, scenarios)

    monkeypatch.setattr(files, "save_scenario_set", slow_save)
    monkeypatch.setattr(files.QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "vo", "DUNE"))
    assert window.files.save()
    qtbot.waitUntil(writing.is_set)
    assert window.job_status.label.text() == "Saving plan.effortplan…"  # in the status bar
    # Still editing while the copy is written: the edit is not in the file and stays unsaved.
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A2", "vo", "MINOS"))
    release.set()
    window.files.wait("save")
    saved = load_plan(path)
    assert saved.assignments.at["A1", "vo"] == "DUNE" and saved.assignments.at["A2", "vo"] != "MINOS"
    assert window.document.path == path and window.document.modified


def test_a_large_plan_is_analysed_in_the_background_and_stale_results_are_dropped(
        qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(analysis_runner, "LARGE_PLAN", 5)  # the seed plan counts as large
    window = make_window(qtbot, seed_plan, tmp_path)
    runner = window.document.analysis
    runner.timer.setInterval(0)
    with qtbot.waitSignal(runner.ready, timeout=10000):
        window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
        assert runner.current() is None  # nothing computed on the GUI thread yet
    assert runner.current().revision == window.document.plan.revision
    # An edit while the job runs: its result is dropped, and the newer revision analysed after it.
    dropped = runner.discarded
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.3))
    runner.run()  # starts on this revision...
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.2))  # ...now outdated
    qtbot.waitUntil(lambda: runner.current() is not None, timeout=10000)
    assert runner.discarded > dropped
    assert runner.current().revision == window.document.plan.revision
    assert window.flags.all_flags is runner.current().flags


def test_a_cancelled_import_changes_nothing_and_says_so(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    from pathlib import Path

    from effortplanner.gui import files
    from effortplanner.io import importer

    window = make_window(qtbot, seed_plan, tmp_path)
    shown = window.document.plan
    started = threading.Event()

    def slow_import(paths, settings=None, progress=None, cancelled=None, **_kw):
        started.set()
        while not cancelled():  # a long read that checks for a cancel as the real one does
            QThread.msleep(5)
        raise files.ImportCancelled()

    monkeypatch.setattr(importer, "import_files", slow_import)
    messages: list[str] = []
    window.files.message.connect(messages.append)
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "appendix_ii.xlsx"
    assert window.files.import_paths([sample])
    qtbot.waitUntil(started.is_set)
    assert window.job_status.cancel.isVisibleTo(window)  # an import can be cancelled from the status bar
    window.job_status.cancel.click()
    window.files.wait()
    assert window.document.plan is shown and window.document.undo_stack.count() == 0
    assert messages == ["Import cancelled; nothing was changed"]


def test_the_interpreter_lock_changes_hands_often_while_jobs_run(qtbot) -> None:
    """Every call from Qt into Python on the GUI thread waits for the lock: jobs give it back sooner."""
    import sys

    from effortplanner.gui.jobs import SWITCH_INTERVAL

    before = sys.getswitchinterval()
    runner = JobRunner()
    seen: list[float] = []
    release = threading.Event()

    def work(_progress, _cancelled) -> None:
        seen.append(sys.getswitchinterval())
        release.wait(5)

    runner.start(Job("Working", work))
    qtbot.waitUntil(lambda: bool(seen))
    release.set()
    runner.wait()
    assert seen == [SWITCH_INTERVAL] and SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before  # as it was once no job runs


def test_a_job_starts_once_the_window_has_repainted_what_led_to_it(qtbot) -> None:
    """A repaint calls into Python thousands of times; beside a running job each call waits for the
    interpreter lock. So the job's work starts after the repaint asked for before it (e.g. tables
    reloaded on open), not beside it."""
    from PySide6.QtWidgets import QWidget

    order: list[str] = []

    class Painted(QWidget):
        def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt override)
            order.append("painted")

    widget = Painted()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: "painted" in order)
    order.clear()
    runner = JobRunner()
    widget.update()  # what a model reset asks for
    runner.start(Job("Analysing", lambda _p, _c: order.append("work")))
    QThread.msleep(200)  # the GUI thread still busy with what asked for the job: a job started now would run
    runner.wait()
    assert order == ["painted", "work"]


def test_the_first_edit_after_a_quiet_moment_is_analysed_at_once_and_a_burst_is_batched(
        qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(analysis_runner, "LARGE_PLAN", 5)  # the seed plan counts as large
    window = make_window(qtbot, seed_plan, tmp_path)
    runner = window.document.analysis
    qtbot.waitUntil(lambda: runner.current() is not None, timeout=10000)
    runner.delay_ms = 60_000  # a batching delay no test waits for
    runner._last_edit = float("-inf")  # quiet since long ago
    with qtbot.waitSignal(runner.ready, timeout=10000):
        window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4))
        assert runner.timer.interval() == analysis_runner.QUICK_MS  # not the batching delay
    assert runner.current().revision == window.document.plan.revision
    # Edits in a row: the second comes before the quick start, so both wait for the delay after the last.
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.3))
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.2))
    assert runner.timer.isActive() and runner.timer.interval() == 60_000
    qtbot.wait(analysis_runner.QUICK_MS * 3)
    assert runner.current() is None and not runner.jobs.busy()  # still waiting for the batch
    runner.timer.stop()
    runner.run()
    qtbot.waitUntil(lambda: runner.current() is not None, timeout=10000)


def test_a_job_whose_runner_is_closed_before_it_starts_does_not_run_but_a_save_does(qtbot) -> None:
    from PySide6.QtCore import QObject
    from shiboken6 import delete

    from effortplanner.gui.jobs import _Collector

    ran: list[str] = []
    owner = QObject()
    runner = JobRunner(owner)
    runner.start(Job("analyse", lambda progress, cancelled: ran.append("analysis")))
    runner.start(Job("save", lambda progress, cancelled: ran.append("save"), queue="save"))
    delete(owner)  # the window closed before the event loop turned
    qtbot.waitUntil(lambda: ran == ["save"], timeout=5000)
    qtbot.wait(100)
    assert ran == ["save"]
    qtbot.waitUntil(lambda: _Collector.running == 0, timeout=5000)


def test_a_runner_deleted_with_a_result_still_queued_does_not_leave_the_collector_paused(qtbot) -> None:
    """The window closed after a job's work ended but before its result reached the GUI thread: the
    cycle collector (paused while jobs run) runs again all the same."""
    import gc
    import time

    from PySide6.QtCore import QObject
    from shiboken6 import delete

    from effortplanner.gui.jobs import _Collector

    owner = QObject()
    runner = JobRunner(owner)
    began, go = threading.Event(), threading.Event()
    runner.start(Job("analyse", lambda progress, cancelled: (began.set(), go.wait(5))))
    qtbot.waitUntil(began.is_set, timeout=5000)
    assert not gc.isenabled()  # held while the job runs
    go.set()
    deadline = time.monotonic() + 5
    while _Collector.running and time.monotonic() < deadline:  # no events handled: the result stays queued
        time.sleep(0.01)
    delete(owner)  # the window closes with the job's finished event never delivered
    qtbot.wait(50)
    assert _Collector.running == 0 and gc.isenabled()
