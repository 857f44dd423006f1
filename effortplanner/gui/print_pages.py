"""A table view as printed pages, laid out and drawn off the GUI thread.

A view's model can only be read on the GUI thread, so `TableReader` copies the texts and
colours of the rows and columns shown, for up to 15 ms per event-loop turn (the window
keeps painting between turns). `table_pages` then lays the copy out as HTML tables in a
background job, one page at a time: every page is a small QTextDocument (header row, then
as many rows as fit), recorded into a QPicture in the printer's pixels. QTextDocument is
reentrant and QPainter may paint QPictures and printers outside the GUI thread (Qt's
"Threads and rich text processing", "Painting in threads"); each Qt call holds Python's
interpreter lock, which is why a page, never the whole table, is one call (and the page's layout,
the longest of them, is made without it: `unlocked.lay_out`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QPageLayout, QPainter, QPicture, QTextDocument, QTextTable
from PySide6.QtWidgets import QTableView

from effortplanner.gui import unlocked
from effortplanner.gui.timeline.export import ExportCancelled
from effortplanner.gui.timeline.recording import Cancelled, Progress, Recording

BACKGROUND = Qt.ItemDataRole.BackgroundRole
STYLE = "body, td, th { font-size: 7pt; } th { text-align: left; }"
ROWS_PER_TURN = 500  # at most so many rows of a view copied per event-loop turn,
TURN_SECONDS = 0.015  # and for no longer than this
HEAD_COLOUR = "#DDE4EE"


@dataclass
class TableText:
    """What a view shows, copied off its model: the header, then per row its label (the vertical
    header, when the view has one) and its cells as (text, background colour name or "")."""

    title: str
    head: list[str]
    labelled: bool
    rows: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # per column (the label first), percent of the page

    def columns(self) -> list[list[str]]:
        """Each column's texts (the label first, when there is one)."""
        out = [[label for label, _cells in self.rows]] if self.labelled else []
        return out + [[cells[c][0] for _label, cells in self.rows] for c in range(len(self.head))]

    def _width(self, column: int) -> str:
        return f' width="{self.widths[column]:.2f}%"' if column < len(self.widths) else ""

    def head_html(self) -> str:
        shift = 1 if self.labelled else 0
        corner = f"<th{self._width(0)}></th>" if self.labelled else ""
        cells = "".join(f"<th{self._width(c + shift)}>{escape(text)}</th>" for c, text in enumerate(self.head))
        return f"<thead><tr bgcolor='{HEAD_COLOUR}'>{corner}{cells}</tr></thead>"

    def row_html(self, row: int) -> str:
        label, cells = self.rows[row]
        first = f"<th align=left>{escape(label)}</th>" if self.labelled else ""
        return "<tr>" + first + "".join(f"<td{f' bgcolor={chr(34)}{c}{chr(34)}' if c else ''}>{escape(t)}</td>"
                                        for t, c in cells) + "</tr>"

    def html(self, rows: Iterable[int] | None = None, title: bool = True) -> str:
        """The rows (all by default) as one HTML table, under the title."""
        body = "".join(self.row_html(r) for r in (rows if rows is not None else range(len(self.rows))))
        heading = f"<h3>{escape(self.title)}</h3>" if title else ""
        return (f"{heading}<table border=1 cellspacing=0 cellpadding=2 width=100%>"
                f"{self.head_html()}<tbody>{body}</tbody></table>")


def _text(value: object) -> str:
    return "" if value is None else str(value)


class TableReader(QObject):
    """Copies what a view shows into a `TableText`, `ROWS_PER_TURN` rows per event-loop turn, then
    calls `finished(text)`. `ready()` is asked first: the copy starts once it says yes (a view
    whose content is still being computed). `cancel()` stops it, and so does `progress(done, total)`
    saying False."""

    def __init__(self, view: QTableView, title: str, finished: Callable[[TableText], None],
                 progress: Callable[[int, int], bool] | None = None, ready: Callable[[], bool] = lambda: True
                 ) -> None:
        super().__init__(view)
        self.view, self.title, self.finished, self.progress, self.ready = view, title, finished, progress, ready
        self.text: TableText | None = None
        self.shown: list[int] = []
        self.next = 0  # the position in `shown` of the next row to copy
        self.columns: list[int] = []
        self.timer = QTimer(self, interval=0)
        self.timer.timeout.connect(self._step)

    def start(self) -> None:
        self.timer.start()

    def cancel(self) -> None:
        self.timer.stop()

    def _begin(self) -> TableText:
        view, model = self.view, self.view.model()
        self.columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
        self.shown = [r for r in range(model.rowCount()) if not view.isRowHidden(r)]
        head = [_text(model.headerData(c, Qt.Orientation.Horizontal)) for c in self.columns]
        labelled = any(isinstance(model.headerData(r, Qt.Orientation.Vertical), str) for r in self.shown[:5])
        return TableText(self.title, head, labelled)

    def _step(self) -> None:
        if self.text is None:
            if not self.ready():
                self.timer.setInterval(50)
                return
            self.timer.setInterval(0)
            self.text = self._begin()
        text, model = self.text, self.view.model()
        rows, began, stop = model.rowCount(), time.perf_counter(), min(self.next + ROWS_PER_TURN, len(self.shown))
        while self.next < stop and time.perf_counter() - began < TURN_SECONDS:
            r = self.shown[self.next]
            self.next += 1
            if r >= rows:  # rows went while copying (an edit): the rest is copied as it is now
                continue
            label = _text(model.headerData(r, Qt.Orientation.Vertical)) if text.labelled else ""
            cells = []
            for c in self.columns:
                index = model.index(r, c)
                brush = model.data(index, BACKGROUND)
                cells.append((_text(model.data(index)), brush.color().name() if hasattr(brush, "color") else ""))
            text.rows.append((label, cells))
        if self.progress is not None and not self.progress(self.next, len(self.shown)):
            self.cancel()
            return
        if self.next >= len(self.shown):
            self.timer.stop()
            self.finished(text)


