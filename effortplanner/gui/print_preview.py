"""Print Preview of prepared pages, each page drawn into an image in the background as it comes into view.

Qt's own preview dialog asks for every page in one `paintRequested` call on the GUI thread:
playing 2,600 recorded table pages back there froze the window for over a minute at 20,000
assignments. Here the dialog only knows how many pages there are and how big; a page is
rasterised (its recorded pictures played onto a QImage, which Qt allows off the GUI thread)
in a small background job when it is scrolled into view, and a few dozen images are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPicture, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QToolBar, QVBoxLayout, QWidget

from effortplanner.gui import unlocked
from effortplanner.gui.jobs import Job, JobRunner
from effortplanner.gui.timeline.recording import Recording
from effortplanner.gui.words import count

GAP = 16  # pixels between pages
KEEP = 40  # page images kept


_runner: JobRunner | None = None


def page_runner() -> JobRunner:
    """The runner of the page-drawing jobs: one that lives as long as the application, since a job
    may still be drawing when its preview is closed and deleted (it hands its image to nobody then)."""
    global _runner
    if _runner is None:
        _runner = JobRunner()
    return _runner


def page_pictures(pages: Recording) -> list[list[QPicture]]:
    """The pictures of each page, in drawing order."""
    count = pages.slices[-1][0] + 1 if pages.slices else 0
    out: list[list[QPicture]] = [[] for _ in range(count)]
    for (page, _y, _h, _paint), picture in zip(pages.slices, pages.pictures):
        out[page].append(picture)
    return out


def page_image(pictures: list[QPicture], page_width: int, width: int, height: int) -> QImage:
    """One page drawn at `width` x `height` pixels (any thread)."""
    image = QImage(max(width, 1), max(height, 1), QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(width / max(page_width, 1), width / max(page_width, 1))
    for picture in pictures:
        painter.save()
        painter.scale(picture.logicalDpiX() / image.logicalDpiX(), picture.logicalDpiY() / image.logicalDpiY())
        unlocked.draw_picture(painter, QPointF(0, 0), picture)  # a band of rows: without the interpreter lock
        painter.restore()
    painter.end()
    return image


class PageStrip(QWidget):
    """The pages one under the other at the strip's width; each drawn when it is first seen."""

    def __init__(self, pages: Recording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.pictures = page_pictures(pages)
        self.images: OrderedDict[tuple[int, int], QImage] = OrderedDict()  # (page, width) -> image
        self.asked: set[tuple[int, int]] = set()
        self.jobs = page_runner()
        self.gone = threading.Event()  # set when the strip is deleted: its pages still queued are not drawn
        self.destroyed.connect(self.gone.set)
        self.page_width = 600

    @property
    def count(self) -> int:
        return len(self.pictures)

    def page_height(self) -> int:
        return round(self.page_width * self.pages.height / max(self.pages.width, 1))

    def set_page_width(self, width: int) -> None:
        self.page_width = max(width, 100)
        self.setFixedSize(self.page_width + 2 * GAP, self.count * (self.page_height() + GAP) + GAP)
        self.update()

    def page_rect(self, page: int) -> QRect:
        return QRect(GAP, GAP + page * (self.page_height() + GAP), self.page_width, self.page_height())

    def visible_pages(self) -> range:
        area = self.visibleRegion().boundingRect()
        step = self.page_height() + GAP
        first = max((area.top() - GAP) // step, 0)
        last = min((area.bottom() - GAP) // step, self.count - 1)
        return range(first, last + 1)

    def waiting(self) -> bool:
        """Whether a page in view is still being drawn."""
        return any((page, self.page_width) not in self.images for page in self.visible_pages())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#A0A0A8"))
        for page in self.visible_pages():
            rect = self.page_rect(page)
            image = self.images.get((page, self.page_width))
            if image is not None:
                painter.drawImage(rect.topLeft(), image)
                continue
            painter.fillRect(rect, QColor("#FFFFFF"))
            painter.setPen(QColor("#808080"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"page {page + 1}…")
            self._ask(page)
        painter.end()

    def _ask(self, page: int) -> None:
        key = (page, self.page_width)
        if key in self.asked:
            return
        self.asked.add(key)
        pictures, page_width, width, height = self.pictures[page], self.pages.width, self.page_width, self.page_height()
        gone = self.gone

        def drawn(image: QImage) -> None:
            if not shiboken6.isValid(self):
                return  # the preview was closed while the page was drawn
            self.asked.discard(key)
            self._keep(key, image)

        def failed(_error: BaseException) -> None:
            if shiboken6.isValid(self):
                self.asked.discard(key)

        self.jobs.start(Job(f"Drawing page {page + 1}",
                            lambda _p, _c: None if gone.is_set() else page_image(pictures, page_width, width, height),
                            drawn, failed, queue="page"))

    def _keep(self, key: tuple[int, int], image: QImage) -> None:
        """Keep a drawn page (the last `KEEP` of them) and show it."""
        self.images[key] = image
        while len(self.images) > KEEP:
            self.images.popitem(last=False)
        self.update(self.page_rect(key[0]))


class PagePreview(QDialog):
    """File › Print Preview…: the prepared pages, scrollable and zoomable, and Print… from here."""

    def __init__(self, title: str, print_pages: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its pages go with it
        self.setWindowTitle(f"Print Preview — {title}")
        self.strip: PageStrip | None = None
        self.scroll = QScrollArea()
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setBackgroundRole(self.scroll.backgroundRole())
        self.zoom = 1.0
        bar = QToolBar()
        bar.addAction("Fit width", self.fit_width)
        bar.addAction("Zoom in", lambda: self.set_zoom(self.zoom * 1.25))
        bar.addAction("Zoom out", lambda: self.set_zoom(self.zoom / 1.25))
        bar.addSeparator()
        bar.addAction("Print…", print_pages)
        self.count = QLabel()
        bar.addSeparator()
        bar.addWidget(self.count)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(bar)
        box.addWidget(self.scroll, 1)
        self.resize(1100, 800)

    def set_pages(self, pages: Recording) -> None:
        self.strip = PageStrip(pages)
        self.scroll.setWidget(self.strip)
        self.count.setText(count(self.strip.count, "page"))
        self.fit_width()

    def page_count(self) -> int:
        return self.strip.count if self.strip is not None else 0

    def settled(self) -> bool:
        """Shown, with the pages in view drawn (tests, the benchmark)."""
        return self.isVisible() and self.strip is not None and not self.strip.waiting() and not self.strip.jobs.busy()

    def fit_width(self) -> None:
        self.set_zoom(1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.set_zoom(self.zoom)  # the pages follow the window's width

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.set_zoom(self.zoom)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, 0.2), 5.0)
        if self.strip is not None:
            room = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width() - 2 * GAP - 4
            self.strip.set_page_width(int(room * self.zoom))
