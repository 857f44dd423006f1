"""A few long Qt drawing calls made without holding Python's interpreter lock.

PySide keeps the interpreter lock for the whole of every Qt call. Writing a PDF in a background
job, four calls can take long (and laying out a printed table's page, a fifth: `lay_out`):
`QPainter.begin()` opens (creates or truncates) the file, `QPdfWriter.newPage()` compresses and
writes the page just drawn,
`QPainter.end()` writes the document's tail (fonts, and a cross-reference entry for each of the
~180,000 objects of the 20,000-assignment timeline: about 200 ms), and `drawPicture` plays a
recorded band. Held that long, the lock stops the GUI thread: the window froze 100-140 ms at a
time. Called through ctypes (which lets go of the lock around a foreign call) they are the same
C++ functions on the same objects, so the file is the same, and the GUI thread can take the lock
while they run.

Where the Qt library or its symbol cannot be found (another platform's library name, another
compiler's name mangling), the PySide method is called instead: the same result, the lock held.
Only the Qt libraries PySide has loaded are used (opened with RTLD_NOLOAD: never a second Qt found
elsewhere on the system). Python subclasses (a QPainter or QPicture subclassed in Python, a
QPdfWriter or QPrinter subclass) also go through PySide's method, which knows about their overrides.

Only objects no other thread uses may be passed (a job's own painter, writer and pictures). In
particular a QPicture must never be played by two threads at once (playing it moves its shared
buffer's read position): print-from-preview plays copies (`printing.copied()`).
"""

from __future__ import annotations

import ctypes
import importlib
import os
import sys
from collections.abc import Callable
from functools import cache

import shiboken6
from PySide6.QtCore import QBuffer, QIODevice, QPointF
from PySide6.QtGui import QPagedPaintDevice, QPainter, QPdfWriter, QPicture, QTextDocument

# (library, C++ symbol) per call: Linux names (the Itanium C++ ABI's); the module that makes PySide load each
_LIBRARIES = {"gui": "libQt6Gui.so.6", "print": "libQt6PrintSupport.so.6"}
_MODULES = {"gui": "PySide6.QtGui", "print": "PySide6.QtPrintSupport"}
_BEGIN = ("gui", "_ZN8QPainter5beginEP12QPaintDevice")
_DEVICE = ("gui", "_ZNK8QPainter6deviceEv")
_END = ("gui", "_ZN8QPainter3endEv")
_DRAW_PICTURE = ("gui", "_ZN8QPainter11drawPictureERK7QPointFRK8QPicture")
_PDF_NEW_PAGE = ("gui", "_ZN10QPdfWriter7newPageEv")
_PRINTER_NEW_PAGE = ("print", "_ZN8QPrinter7newPageEv")
_PAGE_COUNT = ("gui", "_ZNK13QTextDocument9pageCountEv")  # lays the whole document out first


def _function(library: str, symbol: str) -> Callable[..., object] | None:
    """The C++ function, callable with the lock released (ctypes.CDLL); None where it is not found."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        importlib.import_module(_MODULES[library])  # PySide's binding loads its Qt library
    except ImportError:
        return None  # not kept: a later call may find it
    return _found(library, symbol)


@cache
def _found(library: str, symbol: str) -> Callable[..., object] | None:
    """`_function` once the library is loaded (kept: the answer no longer changes)."""
    try:  # only the library already loaded (PySide's): never a second Qt found on the system
        function = getattr(ctypes.CDLL(_LIBRARIES[library], mode=os.RTLD_NOLOAD | os.RTLD_LAZY), symbol)
    except (OSError, AttributeError):
        return None
    arguments = 3 if symbol == _DRAW_PICTURE[1] else 2 if symbol == _BEGIN[1] else 1
    function.restype = {_DRAW_PICTURE[1]: None, _PAGE_COUNT[1]: ctypes.c_int,
                        _DEVICE[1]: ctypes.c_void_p}.get(symbol, ctypes.c_bool)
    function.argtypes = [ctypes.c_void_p] * arguments
    return function  # type: ignore[no-any-return]


def _address(wrapped: object) -> int:
    return int(shiboken6.getCppPointer(wrapped)[0])


def begin(painter: QPainter, device: QPagedPaintDevice) -> bool:
    """`painter.begin(device)`; without the lock for a PDF writer, whose begin opens (creates,
    truncates) the file and writes its header: usually under a millisecond, but once seen to take
    369 ms at 50,000 assignments, the window standing still as long (the last long call the PDF
    job made with the lock held). Other devices (a printer) go through PySide's method."""
    function = _function(*_BEGIN) if type(painter) is QPainter and type(device) is QPdfWriter else None
    offset = _paint_device_offset() if function is not None else None
    if function is None or offset is None:
        return painter.begin(device)
    return bool(function(_address(painter), _address(device) + offset))


@cache
def _paint_device_offset() -> int | None:
    """Where a QPdfWriter's QPaintDevice part starts in it (after its QObject part: C++ multiple
    inheritance), as C++ casts it: read back from a painter PySide began on a writer to memory."""
    device = _function(*_DEVICE)
    if device is None:
        return None
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    painter = QPainter(writer)
    try:
        begun = device(_address(painter))
        return int(begun) - _address(writer) if begun else None
    finally:
        painter.end()


def end(painter: QPainter) -> bool:
    """`painter.end()`."""
    function = _function(*_END) if type(painter) is QPainter else None
    return bool(function(_address(painter))) if function is not None else painter.end()


def draw_picture(painter: QPainter, point: QPointF, picture: QPicture) -> None:
    """`painter.drawPicture(point, picture)`."""
    plain = type(painter) is QPainter and type(point) is QPointF and type(picture) is QPicture
    function = _function(*_DRAW_PICTURE) if plain else None
    if function is None:
        painter.drawPicture(point, picture)
    else:
        function(_address(painter), _address(point), _address(picture))


def lay_out(document: QTextDocument) -> int:
    """`document.pageCount()`: the document laid out (what its first size or position asked for
    does), e.g. a printed table's page, tens of ms."""
    function = _function(*_PAGE_COUNT) if type(document) is QTextDocument else None
    return int(function(_address(document))) if function is not None else document.pageCount()


def new_page(device: QPagedPaintDevice) -> bool:
    """`device.newPage()` of a PDF writer or a printer."""
    from PySide6.QtPrintSupport import QPrinter

    call = _PDF_NEW_PAGE if type(device) is QPdfWriter else _PRINTER_NEW_PAGE if type(device) is QPrinter else None
    function = _function(*call) if call is not None else None
    return bool(function(_address(device))) if function is not None else device.newPage()
