"""Timeline export and printing without freezing the window: record on the GUI thread, draw elsewhere.

The scene can only be read on the GUI thread, but what it paints can be recorded into
QPictures there, one band of rows (PNG) or one page (PDF, print) per event-loop turn,
and QPicture, QImage, QPdfWriter and QPrinter may be painted on any thread (Qt's
threading rules). So `Recording.step` records one slice on the GUI thread (a band of
about `SLICE` scene pixels), `SlicedRecorder` runs those steps between events, and
`draw_png` / `draw_pdf` / `draw_pages` rasterise and write in a background job, with
progress and Cancel in the status bar, a slice per Qt call.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QObject, QPointF, QTimer
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPdfWriter, QPicture

from effortplanner.gui import unlocked
from effortplanner.gui.timeline import export

if TYPE_CHECKING:
    from effortplanner.gui.timeline.widget import TimelineView

Slice = Callable[[QPainter], None]  # paints one band, in image or page coordinates
SLICE = 300.0  # scene pixels of rows per slice: recorded, and later drawn, in a few ms each


@dataclass
class Recording:
    """The slices of one export and, once recorded, their pictures (with where each goes).

    Slices are small because every Qt call holds Python's interpreter lock: a worker drawing
    one big picture would stop the GUI thread just as surely as drawing it there."""

    width: int  # PNG: the image's pixels; pages: unused
    height: int
    title: str
    slices: list[tuple[int, int, int, Slice]]  # (page, y offset in the image, height, painter) per slice
    pictures: list[QPicture] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return len(self.pictures) == len(self.slices)

    def step(self) -> None:
        """Record the next slice (on the GUI thread: it reads the scene)."""
        paint = self.slices[len(self.pictures)][3]
        picture = QPicture()
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint(painter)
        painter.end()
        self.pictures.append(picture)


def png_recording(tl: TimelineView, whole: bool) -> Recording:
    """The slices of a PNG: the head (title, legend, calendar header), then bands of rows."""
    x0, x1, y0, y1, ppd = export.extent(tl, whole)
    width = export.NAMES_W + (x1 - x0) * ppd
    head = export._band_height(tl, width) + export.HEADER_H
    height = head + (y1 - y0)
    scale = 1.0 if whole else 2.0
    scale = min(scale, export.MAX_PNG_SIDE / width, export.MAX_PNG_SIDE / height)

    def head_slice(painter: QPainter) -> None:
        painter.scale(scale, scale)
        export.paint_head(painter, tl, x0, x1, y0, ppd)

    def band(a: float, b: float) -> Slice:
        def paint(painter: QPainter) -> None:
            painter.scale(scale, scale)
            export.paint_rows(painter, tl, x0, x1, a, b, ppd, 0.0)
        return paint

    slices: list[tuple[int, int, int, Slice]] = [(0, 0, max(int(round(head * scale)), 1), head_slice)]
    for a, b in export._pages(tl.scene.rows, y0, y1, SLICE):
        slices.append((0, int(round((head + a - y0) * scale)), max(int(round((b - a) * scale)), 1), band(a, b)))
    return Recording(max(int(width * scale), 1), max(int(height * scale), 1), tl.document.title, slices)


def page_recording(tl: TimelineView, layout: QPageLayout, resolution: int, whole: bool = True) -> Recording:
    """The pages of a PDF or a print (`layout` at `resolution` dpi): the rows fitted to the page
    width, split between rows, title, legend and header on every page."""
    x0, x1, y0, y1, ppd = export.extent(tl, whole)
    width = export.NAMES_W + (x1 - x0) * ppd
    page = layout.paintRectPixels(resolution)
    scale = page.width() / width
    head = export._band_height(tl, width) + export.HEADER_H
    room = page.height() / scale - head

    def head_slice(painter: QPainter) -> None:
        painter.scale(scale, scale)
        export.paint_head(painter, tl, x0, x1, y0, ppd)

    def band(a: float, b: float, top: float) -> Slice:
        def paint(painter: QPainter) -> None:
            painter.scale(scale, scale)
            export.paint_rows(painter, tl, x0, x1, a, b, ppd, top)
        return paint

    slices: list[tuple[int, int, int, Slice]] = []
    rows = tl.scene.rows
    tops = [row.y for row in rows]  # in order: the rows are laid out top down
    for k, (a, b) in enumerate(export._pages(rows, y0, y1, max(room, 60.0))):
        slices.append((k, 0, 0, head_slice))  # title, legend and header on every page
        inside = rows[bisect_right(tops, a):bisect_left(tops, b)]  # the rows `_pages` cuts between: a < y < b
        # (all the rows for every page was 250 pages x 10,000 rows on the GUI thread at 50,000 assignments)
        slices.extend((k, 0, 0, band(c, d, head + c - a)) for c, d in export._pages(inside, a, b, SLICE))
    return Recording(page.width(), page.height(), tl.document.title, slices)


PDF_DPI = 150


def pdf_layout() -> QPageLayout:
    """A3 landscape, 10 mm margins: the timeline PDF's pages."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A3), QPageLayout.Orientation.Landscape,
                       QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)


def pdf_recording(tl: TimelineView, whole: bool) -> Recording:
    return page_recording(tl, pdf_layout(), PDF_DPI, whole)