def _document(html: str, width: float) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet(STYLE)
    document.setHtml(html)
    document.setTextWidth(width)
    return document


def _row_tops(document: QTextDocument) -> list[float]:
    """Where each row of the document's table starts (its first cell's first line), and where the
    table ends, in document units."""
    frames = document.rootFrame().childFrames()
    table = next((f for f in frames if isinstance(f, QTextTable)), None)
    unlocked.lay_out(document)  # tens of ms a page: without the interpreter lock (the rest reads the layout)
    if table is None:
        return [0.0, document.size().height()]
    layout: QAbstractTextDocumentLayout = document.documentLayout()
    tops = [layout.blockBoundingRect(table.cellAt(r, 0).firstCursorPosition().block()).top()
            for r in range(table.rows())]
    return tops + [layout.frameBoundingRect(table).bottom()]


def column_widths(text: TableText, width: float) -> list[float]:
    """The widths (percent) Qt gives the columns of the whole table, which every page then uses
    (each page is laid out on its own). Qt sizes a column by its widest unbreakable word and its
    widest text, so a table of the rows holding those, two per column, gets the same widths."""
    picks: set[int] = set()
    for texts in text.columns():
        if texts:
            picks.add(max(range(len(texts)), key=lambda r: len(texts[r])))
            picks.add(max(range(len(texts)), key=lambda r: max(map(len, texts[r].split()), default=0)))
    document = _document(text.html(sorted(picks), title=False), width)
    table = next((f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)), None)
    if table is None:
        return []
    layout = document.documentLayout()
    edges = [layout.blockBoundingRect(table.cellAt(0, c).firstCursorPosition().block()).left()
             for c in range(table.columns())] + [layout.frameBoundingRect(table).right()]
    spans = [b - a for a, b in zip(edges, edges[1:])]
    return [100 * s / sum(spans) for s in spans]


PAD = 3.0  # a cell's padding and border above its first line
BAND_ROWS = 8  # rows recorded per picture: a picture is played back in one Qt call


def _bands(tops: list[float], fits: int, bottom: float) -> list[tuple[float, float]]:
    """The page cut at row boundaries into bands of `BAND_ROWS` rows (the first with the title and header)."""
    cuts = [tops[1 + k] - PAD for k in range(BAND_ROWS, fits, BAND_ROWS)]
    edges = [0.0, *cuts, bottom]
    return list(zip(edges, edges[1:]))


def _record(document: QTextDocument, scale: float, width: float, top: float, bottom: float) -> QPicture:
    picture = QPicture()
    painter = QPainter(picture)
    painter.scale(scale, scale)
    document.drawContents(painter, QRectF(QPointF(0, top), QPointF(width, bottom + 1)))
    painter.end()
    return picture


def table_pages(text: TableText, layout: QPageLayout, resolution: int, progress: Progress,
                cancelled: Cancelled) -> Recording:
    """The table as pages of `layout` at `resolution` dpi (any thread): each page the header row and
    the rows that fit below it, the title over the first; a row taller than a page is cut. Each page
    is a small document of its own, recorded in bands of rows, so that no Qt call takes long."""
    page = layout.paintRectPixels(resolution)
    points = layout.paintRect(QPageLayout.Unit.Point)
    width, height = points.width(), points.height()  # the document's units, scaled to the page's pixels
    scale = page.width() / width
    text.widths = column_widths(text, width)
    slices: list[tuple[int, int, int, object]] = []
    pictures: list[QPicture] = []
    first, guess, total, count = 0, 20, len(text.rows), 0
    while first < total or not count:
        if cancelled():
            raise ExportCancelled()
        progress(first / max(total, 1), f"page {count + 1}")
        take = min(total - first, guess + max(guess // 4, 3))
        while True:
            document = _document(text.html(range(first, first + take), title=not count), width)
            tops = _row_tops(document)  # the header row, then the rows taken, then the table's end
            fits = sum(1 for top in tops[2:] if top - PAD <= height)
            if fits < take or first + take >= total:
                break
            take = min(total - first, take * 2)  # all fitted with room to spare: take more
        fits = max(fits, 1) if take else 0
        bottom = min(tops[fits + 1] - (PAD if fits < take else 0.0), height)
        for top, end in _bands(tops, fits, bottom):
            slices.append((count, 0, 0, _played))
            pictures.append(_record(document, scale, width, top, end))
        count += 1
        first += fits
        guess = max(fits, 1)
    return Recording(page.width(), page.height(), text.title, slices, pictures)  # type: ignore[arg-type]


def _played(_painter: QPainter) -> None:
    """The pages of a table are recorded in the background job, not sliced on the GUI thread."""
