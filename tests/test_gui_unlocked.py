"""The long PDF calls made without Python's interpreter lock (gui/unlocked.py): the same file as
PySide's own calls, and another Python thread runs while they draw."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QColor, QPainter, QPdfWriter, QPicture, QTextDocument

from effortplanner.gui import unlocked


def _picture(lines: int) -> QPicture:
    picture = QPicture()
    painter = QPainter(picture)
    painter.setPen(QColor("#4472C4"))
    painter.drawLines([QLineF(i % 500, i % 700, (i * 7) % 500, (i * 3) % 700) for i in range(lines)])
    painter.drawText(QPointF(20, 20), "Effort Planner — timeline")
    painter.end()
    return picture


def _write(path: Path, pictures: list[QPicture], through_ctypes: bool) -> bytes:
    writer = QPdfWriter(str(path))
    painter = QPainter()
    assert unlocked.begin(painter, writer) if through_ctypes else painter.begin(writer)
    for k, picture in enumerate(pictures):
        if k:
            unlocked.new_page(writer) if through_ctypes else writer.newPage()
        if through_ctypes:
            unlocked.draw_picture(painter, QPointF(0, 0), picture)
        else:
            painter.drawPicture(QPointF(0, 0), picture)
    assert unlocked.end(painter) if through_ctypes else painter.end()
    del writer
    return path.read_bytes()


def _comparable(pdf: bytes) -> bytes:
    """A PDF without what differs between any two writes: dates, the document id, font subset tags."""
    pdf = re.sub(rb"\(D:\d+Z\)|\d{4}-\d\d-\d\dT[\d:]+[+-]\d\d:\d\d", b"DATE", pdf)
    pdf = re.sub(rb"/ID \[.*?\]", b"ID", pdf, flags=re.S)
    pdf = re.sub(rb"uuid:[0-9a-f-]+", b"UUID", pdf)
    return re.sub(rb"/[A-Z]{6}\+", b"/TAG+", pdf)


def test_the_pdf_is_the_one_pysides_calls_write(qapp, tmp_path: Path) -> None:
    pictures = [_picture(300), _picture(50), _picture(1000)]
    ours = _write(tmp_path / "ours.pdf", pictures, through_ctypes=True)
    theirs = _write(tmp_path / "theirs.pdf", pictures, through_ctypes=False)
    assert ours.count(b"/Type /Page\n") == 3
    assert _comparable(ours) == _comparable(theirs)


def _turns_while(call) -> int:
    """How many times another Python thread gets round its loop while `call()` runs, with no thread
    made to let go of the interpreter lock (a huge switch interval): only a call that releases the
    lock lets it run."""
    state = {"in_call": False, "done": False}
    turns = [0]

    def other() -> None:  # counts its turns while the call runs
        while not state["done"]:
            if state["in_call"]:
                turns[0] += 1
            time.sleep(0.0001)  # lets go of the lock: the calling thread gets it back at once

    switch = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    thread = threading.Thread(target=other)
    try:
        thread.start()
        time.sleep(0.01)  # the other thread is in its loop
        state["in_call"] = True
        call()
        state["in_call"] = False
    finally:
        state["done"] = True
        sys.setswitchinterval(switch)
        thread.join()
    return turns[0]


def _turns_of_another_thread(draw, tmp_path: Path) -> int:
    """`_turns_while` `draw(painter, point, picture)` plays a long picture."""
    picture = _picture(200_000)  # long to play back
    writer = QPdfWriter(str(tmp_path / "long.pdf"))
    painter = QPainter(writer)
    try:
        return _turns_while(lambda: draw(painter, QPointF(0, 0), picture))
    finally:
        unlocked.end(painter)


def _table(rows: int) -> QTextDocument:
    document = QTextDocument()
    cells = "".join(f"<tr><td>{r}</td><td>Duty {r} of a person</td><td>0.{r % 10}</td></tr>" for r in range(rows))
    document.setHtml(f"<table border=1>{cells}</table>")
    document.setTextWidth(600)
    return document


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the C++ names looked up are Linux's")
def test_a_document_is_laid_out_without_the_lock_as_pyside_lays_it_out(qapp) -> None:
    assert unlocked._function(*unlocked._PAGE_COUNT) is not None
    ours, theirs = _table(3000), _table(3000)
    assert _turns_while(lambda: unlocked.lay_out(ours)) >= 50
    assert unlocked.lay_out(ours) == theirs.pageCount()
    assert ours.size() == theirs.size() and ours.size().height() > 3000 * 10
    layouts = ours.documentLayout(), theirs.documentLayout()
    block, same = ours.begin(), theirs.begin()
    while block.isValid():  # every cell's paragraph sits where PySide's layout puts it
        assert layouts[0].blockBoundingRect(block) == layouts[1].blockBoundingRect(same)
        block, same = block.next(), same.next()
    assert ours.blockCount() >= 9000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the C++ names looked up are Linux's")
def test_on_linux_the_calls_are_found_and_let_another_thread_run(qapp, tmp_path: Path) -> None:
    assert all(unlocked._function(*call) is not None
               for call in (unlocked._BEGIN, unlocked._DEVICE, unlocked._END, unlocked._DRAW_PICTURE, unlocked._PDF_NEW_PAGE, unlocked._PRINTER_NEW_PAGE))
    # PySide's own painter.drawPicture gives it a turn or two at most (when the lock changes hands on
    # entering or leaving the call); without the lock it goes round its loop all along the call
    assert _turns_of_another_thread(unlocked.draw_picture, tmp_path) >= 50


def test_python_subclasses_go_through_pysides_methods(qapp, tmp_path: Path) -> None:
    """A subclass may override the method: the C++ function would skip the override."""
    played: list[QPicture] = []

    class Recording(QPainter):
        def drawPicture(self, point, picture) -> None:  # noqa: N802 - Qt's name
            played.append(picture)
            super().drawPicture(point, picture)

    writer = QPdfWriter(str(tmp_path / "sub.pdf"))
    painter = Recording(writer)
    picture = _picture(10)
    unlocked.draw_picture(painter, QPointF(0, 0), picture)
    assert played == [picture] and unlocked.end(painter)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the C++ names looked up are Linux's")
def test_a_pdf_writer_opens_its_file_without_the_lock(qapp, tmp_path: Path) -> None:
    """Opening a pipe for writing waits until someone opens it for reading: a begin that held the lock
    would wait for ever for the Python thread below (here, 10 s for the shell's reader instead)."""
    fifo = tmp_path / "timeline.pdf"
    os.mkfifo(fifo)
    fallback = subprocess.Popen(["sh", "-c", f"sleep 10; exec cat '{fifo}' > /dev/null"])
    calling, read = threading.Event(), []

    def reader() -> None:  # opens the pipe once the writer's begin has been called
        calling.wait()
        with open(fifo, "rb") as pipe:
            read.append(time.perf_counter())
            while pipe.read(65536):
                pass

    thread = threading.Thread(target=reader)
    thread.start()
    writer = QPdfWriter(str(fifo))
    painter = QPainter()
    try:
        calling.set()
        t0 = time.perf_counter()
        assert unlocked.begin(painter, writer)
        returned = time.perf_counter()
        assert painter.device() is writer
        painter.drawText(QPointF(20, 20), "Effort Planner")
        assert unlocked.end(painter)
        del writer
    finally:
        thread.join(15)
        fallback.kill()
        fallback.wait()
    assert read and t0 <= read[0] <= returned  # the Python reader ran while begin waited in it
    assert returned - t0 < 5
