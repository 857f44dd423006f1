"""Timeline export and printing from the menu: the scene is recorded a slice per event-loop turn,
then drawn and written in a background job; the result is the picture the direct export makes."""

from __future__ import annotations

import threading
from datetime import date
from unittest import mock

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from effortplanner.gui import printing
from effortplanner.gui.timeline import recording
from tests.gui_helpers import make_window, shown_on


@pytest.fixture
def window(qtbot, seed_plan, tmp_path):
    plan = seed_plan.copy()
    plan.settings.as_of = date(2016, 3, 30)
    window = make_window(qtbot, plan, tmp_path)
    shown_on(qtbot, window, "timeline")
    return window


def test_png_export_is_recorded_in_slices_and_written_in_the_background(window, qtbot, tmp_path,
                                                                        monkeypatch) -> None:
    timeline = window.timeline
    drawn_on: list[int] = []
    real = recording.draw_png

    def draw(*args, **kwargs):
        drawn_on.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(recording, "draw_png", draw)
    out = tmp_path / "bg.png"
    between: list[int] = []
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
        timeline.export_dialog("png", True)
    recorder = timeline.exporting
    QTimer.singleShot(0, lambda: between.append(len(recorder.recording.pictures)))
    qtbot.waitUntil(lambda: out.exists() and not timeline.jobs.busy(), timeout=20000)
    slices = len(recorder.recording.slices)
    assert slices >= 2 and between and between[0] < slices  # the event loop ran before the last slice
    assert drawn_on and threading.get_ident() not in drawn_on  # rasterised and written off the GUI thread
    direct = QImage(str(timeline.export_png(tmp_path / "direct.png", whole=True)))
    written = QImage(str(out))
    assert written.size() == direct.size() and written.size().width() > 800
    assert written.pixel(300, written.height() // 2) == direct.pixel(300, direct.height() // 2)


def test_pdf_export_from_the_menu_holds_the_pages(window, qtbot, tmp_path) -> None:
    out = tmp_path / "bg.pdf"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
        window.timeline.export_dialog("pdf", False)
    qtbot.waitUntil(lambda: out.exists() and not window.timeline.jobs.busy(), timeout=20000)
    document = QPdfDocument()
    document.load(str(out))
    text = "".join(document.getAllText(0).text().split())
    assert document.pageCount() >= 1 and "timeline" in text


def test_printing_the_timeline_runs_in_the_background(window, qtbot, tmp_path) -> None:
    printer = printing.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printing.print_to(window, printer)
    assert not out.exists()  # recorded a slice per event-loop turn, then printed in a job
    qtbot.waitUntil(lambda: window.timeline.exporting.recording.done and not window.jobs.busy(), timeout=20000)
    document = QPdfDocument()
    document.load(str(out))
    assert document.pageCount() >= 1 and "VitoDiBenedetto" in "".join(document.getAllText(0).text().split())


def test_rows_stay_still_while_an_export_records_them(window, qtbot, tmp_path) -> None:
    timeline = window.timeline
    timeline.hold_rows(True)
    data = timeline.scene.data
    window.document.set_value("assignments", "A1", "fte", 0.05)
    timeline.refresh()
    assert timeline.scene.data is data and timeline._stale  # not rebuilt under the recording
    timeline.hold_rows(False)
    assert not timeline._stale and timeline.scene.data is not data


def test_an_export_shows_its_progress_and_cancel_in_the_status_bar(window, qtbot, tmp_path) -> None:
    seen: list[tuple[bool, bool, str]] = []
    status = window.job_status

    def look(_job) -> None:
        seen.append((status.progress.isVisible(), status.cancel.isVisible(), status.label.text()))
        window.statusBar().grab().save(str(tmp_path / "status.png"))

    window.jobs.started.connect(look)
    out = tmp_path / "shown.png"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
        window.timeline.export_dialog("png", True)
    qtbot.waitUntil(lambda: out.exists() and not window.jobs.busy(), timeout=20000)
    # on the window's runner: shown with progress and Cancel, the recording on the GUI thread too
    assert seen == [(True, True, "Preparing the timeline export…"), (True, True, "Writing shown.png…")]
    assert "Timeline written to" in window.statusBar().currentMessage()


def test_a_failing_export_ends_in_one_message(window, qtbot, tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append(text))

    def broken(*_args, **_kwargs):
        raise ValueError("no painter for this image")

    monkeypatch.setattr(recording, "draw_png", broken)
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(tmp_path / "x.png"), "")):
        window.timeline.export_dialog("png", True)
    qtbot.waitUntil(lambda: bool(shown) and not window.jobs.busy(), timeout=20000)  # no exception escapes
    assert shown == ["The timeline export failed: no painter for this image"]


