"""Qt's print support mapped into the process off the GUI thread, before the first Print….

The first QPrinter of a process loads Qt's print support plugin for the platform: on Linux the CUPS
one, and with it libcups and some forty libraries under it (GnuTLS, Kerberos, Avahi, D-Bus,
p11-kit…), each mapped, relocated and initialised (Qt's print support library among them). That ran
on the GUI thread on the user's first Print… or Print Preview…,
holding the interpreter lock: 5 ms on an idle machine, 130-1,200 ms on a busy one (print_bench's
Assignments Print… to PDF; native stacks showed `dlopen` under `QPrinter::QPrinter` →
`QPlatformPrinterSupportPlugin::get`, with no print job running yet).

`preload()` maps those libraries in a background thread through ctypes, which lets go of the
interpreter lock around `dlopen`. The loads Qt and Python make later find them mapped (the dynamic
loader knows a library by its file, whatever the path says) and only count a reference. Nothing of
Qt runs in that thread: the plugin's instance is still made by Qt on the first QPrinter (its plugin
registry is not safe to fill from two threads); the thread does only what the loader would do on
the GUI thread anyway. The libraries are opened with the flags their later loader uses (Qt's for
its plugins), so the later load has nothing left to resolve. PySide's own print support module is
not preloaded: a Python extension is loaded by the import system, with the interpreter lock held
by its loader, and its own file is small once Qt's library under it is mapped.

Linux only (elsewhere nothing is done: other loaders are not known to behave so). A library that
cannot be loaded is skipped: Qt then loads it, or fails, as before.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer

# As soon as the window's event loop runs: while the window starts, not while the user works. The
# loads hold the dynamic loader's lock (~40 libraries): a GUI thread that needs the loader meanwhile
# (importing a module with an extension, Qt loading a plugin) waits. Started 2 s in, it landed in
# gui_bench's review export (the dialog's first import): 132-183 ms blocks, 20 ms without it.
PRELOAD_AFTER_MS = 0
_PLUGIN_FLAGS = getattr(os, "RTLD_LAZY", 1) | getattr(os, "RTLD_LOCAL", 0) | getattr(os, "RTLD_NODELETE", 0)
_started: threading.Thread | None = None


def libraries() -> list[tuple[str, int]]:
    """(path, dlopen flags) of what the first print loads: Qt's print support plugins (where Qt
    looks for them: `QCoreApplication.libraryPaths()`), and through them Qt's print support library."""
    out = []
    for folder in QCoreApplication.libraryPaths():
        out.extend((str(p), _PLUGIN_FLAGS) for p in sorted(Path(folder, "printsupport").glob("*.so")))
    return out


def _load(found: list[tuple[str, int]]) -> None:
    for path, flags in found:
        try:
            ctypes.CDLL(path, mode=flags)  # dlopen without the interpreter lock; never closed by ctypes
        except OSError:
            continue


def preload() -> threading.Thread | None:
    """Start mapping the print support libraries in a background thread (once a process); the
    thread, or None where there is nothing to do (not Linux, or already started)."""
    global _started
    if _started is not None or not sys.platform.startswith("linux"):
        return None
    found = libraries()  # the paths are asked on this (the GUI) thread
    _started = threading.Thread(target=_load, args=(found,), name="print support preload", daemon=True)
    _started.start()
    return _started


def preload_later(window: QObject) -> None:
    """`preload()` when the window's event loop first runs (not if the window is gone by then)."""
    QTimer.singleShot(PRELOAD_AFTER_MS, window, preload)
