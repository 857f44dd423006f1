"""File › Print… and Print Preview… for the tab shown: a table, the timeline or the load view.

Tables and the load heatmap print as paginated HTML (QTextDocument: the header row repeats
on every page, landscape); the timeline prints fitted to the page width, split between
rows over as many pages as it needs, with its header on each (the PDF export's painter).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QTableView, QWidget

BACKGROUND = Qt.ItemDataRole.BackgroundRole


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                      QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    return printer


def model_html(view: QTableView, title: str) -> str:
    """The rows and columns a view shows (hidden ones left out), with the cells' colours."""
    model = view.model()
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    rows = [r for r in range(model.rowCount()) if not view.isRowHidden(r)]
    head = "".join(f"<th>{escape(str(model.headerData(c, Qt.Orientation.Horizontal) or ''))}</th>"
                   for c in columns)
    vertical = any(isinstance(model.headerData(r, Qt.Orientation.Vertical), str) for r in rows[:5])
    lines = []
    for r in rows:
        cells = []
        if vertical:
            cells.append(f"<th align=left>{escape(str(model.headerData(r, Qt.Orientation.Vertical) or ''))}</th>")
        for c in columns:
            index = model.index(r, c)
            text = escape(str(model.data(index) or ""))
            brush = model.data(index, BACKGROUND)
            colour = f' bgcolor="{brush.color().name()}"' if brush is not None and hasattr(brush, "color") else ""
            cells.append(f"<td{colour}>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    corner = "<th></th>" if vertical else ""
    return (f"<h3>{escape(title)}</h3><table border=1 cellspacing=0 cellpadding=2 width=100%>"
            f"<thead><tr bgcolor='#DDE4EE'>{corner}{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>")


def print_html(printer: QPrinter, html: str) -> None:
    document = QTextDocument()
    document.setDefaultStyleSheet("body, td, th { font-size: 7pt; } th { text-align: left; }")
    document.setHtml(html)
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.Point).size()))
    document.print_(printer)


def print_timeline(printer: QPrinter, timeline: object) -> int:
    """The whole timeline fitted to the page width, split between rows, here and now (the preview
    asks for it so); the number of pages. File › Print uses `print_timeline_in_background`."""
    from effortplanner.gui.timeline import export
    from effortplanner.gui.timeline.recording import draw_pages, page_recording

    tl = timeline
    tl.ensure_fresh()  # type: ignore[attr-defined]
    recording = page_recording(tl, printer.pageLayout(), printer.resolution())  # type: ignore[arg-type]
    return draw_pages(export._recorded(tl, recording, None), printer)  # type: ignore[arg-type]


def print_timeline_in_background(printer: QPrinter, timeline: object) -> object:
    """Record the pages a page per event-loop turn, then send them to the printer in a background job."""
    from effortplanner.gui.jobs import Job
    from effortplanner.gui.timeline.recording import Recording, SlicedRecorder, draw_pages, page_recording

    tl = timeline
    tl.ensure_fresh()  # type: ignore[attr-defined]

    def recorded(done: Recording) -> None:
        tl.jobs.start(Job("Printing the timeline",  # type: ignore[attr-defined]
                          lambda progress, cancelled: draw_pages(done, printer, progress, cancelled),
                          queue="print", cancellable=True))

    recorder = SlicedRecorder(tl, page_recording(tl, printer.pageLayout(), printer.resolution()),  # type: ignore
                              recorded)
    tl.exporting = recorder  # type: ignore[attr-defined]
    recorder.start()
    return recorder


def renderer_for(window: object) -> tuple[str, Callable[[QPrinter], object]] | None:
    """What the window's current tab prints, and how; None when the tab has nothing to print."""
    from effortplanner.gui.load_view import LoadView
    from effortplanner.gui.table_page import TablePage
    from effortplanner.gui.timeline import TimelineView

    widget = window.tabs.currentWidget()  # type: ignore[attr-defined]
    tabs = window.tabs  # type: ignore[attr-defined]
    title = f"{window.document.title} — {tabs.tabText(tabs.currentIndex())}"  # type: ignore[attr-defined]
    if isinstance(widget, TablePage):
        return title, lambda printer: print_html(printer, model_html(widget.view, title))
    if isinstance(widget, TimelineView):
        return title, lambda printer: print_timeline(printer, widget)
    if isinstance(widget, LoadView):
        widget.show_now() if widget.model.result is None else None
        return title, lambda printer: print_html(printer, model_html(widget.table, title))
    return None


def print_current(window: QWidget) -> None:
    """File › Print…: the system print dialog, then the current tab."""
    found = renderer_for(window)
    if found is None:
        return
    title, render = found
    printer = new_printer()
    printer.setDocName(title)
    dialog = QPrintDialog(printer, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        print_accepted(window, printer, render)


def print_accepted(window: QWidget, printer: QPrinter, render: Callable[[QPrinter], object]) -> None:
    """Send the current tab to a printer the user chose: the timeline without blocking the window."""
    from effortplanner.gui.timeline import TimelineView

    widget = window.tabs.currentWidget()  # type: ignore[attr-defined]
    if isinstance(widget, TimelineView):
        print_timeline_in_background(printer, widget)
    else:
        render(printer)


def preview_current(window: QWidget) -> QPrintPreviewDialog | None:
    """File › Print Preview…: pages of the current tab, printable from the preview."""
    found = renderer_for(window)
    if found is None:
        return None
    title, render = found
    printer = new_printer()
    printer.setDocName(title)
    preview = QPrintPreviewDialog(printer, window)
    preview.setWindowTitle(f"Print Preview — {title}")
    preview.paintRequested.connect(render)
    preview.resize(1100, 800)
    preview.open()
    return preview
