"""The timeline as PNG and PDF for the review package: the whole plan or the range in view.

A page is a title line, the legend, the calendar header, the names column and the
scene, painted by the same functions as the screen. The PDF is A3 landscape, split
between rows, with the header repeated on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton

from effortplanner.gui.timeline import layout
from effortplanner.gui.timeline.legend import LINE_H, legend_layout, paint_legend
from effortplanner.gui.timeline.palette import MUTED, TEXT, pixel_font
from effortplanner.gui.timeline.rulers import HEADER_H, NAMES_W, Frame, paint_corner, paint_header, paint_names

if TYPE_CHECKING:
    from effortplanner.gui.timeline.recording import Recording
    from effortplanner.gui.timeline.widget import TimelineView

TITLE_H = 24
MAX_PNG_SIDE = 30000
WHOLE_MIN_W, WHOLE_MAX_W = 1600.0, 5000.0  # pixels the time axis gets in a whole-plan export


def extent(tl: TimelineView, whole: bool) -> tuple[float, float, float, float, float]:
    """Scene x0, x1, y0, y1 and the pixels per day to draw them at."""
    scene = tl.scene
    data = scene.data
    assert data is not None
    if whole:
        x0, x1 = 0.0, float(data.days)
        ppd = min(max(tl.view.ppd, WHOLE_MIN_W / (x1 - x0)), WHOLE_MAX_W / (x1 - x0))
        return x0, x1, 0.0, max(layout.total_height(scene.rows), 1.0), ppd
    x0, x1, y0, y1 = tl.view.visible_span()
    height = layout.total_height(scene.rows)
    return max(x0, 0.0), min(x1, float(data.days)), max(y0, 0.0), max(min(y1, height), y0 + 1), tl.view.ppd


def _band_height(tl: TimelineView, width: float) -> float:
    scene = tl.scene
    entries = legend_layout(width - 16, scene.palette, scene.data.vos)  # type: ignore[union-attr]
    return TITLE_H + (entries[-1][1] + LINE_H if entries else 0) + 6


def paint_head(painter: QPainter, tl: TimelineView, x0: float, x1: float, y0: float, ppd: float) -> float:
    """Title, legend, corner and calendar header over scene x [x0, x1]; returns their height."""
    scene = tl.scene
    data = scene.data
    assert data is not None
    body_w = (x1 - x0) * ppd
    width = NAMES_W + body_w
    band = _band_height(tl, width)
    painter.fillRect(QRectF(0, 0, width, band + HEADER_H), QColor("#FFFFFF"))
    painter.setFont(pixel_font(14, bold=True))
    painter.setPen(TEXT)
    painter.drawText(QRectF(8, 0, width - 16, TITLE_H), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     f"{tl.document.title} — timeline")
    painter.setFont(pixel_font(11))
    painter.setPen(MUTED)
    painter.drawText(QRectF(8, 0, width - 16, TITLE_H), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     f"as of {data.as_of.isoformat()} · horizon {data.horizon.isoformat()} · "
                     f"exported {date.today().isoformat()}")
    paint_legend(painter, width - 16, scene.palette, data.vos, 8, TITLE_H)
    painter.save()
    painter.translate(NAMES_W, band)
    painter.setClipRect(QRectF(0, 0, body_w, HEADER_H))
    paint_header(painter, body_w, data, Frame(x0, y0, ppd))
    painter.restore()
    painter.save()
    painter.translate(0, band)
    paint_corner(painter, NAMES_W, data)
    painter.restore()
    return band + HEADER_H


def paint_rows(painter: QPainter, tl: TimelineView, x0: float, x1: float, y0: float, y1: float, ppd: float,
               top: float) -> None:
    """Names and timeline of scene [x0, x1] x [y0, y1], painted from y `top` down."""
    scene = tl.scene
    body_w = (x1 - x0) * ppd
    painter.save()
    painter.translate(0, top)
    painter.setClipRect(QRectF(0, 0, NAMES_W, y1 - y0))
    paint_names(painter, y1 - y0, scene.rows, scene.row_ys, scene.data, Frame(x0, y0, ppd))
    painter.restore()
    painter.save()
    target = QRectF(NAMES_W, top, body_w, y1 - y0)
    painter.setClipRect(target)  # the overlay layer paints only what the clip lets through
    scene.render(painter, target, QRectF(x0, y0, x1 - x0, y1 - y0), Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.restore()




class ExportCancelled(Exception):
    """The user stopped an export; nothing was written."""


Progress = Callable[[int, int], bool]  # (done, total) -> go on?


class _Quiet:
    """Leave selection outlines, the flag highlight and the drop target out of an export."""

    def __init__(self, tl: TimelineView) -> None:
        self.scene = tl.scene

    def __enter__(self) -> None:
        self.selected = list(self.scene.selected)
        self.highlight = self.scene.highlight.isVisible()
        self.scene.select([])
        self.scene.highlight.hide()
        self.scene.target.hide()

    def __exit__(self, *exc: object) -> None:
        self.scene.select(self.selected)
        self.scene.highlight.setVisible(self.highlight)


def write_png(tl: TimelineView, path: Path, whole: bool = True, progress: Progress | None = None) -> Path:
    """The timeline as a PNG, here and now (`recording` does it without blocking the window)."""
    from effortplanner.gui.timeline.recording import draw_png, png_recording

    return draw_png(_recorded(tl, png_recording(tl, whole), progress), path)


def _recorded(tl: TimelineView, recording: Recording, progress: Progress | None) -> Recording:
    with _Quiet(tl):
        while not recording.done:
            if progress is not None and not progress(len(recording.pictures), len(recording.slices)):
                raise ExportCancelled()
            recording.step()
    return recording


def _pages(rows: list[layout.Row], y0: float, y1: float, room: float) -> list[tuple[float, float]]:
    """Split [y0, y1] into page spans of at most `room`, between rows where possible."""
    spans, start = [], y0
    for row in rows:
        if row.y <= start or row.y >= y1:
            continue
        if row.y + row.height - start > room:
            spans.append((start, row.y))
            start = row.y
    while y1 - start > room:  # one row taller than a page
        spans.append((start, start + room))
        start += room
    spans.append((start, y1))
    return spans


def write_pdf(tl: TimelineView, path: Path, whole: bool = True, progress: Progress | None = None) -> Path:
    """The timeline as an A3 landscape PDF, split between rows, the header on every page, here and now."""
    from effortplanner.gui.timeline.recording import draw_pdf, pdf_recording

    return draw_pdf(_recorded(tl, pdf_recording(tl, whole), progress), path)


class ExportActions:
    """The timeline tab's exports (mixed into `TimelineView`): here and now, or from its menu."""

    def export_png(self: TimelineView, path: str | Path, whole: bool = True, progress: Progress | None = None
                   ) -> Path:
        self.ensure_fresh()
        return write_png(self, Path(path), whole, progress)

    def export_pdf(self: TimelineView, path: str | Path, whole: bool = True, progress: Progress | None = None
                   ) -> Path:
        self.ensure_fresh()
        return write_pdf(self, Path(path), whole, progress)

    def export_dialog(self: TimelineView, kind: str, whole: bool) -> None:
        """Ask where, then record a slice per event-loop turn and write in the background."""
        export_dialog(self, kind, whole)