def pdf_writer(path: Path, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setCreator("Effort Planner")
    writer.setTitle(f"{title} — timeline")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(pdf_layout())
    return writer


Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


def _nothing(_fraction: float, _text: str) -> None:
    return None


def _never() -> bool:
    return False


def draw_png(recording: Recording, path: Path, progress: Progress = _nothing, cancelled: Cancelled = _never) -> Path:
    """Rasterise the recorded bands into one image and write it (any thread)."""
    image = QImage(recording.width, recording.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        for k, ((_page, y, h, _paint), picture) in enumerate(zip(recording.slices, recording.pictures)):
            if cancelled():
                raise export.ExportCancelled()
            progress(k / (len(recording.slices) + 1), "drawing")
            # each band on its own tile: painting into one huge image costs a lot per call
            tile = QImage(image.width(), h, image.format())
            tile.fill(QColor("#FFFFFF"))
            tiler = QPainter(tile)
            tiler.scale(picture.logicalDpiX() / tile.logicalDpiX(), picture.logicalDpiY() / tile.logicalDpiY())
            unlocked.draw_picture(tiler, QPointF(0, 0), picture)  # rasterising a band: without the interpreter lock
            tiler.end()
            painter.drawImage(QPointF(0, y), tile)
    finally:
        painter.end()
    progress(len(recording.slices) / (len(recording.slices) + 1), "writing")
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def draw_pages(recording: Recording, device: QPagedPaintDevice, progress: Progress = _nothing,
               cancelled: Cancelled = _never) -> int:
    """Play the recorded pages onto a PDF writer or a printer (any thread); the number of pages."""
    painter = QPainter()
    if not unlocked.begin(painter, device):  # opens the file: without the interpreter lock
        return 0
    shown = 0  # the page being drawn
    pages = recording.slices[-1][0] + 1 if recording.slices else 0
    try:
        for (page, _y, _h, _paint), picture in zip(recording.slices, recording.pictures):
            if cancelled():
                raise export.ExportCancelled()
            progress(page / max(pages, 1), f"page {page + 1} of {pages}")
            if page != shown:
                unlocked.new_page(device)  # writes the page drawn: tens of ms, without the interpreter lock
                shown = page
            painter.save()
            # a QPicture plays back scaled to the device's resolution; the pages were laid out in its pixels
            painter.scale(picture.logicalDpiX() / device.logicalDpiX(), picture.logicalDpiY() / device.logicalDpiY())
            unlocked.draw_picture(painter, QPointF(0, 0), picture)
            painter.restore()
    finally:
        unlocked.end(painter)  # a PDF's tail: ~200 ms at 20,000 assignments
    return pages


def draw_pdf(recording: Recording, path: Path, progress: Progress = _nothing, cancelled: Cancelled = _never) -> Path:
    """Write the recorded pages as the A3 PDF (any thread); nothing is left behind when cancelled."""
    writer = pdf_writer(path, recording.title)
    try:
        pages = draw_pages(recording, writer, progress, cancelled)
    except export.ExportCancelled:
        del writer
        path.unlink(missing_ok=True)
        raise
    del writer  # flushes the file
    if not pages or not path.exists() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")
    return path


class SlicedRecorder(QObject):
    """Records a `Recording` one slice per event-loop turn on the GUI thread (the window keeps
    painting and answering between slices), the timeline's rows held still meanwhile; then calls
    `finished(recording)`. `cancel()` stops it, and so does `progress(done, total)` saying False."""

    def __init__(self, tl: TimelineView, recording: Recording, finished: Callable[[Recording], None],
                 progress: Callable[[int, int], bool] | None = None) -> None:
        super().__init__(tl)
        self.tl, self.recording, self.finished, self.progress = tl, recording, finished, progress
        self.quiet = export._Quiet(tl)
        self.timer = QTimer(self, interval=0)
        self.timer.timeout.connect(self._step)
        self.cancelled = False

    def start(self) -> None:
        self.tl.exporting = self
        self.tl.hold_rows(True)
        self.quiet.__enter__()
        self.timer.start()

    def cancel(self) -> None:
        self.cancelled = True
        self._stop()

    def _stop(self) -> None:
        self.timer.stop()
        self.quiet.__exit__()
        self.tl.hold_rows(False)

    def _step(self) -> None:
        recording = self.recording
        recording.step()
        if self.progress is not None and not self.progress(len(recording.pictures), len(recording.slices)):
            self.cancel()
            return
        if recording.done:
            self._stop()
            self.finished(recording)


def export_in_background(tl: TimelineView, path: Path, kind: str, whole: bool) -> SlicedRecorder:
    """Record the export a slice per event-loop turn, then draw and write it as a background job on
    the timeline's runner (the window's: progress and Cancel in the status bar, for both steps); a
    failure ends in one message."""
    from effortplanner.gui.print_jobs import SlicedWork, start_job

    what = "The timeline export"
    # the job first: while one runs the cycle collector is paused (`jobs._Collector`), and laying out
    # the slices allocates enough to start a collection on the GUI thread (a 107 ms gen-1 pass seen)
    sliced = SlicedWork(tl.jobs, tl, "Preparing the timeline export", what, tl.message.emit)
    try:
        recording = png_recording(tl, whole) if kind == "png" else pdf_recording(tl, whole)
    except BaseException:
        sliced.end()  # the job ends with the failure: the collector is not left paused, nor the job listed
        raise
    draw = draw_png if kind == "png" else draw_pdf

    def finished(done: Recording) -> None:
        sliced.end()
        start_job(tl.jobs, tl, f"Writing {path.name}", lambda progress, cancelled: draw(done, path, progress, cancelled),
                  what, lambda result: tl.message.emit(f"Timeline written to {result}"), tl.message.emit,
                  queue="export")

    recorder = SlicedRecorder(tl, recording, finished, sliced.progress)
    recorder.start()
    return recorder
