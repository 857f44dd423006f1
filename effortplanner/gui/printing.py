"""File › Print… and Print Preview… for the tab shown: a table, the timeline or the load view.

Nothing is laid out or painted on the GUI thread in one go. The pages are prepared first:
a table's or the load heatmap's rows are copied 15 ms per event-loop turn and laid
out in a background job as HTML pages (`print_pages`: header row on every page, landscape);
the timeline is recorded a slice per event-loop turn (`timeline.recording`: fitted to the
page width, split between rows, its header on each page). Then Print sends the prepared
pages to the printer in a background job, and Print Preview opens with them, each page drawn
in the background as it comes into view (`print_preview`). Progress and Cancel of the
preparing and printing show in the window's status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QMarginsF, QObject
from PySide6.QtGui import QPageLayout, QPageSize, QPicture
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from effortplanner.gui.print_jobs import SlicedWork, start_job
from effortplanner.gui.print_pages import TableReader, TableText, table_pages
from effortplanner.gui.print_preview import PagePreview
from effortplanner.gui.timeline.recording import Recording, SlicedRecorder, draw_pages, page_recording

Ready = Callable[[Recording], None]


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                      QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    return printer


def _title(window: QWidget) -> str:
    tabs = window.tabs  # type: ignore[attr-defined]
    return f"{window.document.title} — {tabs.tabText(tabs.currentIndex())}"  # type: ignore[attr-defined]


def printable(window: QWidget) -> bool:
    """Whether the current tab prints (a table, the timeline or the load view)."""
    from effortplanner.gui.load_view import LoadView
    from effortplanner.gui.table_page import TablePage
    from effortplanner.gui.timeline import TimelineView

    return isinstance(window.tabs.currentWidget(), (TablePage, TimelineView, LoadView))  # type: ignore


def prepare_pages(window: QWidget, layout: QPageLayout, resolution: int, ready: Ready,
                  gave_up: Callable[[], None] = lambda: None) -> QObject:
    """Start preparing the current tab's pages for `layout` at `resolution` dpi; `ready(pages)` is
    called when they are, `gave_up()` if the preparation is cancelled, fails or finds nothing to print.
    Each step shows in the status bar with its progress and Cancel. Returns what works on the GUI
    thread (`TableReader` or the timeline's `SlicedRecorder`)."""
    from effortplanner.gui.load_view import LoadView
    from effortplanner.gui.timeline import TimelineView

    widget = window.tabs.currentWidget()  # type: ignore[attr-defined]
    jobs = window.jobs  # type: ignore[attr-defined]
    status = window.statusBar()  # type: ignore[attr-defined]

    def message(text: str) -> None:
        status.showMessage(text, 8000)

    sliced = SlicedWork(jobs, window, "Preparing the pages", "Printing", message, gave_up, widget)
    if isinstance(widget, TimelineView):
        widget.ensure_fresh()

        def recorded(pages: Recording) -> None:
            sliced.end()
            ready(pages)

        recorder = SlicedRecorder(widget, page_recording(widget, layout, resolution), recorded, sliced.progress)
        recorder.start()
        return recorder

    def read(text: TableText) -> None:
        sliced.end()
        start_job(jobs, window, "Laying out the pages",
                  lambda progress, cancelled: table_pages(text, layout, resolution, progress, cancelled),
                  "Printing", ready, message, gave_up=gave_up)

    if not isinstance(widget, LoadView):
        reader = TableReader(widget.view, _title(window), read, sliced.progress)
        reader.start()
        return reader
    shown = [widget.model.result is not None]  # the heatmap is computed off the GUI thread; copied once shown
    reader = TableReader(widget.table, _title(window), read, sliced.progress, lambda: shown[0])

    def answered(reason: str) -> None:
        widget.answered.disconnect(answered)
        if reason:
            reader.cancel()
            sliced.nothing_to_print(f"Nothing to print: {reason}")
        else:
            shown[0] = True

    if not shown[0]:
        widget.answered.connect(answered)
        widget.refresh()
    reader.start()
    return reader


def copied(pages: Recording) -> Recording:
    """The pages with their own copies of the pictures (made on the GUI thread): a picture is played
    through a buffer of its own, so two threads must never play the same one (the preview drawing a
    page while the printer job draws it)."""
    pictures = []
    for picture in pages.pictures:
        copy = QPicture()
        copy.setData(picture.data())
        pictures.append(copy)
    return replace(pages, pictures=pictures)


def _page_key(printer: QPrinter) -> tuple[object, ...]:
    """What the prepared pages depend on: the paper, its orientation, the margins and the resolution."""
    layout = printer.pageLayout()
    return layout.fullRectPoints(), layout.paintRectPixels(printer.resolution()), printer.resolution()


def print_pages(window: QWidget, printer: QPrinter, pages: Recording) -> None:
    """Send prepared pages to the printer in a background job."""
    status = window.statusBar()  # type: ignore[attr-defined]
    start_job(window.jobs, window, f"Printing {printer.docName()}",  # type: ignore[attr-defined]
              lambda progress, cancelled: draw_pages(pages, printer, progress, cancelled), "Printing",
              lambda count: status.showMessage(f"Printed {count} pages", 8000),
              lambda text: status.showMessage(text, 8000))


def print_to(window: QWidget, printer: QPrinter) -> QObject | None:
    """Print the current tab on `printer` (chosen by the user) without blocking the window."""
    if not printable(window):
        return None
    printer.setDocName(_title(window))
    return prepare_pages(window, printer.pageLayout(), printer.resolution(),
                         lambda pages: print_pages(window, printer, pages))


def print_current(window: QWidget) -> None:
    """File › Print…: the system print dialog, then the current tab."""
    if not printable(window):
        return
    printer = new_printer()
    printer.setDocName(_title(window))
    dialog = QPrintDialog(printer, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        print_to(window, printer)


def preview_current(window: QWidget) -> PagePreview | None:
    """File › Print Preview…: the pages of the current tab are prepared in the background (progress
    and Cancel in the status bar), then shown, each drawn as it comes into view; printable from there."""
    if not printable(window):
        return None
    title = _title(window)
    printer = new_printer()
    printer.setDocName(title)
    prepared: list[Recording] = []

    def print_from_preview() -> None:
        if QPrintDialog(printer, dialog).exec() != QDialog.DialogCode.Accepted:
            return
        if _page_key(printer) == key:  # the preview may still be drawing them: the printer gets copies
            print_pages(window, printer, copied(prepared[0]))
        else:  # another paper, orientation or margins: the pages are prepared again
            print_to(window, printer)
        dialog.accept()  # as Qt's preview does once printing

    def ready(pages: Recording) -> None:
        prepared.append(pages)
        dialog.set_pages(pages)
        dialog.open()

    dialog = PagePreview(title, print_from_preview, window)
    key = _page_key(printer)
    prepare_pages(window, printer.pageLayout(), printer.resolution(), ready, dialog.deleteLater)
    return dialog
