"""File › Print and Print Preview: the current table, the timeline (several pages, fitted to width), the load view."""

from __future__ import annotations

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from effortplanner.gui.printing import model_html, new_printer, print_timeline, renderer_for
from tests.gui_helpers import make_window


def _to_pdf(render, path) -> int:
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    render(printer)
    document = QPdfDocument()
    document.load(str(path))
    return document.pageCount(), document


def test_each_tab_prints(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    window.show_tab("assignments")
    title, render = renderer_for(window)
    assert "Assignments" in title
    html = model_html(window.pages["assignments"].view, title)
    assert html.count("<tr>") == 35 and "<thead>" in html  # every row; the header repeats on each page
    pages, document = _to_pdf(render, tmp_path / "table.pdf")
    text = "".join("".join(document.getAllText(i).text().split()) for i in range(pages))
    assert pages >= 2 and "ProductionSystemsMonitoring" in text
    window.show_tab("timeline")
    _title, render = renderer_for(window)
    pages, _ = _to_pdf(render, tmp_path / "timeline.pdf")
    assert pages >= 1
    window.show_tab("load")
    qtbot.waitUntil(lambda: window.load_view.model.rowCount() > 0)
    _title, render = renderer_for(window)
    pages, document = _to_pdf(render, tmp_path / "load.pdf")
    assert pages >= 1 and "VitoDiBenedetto" in "".join(document.getAllText(0).text().split())
    html = model_html(window.load_view.table, "Load")
    assert 'bgcolor="#f4b183"' in html  # over capacity stays red on paper


def test_print_preview_opens_without_blocking(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show_tab("people")
    window.actions_["print_preview"].trigger()
    preview = window.print_preview
    assert preview.isVisible() and "People" in preview.windowTitle()
    preview.close()
    assert print_timeline is not None