def export_button(tl: TimelineView) -> QToolButton:
    """The toolbar's Export menu: PNG or PDF, of the whole plan or the range in view."""
    button = QToolButton(text="Export", popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for text, kind, whole in (("PNG — whole plan…", "png", True), ("PNG — visible range…", "png", False),
                              ("PDF — whole plan…", "pdf", True), ("PDF — visible range…", "pdf", False)):
        action = menu.addAction(text)
        action.triggered.connect(lambda _c=False, k=kind, w=whole: tl.export_dialog(k, w))
    button.setMenu(menu)
    return button


def export_dialog(tl: TimelineView, kind: str, whole: bool) -> None:
    """Ask where, then record the pages a slice per event-loop turn and write them in the background."""
    if tl.scene.data is None:  # a large plan's first rows are still being computed
        tl.message.emit("The timeline is still being computed: export it once it shows.")
        return
    suffix = ".png" if kind == "png" else ".pdf"
    name = (tl.document.path.stem if tl.document.path else "plan") + "-timeline" + suffix
    path, _ = QFileDialog.getSaveFileName(tl, "Export the timeline", name,
                                          "PNG image (*.png)" if kind == "png" else "PDF document (*.pdf)")
    if not path:
        return
    if not path.lower().endswith(suffix):
        path += suffix
    from effortplanner.gui.timeline.recording import export_in_background

    export_in_background(tl, Path(path), kind, whole)
