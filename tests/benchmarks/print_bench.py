"""Printing and the timeline's exports, measured: python -m tests.benchmarks.print_bench [--plan F] [--only NAMES].

For each of Print (to a PDF file) and Print Preview of the Assignments table, the Load tab and
the timeline, and the timeline's PNG export, the longest GUI-thread block (gui_bench's watchdog:
a 5 ms timer on the GUI thread, the longest gap between its ticks) from the user's request until
the file is written or the preview shows its pages, and the total time. The plan is a plan file
(default: the 20,000-assignment benchmark plan written by `tests.benchmarks.run --keep`).
Target: no block over 100 ms. Exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULT_PLAN = Path("/tmp/bench/20k/plan.effortplan")


def _preview_pages(window: object) -> int:
    """Pages the open Print Preview shows, once those in view are drawn (0 until then)."""
    preview = getattr(window, "print_preview", None)
    try:
        if preview is None or not preview.isVisible():
            return 0
        if hasattr(preview, "settled"):  # the preview that draws its pages in the background
            return preview.page_count() if preview.settled() else 0
        from PySide6.QtPrintSupport import QPrintPreviewWidget  # Qt's, before

        widget = preview.findChild(QPrintPreviewWidget)
        return widget.pageCount() if widget is not None else 0
    except RuntimeError:  # the dialog was deleted
        return 0


def _note(dog: object) -> str:
    """What the longest block was: the GUI thread's CPU in it, its wait for a CPU (the machine's
    load), and what the sampled stacks showed."""
    return (f"{dog.longest_cpu * 1000:.0f} ms CPU, {dog.longest_queued * 1000:.0f} ms waiting for a CPU; "  # type: ignore
            f"{dog.culprit or 'no sample'}")  # type: ignore[attr-defined]


def figures(window: object, folder: Path, only: set[str]) -> list[tuple[str, float, float, str]]:
    """(figure, longest block, total, note) for each print, preview and export."""
    from unittest import mock

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QFileDialog

    from effortplanner.gui import printing
    from tests.benchmarks.gui_bench import Watchdog

    dog = Watchdog()
    rows: list[tuple[str, float, float, str]] = []
    jobs = window.jobs  # type: ignore[attr-defined]
    timeline = window.timeline  # type: ignore[attr-defined]

    def idle() -> bool:
        return not jobs.busy() and not timeline.jobs.busy()

    def start_print(out: Path) -> None:
        printer = printing.new_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        if hasattr(printing, "print_to"):
            printing.print_to(window, printer)
        else:  # the code before printing ran in the background
            printing.print_accepted(window, printer, printing.renderer_for(window)[1])

    block, total = dog.run(lambda: None, lambda: False, limit_s=2.0)
    rows.append(("idle for 2 s (the machine's own noise)", block, total, ""))
    for tab in ("assignments", "load", "timeline"):
        window.show_tab(tab)  # type: ignore[attr-defined]
        for _ in range(20):
            QCoreApplication.processEvents()
        if tab == "load":
            dog.run(lambda: None, lambda: window.load_view.model.rowCount() > 0, limit_s=60)  # type: ignore
        if f"{tab}-print" in only or not only:
            out = folder / f"{tab}.pdf"
            block, total = dog.run(lambda: start_print(out),
                                   lambda: out.exists() and out.stat().st_size > 0 and idle(), limit_s=600)
            rows.append((f"{tab}: Print… to PDF", block, total, _note(dog)))
        if f"{tab}-preview" in only or not only:
            block, total = dog.run(lambda: window.actions_["print_preview"].trigger(),  # type: ignore
                                   lambda: _preview_pages(window) > 0 and idle(), limit_s=600)
            rows.append((f"{tab}: Print Preview… (until its pages show)", block, total,
                         f"{_preview_pages(window)} pages; {_note(dog)}"))
            window.print_preview.close()  # type: ignore[attr-defined]
            QCoreApplication.processEvents()
    if "png" in only or not only:
        out = folder / "timeline.png"
        with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
            block, total = dog.run(lambda: timeline.export_dialog("png", True),
                                   lambda: out.exists() and idle(), limit_s=600)
        rows.append(("timeline: PNG export, whole plan", block, total, _note(dog)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.print_bench")
    parser.add_argument("--plan", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("--only", default="", help="comma-separated: assignments-print, load-preview, png, …")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from effortplanner.io.scenario_file import load_scenario_set
    from tests.benchmarks.gui_bench import open_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="effortplanner-print-bench-"))
    plan = load_scenario_set(args.plan).plan
    window = open_window(plan, folder)
    window.document.analysis.jobs.wait()  # type: ignore[attr-defined]
    rows = figures(window, folder, {o for o in args.only.split(",") if o})
    window.document.set_clean()  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]
    print(f"{len(plan.people)} people, {len(plan.assignments)} assignments")
    width = max(len(r[0]) for r in rows)
    missed = []
    for name, block, total, note in rows:
        ok = block < 0.1 or name.startswith("idle")
        missed += [] if ok else [name]
        print(f"{name.ljust(width)} | longest block {block * 1000:6.0f} ms | total {total:6.1f} s | "
              f"{'yes' if ok else 'NO '} | {note}")
    del app
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
