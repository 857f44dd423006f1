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
from PySide6.QtWidgets import QFileDialog

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
    printing.print_accepted(window, printer, lambda _p: pytest.fail("the timeline prints in the background"))
    qtbot.waitUntil(lambda: window.timeline.exporting.recording.done and not window.timeline.jobs.busy(),
                    timeout=20000)
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
