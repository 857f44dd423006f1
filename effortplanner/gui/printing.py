"""File › Print… and Print Preview… for the tab shown: a table, the timeline or the load view.

Tables and the load heatmap print as paginated HTML (QTextDocument: the header row repeats
on every page, landscape); the timeline prints fitted to the page width, split between
rows over as many pages as it needs, with its header on each (the PDF export's painter).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QTextDocument
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
    """The whole timeline fitted to the page width, split between rows; the number of pages."""
    from effortplanner.gui.timeline import export

    tl = timeline
    tl.ensure_fresh()  # type: ignore[attr-defined]
    x0, x1, y0, y1, ppd = export.extent(tl, True)  # type: ignore[arg-type]
    width = export.NAMES_W + (x1 - x0) * ppd
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    scale = page.width() / width
    room = page.height() / scale - export._band_height(tl, width) - export.HEADER_H  # type: ignore[arg-type]
    spans = export._pages(tl.scene.rows, y0, y1, max(room, 60.0))  # type: ignore[attr-defined]
    painter = QPainter(printer)
    if not painter.isActive():
        return 0
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for k, (a, b) in enumerate(spans):
        if k:
            printer.newPage()
        painter.save()
        painter.scale(scale, scale)
        export.paint_page(painter, tl, x0, x1, a, b, ppd)  # type: ignore[arg-type]
        painter.restore()
    painter.end()
    return len(spans)


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
