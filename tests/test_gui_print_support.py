"""Qt's print support mapped off the GUI thread (gui/print_support.py): once preloaded, the first
QPrinter of a process maps no library on the thread that makes it. Each case runs in a fresh
process (this one has long made its first QPrinter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from effortplanner.gui import print_support

def mapped():
    return {line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}

preloaded = sys.argv[1] == "preload"
if preloaded:
    thread = print_support.preload()
    thread.join()
    assert print_support.preload() is None  # once a process
from PySide6.QtPrintSupport import QPrinter  # PySide's module: imported, as printing.py does, before the first print
before = mapped()
printer = QPrinter(QPrinter.PrinterMode.HighResolution)
print(json.dumps({"new": sorted(mapped() - before), "valid": printer.isValid(),
                  "libraries": print_support.libraries() if not preloaded else []}))
"""


def _first_printer(mode: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preload is done on Linux only")
def test_the_first_printer_maps_no_library_once_preloaded() -> None:
    cold = _first_printer("cold")
    # needs libcups (Qt's CUPS plugin loads it): .ci/run installs libcups2 where it is missing
    assert any("printsupport" in path for path in cold["new"])  # type: ignore[union-attr]  # Qt's plugin,
    assert any("libcups" in path for path in cold["new"])  # type: ignore[union-attr]  # and what it needs
    assert any(path.endswith("libcupsprintersupport.so") for path, _flags in cold["libraries"])  # type: ignore
    warm = _first_printer("preload")
    assert warm["new"] == [] and warm["valid"]


def test_a_window_preloads_a_moment_after_it_opens(qtbot, monkeypatch, seed_plan, tmp_path) -> None:
    from effortplanner.gui import print_support
    from tests.gui_helpers import make_window

    calls: list[int] = []
    monkeypatch.setattr(print_support, "PRELOAD_AFTER_MS", 10)
    monkeypatch.setattr(print_support, "preload", lambda: calls.append(1))
    make_window(qtbot, seed_plan, tmp_path)
    assert not calls
    qtbot.waitUntil(lambda: calls == [1])
