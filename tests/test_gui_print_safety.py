"""Printing and Print Preview when things do not go the usual way: the preview still drawing while
its pages print, other margins chosen, a preparation cancelled, a load view with nothing to show,
few threads, a preview closed while its pages are drawn."""

from __future__ import annotations

import threading
from datetime import date

import shiboken6
from PySide6.QtCore import QMarginsF, QThreadPool
from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from effortplanner.gui import print_preview, printing
from effortplanner.gui.jobs import Job
from effortplanner.gui.print_jobs import SlicedWork
from tests.gui_helpers import make_window, shown_on


def _settled_preview(qtbot, window, tab: str = "assignments"):
    shown_on(qtbot, window, tab)
    window.actions_["print_preview"].trigger()
    preview = window.print_preview
    qtbot.waitUntil(preview.settled, timeout=30000)
    return preview


def _print_from(preview, monkeypatch, out, margins_mm: float | None = None) -> None:
    def accept(dialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        if margins_mm is not None:
            dialog.printer().setPageMargins(QMarginsF(*[margins_mm] * 4), QPageLayout.Unit.Millimeter)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing.QPrintDialog, "exec", accept)
    next(a for a in preview.findChildren(QAction) if a.text() == "Print…").trigger()


def test_the_printer_plays_its_own_copies_of_the_pages_the_preview_draws(qtbot, seed_plan, tmp_path,
                                                                          monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    preview = _settled_preview(qtbot, window)
    shown = [p for page in preview.strip.pictures for p in page]
    printed: list = []
    real = printing.draw_pages

    def draw(pages, printer, progress, cancelled):
        printed.extend(pages.pictures)
        return real(pages, printer, progress, cancelled)

    monkeypatch.setattr(printing, "draw_pages", draw)
    out = tmp_path / "copies.pdf"
    _print_from(preview, monkeypatch, out)
    qtbot.waitUntil(lambda: out.exists() and not window.jobs.busy(), timeout=30000)
    assert len(printed) == len(shown)
    assert not {id(p) for p in printed} & {id(p) for p in shown}  # never one picture on two threads
    assert [p.data() for p in printed] == [p.data() for p in shown]  # the same pages all the same


def test_other_margins_chosen_from_the_preview_prepare_the_pages_again(qtbot, seed_plan, tmp_path,
                                                                      monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    preview = _settled_preview(qtbot, window)
    titles: list[str] = []
    window.jobs.started.connect(lambda job: titles.append(job.title))
    out = tmp_path / "margins.pdf"
    _print_from(preview, monkeypatch, out, margins_mm=30)
    qtbot.waitUntil(lambda: out.exists() and not window.jobs.busy(), timeout=30000)
    assert titles[:2] == ["Preparing the pages", "Laying out the pages"]  # not the pages laid out for 10 mm


def test_a_cancelled_preview_is_deleted(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "people")
    window.jobs.started.connect(lambda job: job.cancel())  # Cancel pressed in the status bar at once
    window.actions_["print_preview"].trigger()
    preview = window.print_preview
    qtbot.waitUntil(lambda: not shiboken6.isValid(preview), timeout=20000)
    window.jobs.wait()
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_load_view_without_an_analysis_window_says_there_is_nothing_to_print(qtbot, seed_plan,
                                                                                tmp_path) -> None:
    plan = seed_plan.copy()
    plan.settings.horizon = date(2015, 1, 1)  # before as-of: no analysis window
    window = make_window(qtbot, plan, tmp_path)
    shown_on(qtbot, window, "load")
    qtbot.waitUntil(lambda: window.load_view.summary.text() != "", timeout=20000)
    window.actions_["print_preview"].trigger()
    preview = window.print_preview
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=20000)  # ends instead of waiting for ever
    assert window.statusBar().currentMessage().startswith("Nothing to print: ")
    assert window.load_view.summary.text() in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not shiboken6.isValid(preview))


def test_preparing_pages_holds_no_thread_the_jobs_it_waits_for_need(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(1)  # a one-core machine
    try:
        sliced = SlicedWork(window.jobs, window, "Preparing the pages", "Printing")
        answers: list[int] = []
        window.jobs.start(Job("Analysing", lambda _p, _c: 42, answers.append))
        qtbot.waitUntil(lambda: answers == [42], timeout=10000)  # not starved by the waiting job
        assert window.jobs.busy()  # the preparing still shows
        sliced.end()
        window.jobs.wait()
    finally:
        pool.setMaxThreadCount(threads)


def test_a_preview_closed_while_its_pages_are_drawn_takes_nothing_down(qtbot, seed_plan, tmp_path,
                                                                      monkeypatch) -> None:
    release = threading.Event()
    real = print_preview.page_image
    calls: list[int] = []

    def slow(*args):
        calls.append(1)
        release.wait(10)
        return real(*args)

    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "people")
    monkeypatch.setattr(print_preview, "page_image", slow)
    window.actions_["print_preview"].trigger()
    preview = window.print_preview
    qtbot.waitUntil(lambda: preview.isVisible() and len(calls) == 1, timeout=30000)  # a page being drawn
    strip = preview.strip
    strip.set_page_width(strip.page_width // 3)  # more pages in view, waiting to be drawn
    strip.repaint()
    assert len(strip.asked) > 1
    preview.close()  # deleted on close, its page still being drawn
    qtbot.waitUntil(lambda: not shiboken6.isValid(preview))
    release.set()
    print_preview.page_runner().wait()  # the drawn page is handed to nobody, without an error
    assert len(calls) == 1  # the pages still waiting are not drawn for nobody
    window.jobs.wait()


def test_preparing_pages_ends_when_the_view_it_reads_goes(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    view = QWidget()
    gave_up: list[bool] = []
    SlicedWork(window.jobs, window, "Preparing the pages", "Printing", window.statusBar().showMessage,
               lambda: gave_up.append(True), view)
    view.deleteLater()  # the tab closed while its rows were being read
    qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=10000)  # not waiting for ever
    assert gave_up == [True] and "cancelled" in window.statusBar().currentMessage()