def test_an_export_before_the_timeline_is_computed_says_so(window, qtbot) -> None:
    asked: list[int] = []
    window.timeline.scene.data = None  # as before a large plan's first rows arrive
    with mock.patch.object(QFileDialog, "getSaveFileName", side_effect=lambda *a: asked.append(1) or ("", "")):
        window.timeline.export_dialog("pdf", True)
    assert not asked and not window.jobs.busy()
    assert "still being computed" in window.statusBar().currentMessage()


def test_a_recording_that_fails_ends_its_job(window, qtbot, tmp_path, monkeypatch) -> None:
    import gc

    def broken(*_args, **_kwargs):
        raise ValueError("no rows")

    monkeypatch.setattr(recording, "pdf_recording", broken)
    assert gc.isenabled()
    with pytest.raises(ValueError):
        recording.export_in_background(window.timeline, tmp_path / "x.pdf", "pdf", True)
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=5000)
    assert gc.isenabled()  # the collector a job pauses is not left paused


def test_rows_changed_during_an_export_catch_up_in_the_background_after_it(window, qtbot, monkeypatch) -> None:
    from effortplanner.gui import analysis_runner
    from effortplanner.gui.timeline import scene as scene_module
    from effortplanner.gui.timeline import widget

    monkeypatch.setattr(analysis_runner, "LARGE_PLAN", 0)
    monkeypatch.setattr(widget, "BACKGROUND_DIFF", 0)  # the large-plan path on the seed plan
    diffed: list[int] = []
    real = scene_module.prepare
    monkeypatch.setattr(widget, "prepare", lambda *a: diffed.append(threading.get_ident()) or real(*a))
    timeline, document = window.timeline, window.document
    timeline.hold_rows(True)  # an export records the rows
    data = timeline.scene.data
    document.set_value("assignments", "A1", "fte", 0.05)
    qtbot.waitUntil(lambda: document.analysis.current() is not None and not document.analysis.jobs.busy())
    qtbot.wait(50)
    assert not diffed and not timeline.diffs.busy()  # no diff started for a picture being recorded
    assert timeline.scene.data is data and timeline._stale
    timeline.hold_rows(False)
    assert timeline._stale and timeline.scene.data is data  # not caught up here, on the GUI thread
    qtbot.waitUntil(lambda: not timeline._stale and not timeline.diffs.busy(), timeout=10000)
    assert diffed and threading.get_ident() not in diffed
    assert timeline.scene.data is document.analysis.current().timeline


def test_cancel_in_the_status_bar_stops_the_recording(window, qtbot, tmp_path) -> None:
    timeline, out = window.timeline, tmp_path / "stopped.png"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
        timeline.export_dialog("png", True)
    recorder = timeline.exporting
    assert timeline._held and window.job_status.cancel.isVisible()
    window.job_status.cancel.click()
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=10000)
    assert recorder.cancelled and not recorder.recording.done and not timeline._held  # the rows are free again
    assert not out.exists() and "cancelled" in window.statusBar().currentMessage()


def test_the_png_drawn_without_the_interpreter_lock_is_the_one_pysides_call_draws(window, tmp_path, monkeypatch) -> None:
    """draw_png plays each band through gui/unlocked.py: the same pixels as PySide's drawPicture."""
    from effortplanner.gui import unlocked

    import sys

    from PySide6.QtGui import QPicture

    record = recording.png_recording(window.timeline, whole=True)
    while not record.done:
        record.step()
    assert all(type(picture) is QPicture for picture in record.pictures)  # else PySide's call is used
    if sys.platform.startswith("linux"):  # the C++ call is found here, so "ours" really went without the lock
        assert unlocked._function(*unlocked._DRAW_PICTURE) is not None
    ours = QImage(str(recording.draw_png(record, tmp_path / "ours.png")))
    played: list[object] = []
    monkeypatch.setattr(unlocked, "draw_picture", lambda painter, point, picture: (
        played.append(picture), painter.drawPicture(point, picture)))
    theirs = QImage(str(recording.draw_png(record, tmp_path / "theirs.png")))
    assert len(played) == len(record.pictures) >= 2  # every band went through it
    assert ours.size() == theirs.size() and ours == theirs
