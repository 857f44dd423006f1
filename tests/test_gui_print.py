"""File › Print and Print Preview: the current table, the timeline (several pages, fitted to width), the
load view; the pages are prepared and printed off the GUI thread, with progress in the status bar."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtPdf import QPdfDocument
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from effortplanner.gui import print_pages, print_preview, printing
from effortplanner.gui.print_pages import TableText
from tests.gui_helpers import make_window, shown_on


def _pdf_printer(path) -> QPrinter:
    printer = printing.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _printed(qtbot, window, path) -> QPdfDocument:
    """Print the current tab to a PDF file through File › Print's path; wait for it to be written."""
    assert printing.print_to(window, _pdf_printer(path)) is not None
    qtbot.waitUntil(lambda: path.exists() and path.stat().st_size > 0 and not window.jobs.busy(), timeout=30000)
    document = QPdfDocument()
    document.load(str(path))
    return document


def _text(document: QPdfDocument) -> str:
    return "".join("".join(document.getAllText(i).text().split()) for i in range(document.pageCount()))


def test_each_tab_prints(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "assignments")
    document = _printed(qtbot, window, tmp_path / "table.pdf")
    text = _text(document)
    assert document.pageCount() >= 2 and "ProductionSystemsMonitoring" in text
    rows = window.pages["assignments"].model.rowCount()
    assert text.count("IdPersonVODuty") == document.pageCount()  # the header row on every page
    assert all(f"A{k}" in text for k in (1, rows // 2, rows))  # no row lost between pages
    window.show_tab("timeline")
    assert _printed(qtbot, window, tmp_path / "timeline.pdf").pageCount() >= 1
    window.show_tab("load")
    document = _printed(qtbot, window, tmp_path / "load.pdf")
    assert document.pageCount() >= 1 and "VitoDiBenedetto" in _text(document)


def test_the_load_view_keeps_its_colours_on_paper(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "load")
    qtbot.waitUntil(lambda: window.load_view.model.rowCount() > 0)
    read: list[TableText] = []
    reader = print_pages.TableReader(window.load_view.table, "Load", read.append)
    reader.start()
    qtbot.waitUntil(lambda: bool(read))
    assert read[0].labelled and read[0].rows and 'bgcolor="#f4b183"' in read[0].html()  # over capacity: red


def test_table_pages_are_laid_out_off_the_gui_thread_and_hold_every_row(qtbot, seed_plan, tmp_path,
                                                                         monkeypatch) -> None:
    monkeypatch.setattr(print_pages, "ROWS_PER_TURN", 7)  # the copy of the rows takes several turns
    threads: list[int] = []
    real = print_pages.table_pages

    def laid_out(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(print_pages, "table_pages", laid_out)
    monkeypatch.setattr(printing, "table_pages", laid_out)
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "assignments")
    started: list[str] = []
    window.jobs.started.connect(lambda job: started.append(job.title))
    reader = printing.print_to(window, _pdf_printer(tmp_path / "t.pdf"))
    assert reader.text is None or len(reader.text.rows) < 35  # nothing copied in one go
    qtbot.waitUntil(lambda: (tmp_path / "t.pdf").exists() and not window.jobs.busy(), timeout=30000)
    assert threads and threading.get_ident() not in threads
    assert started == ["Preparing the pages", "Laying out the pages", "Printing Untitled — Assignments"]
    assert len(reader.text.rows) == window.pages["assignments"].model.rowCount() == 35


def test_a_print_that_fails_ends_in_one_message(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "timeline")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(printing.start_job.__globals__["QMessageBox"], "warning",
                        lambda _parent, title, text: shown.append((title, text)))

    def broken(*_args, **_kwargs):
        raise OSError("the printer is out of paper")

    monkeypatch.setattr(printing, "draw_pages", broken)
    printing.print_to(window, _pdf_printer(tmp_path / "never.pdf"))
    qtbot.waitUntil(lambda: bool(shown) and not window.jobs.busy(), timeout=20000)  # no exception escapes
    assert shown == [("Printing failed", "Printing failed: the printer is out of paper")]


def test_a_cancelled_print_says_so(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "assignments")
    window.jobs.started.connect(lambda job: job.cancel())  # Cancel pressed in the status bar at once
    printing.print_to(window, _pdf_printer(tmp_path / "cancelled.pdf"))
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=20000)
    window.jobs.wait()
    assert not (tmp_path / "cancelled.pdf").exists()


@pytest.mark.parametrize("tab", ["people", "timeline", "load"])
def test_print_preview_opens_with_pages_prepared_and_drawn_in_the_background(qtbot, seed_plan, tmp_path,
                                                                              monkeypatch, tab) -> None:
    drawn_on: list[int] = []
    real = print_preview.page_image

    def drawn(*args):
        drawn_on.append(threading.get_ident())
        return real(*args)

    monkeypatch.setattr(print_preview, "page_image", drawn)
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, tab)
    titles: list[str] = []
    window.jobs.started.connect(lambda job: titles.append(job.title))
    window.actions_["print_preview"].trigger()
    preview = window.print_preview
    assert not preview.isVisible()  # opened once its pages are ready
    qtbot.waitUntil(preview.settled, timeout=30000)
    assert preview.page_count() >= 1 and tab.capitalize() in preview.windowTitle()
    assert titles == ["Preparing the pages"] + (["Laying out the pages"] if tab != "timeline" else [])
    assert drawn_on and threading.get_ident() not in drawn_on  # each page drawn off the GUI thread
    assert not window.jobs.busy()
    image = preview.grab()
    image.save(str(tmp_path / f"preview-{tab}.png"))
    strip = preview.strip
    assert strip.width() > 900  # fitted to the dialog's width
    assert all((page, strip.page_width) in strip.images for page in strip.visible_pages())
    corner = strip.mapTo(preview, strip.page_rect(0).topLeft())
    page = strip.images[(0, strip.page_width)]
    shown = image.toImage()
    assert any(page.pixelColor(x, y).name() != "#ffffff" for x in range(0, page.width(), 7) for y in range(0, 60, 3))
    assert all(shown.pixelColor(corner.x() + x, corner.y() + y) == page.pixelColor(x, y)
               for x in range(0, page.width(), 97) for y in range(0, page.height(), 89))  # the page as drawn
    preview.close()


def test_printing_from_the_preview_prints_the_prepared_pages(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    shown_on(qtbot, window, "assignments")
    window.actions_["print_preview"].trigger()
    preview = window.print_preview
    qtbot.waitUntil(preview.settled, timeout=30000)
    out = tmp_path / "from-preview.pdf"

    def accept(dialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing.QPrintDialog, "exec", accept)
    titles: list[str] = []
    window.jobs.started.connect(lambda job: titles.append(job.title))
    pages = preview.page_count()
    next(a for a in preview.findChildren(QAction) if a.text() == "Print…").trigger()
    qtbot.waitUntil(lambda: not shiboken6.isValid(preview) or not preview.isVisible())  # closed, as Qt's is
    qtbot.waitUntil(lambda: out.exists() and not window.jobs.busy(), timeout=30000)
    assert titles == ["Printing Untitled — Assignments"]  # the pages already prepared, not laid out again
    document = QPdfDocument()
    document.load(str(out))
    assert document.pageCount() == pages
