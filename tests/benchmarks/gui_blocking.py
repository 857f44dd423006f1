"""gui_bench's blocking figures: the longest GUI-thread block during open, save, export and a burst
of edits, each beside the block the same work was when it ran on the GUI thread (before issue 13)."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from tests.benchmarks.gui_watchdog import Watchdog, _ms


def _on_gui_thread(work: object) -> float:
    """How long `work` takes when it runs on the GUI thread: the block it was before this change.
    Its garbage is collected afterwards, off the clock, so that the next figure does not pay for it."""
    t0 = time.perf_counter()
    work()  # type: ignore[operator]
    took = time.perf_counter() - t0
    gc.collect()
    return took


def blocking_figures(window: object, folder: Path) -> tuple[list[tuple[str, str, str, str, str]], list[str]]:
    """Longest GUI-thread block during open, save, export and a burst of 20 edits, each beside the
    block the same work was when it ran on the GUI thread (before issue 13), and what ran in it."""
    from unittest import mock

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog

    from effortplanner.analysis.snapshot import snapshot
    from effortplanner.core import edits
    from effortplanner.io.review_report import export_review
    from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set

    files, document = window.files, window.document  # type: ignore[attr-defined]
    dog = Watchdog()
    rows, culprits = [], []

    def row(name: str, block: float, total: float, before: float) -> None:
        rows.append((f"longest GUI block: {name}", _ms(block),
                     f"{_ms(before)} on the GUI thread before; {_ms(total)} all of it", "< 100 ms",
                     "yes" if block < 0.1 else "NO"))
        culprits.append(f"{name}: longest block {_ms(block)} ({_ms(dog.longest_cpu)} of it on the GUI thread's CPU, "
                        f"{_ms(dog.longest_queued)} waiting for a CPU): "
                        f"{dog.culprit or 'no sample (under 50 ms)'}"
                        + dog.gc_note())

    def idle() -> bool:
        jobs = getattr(window, "jobs", None)
        return jobs is None or not jobs.busy()

    def analysed() -> bool:
        return document.analysis.current() is not None

    block, total = dog.run(lambda: None, lambda: False, limit_s=2.0)  # the machine's own noise
    rows.append(("longest GUI block: idle for 2 s (machine noise)", _ms(block), "-", "-", "-"))
    plan_path = folder / "bench.effortplan"
    block, total = dog.run(lambda: files._save_to(plan_path), lambda: idle() and not document.modified)
    before = _on_gui_thread(lambda: save_scenario_set(folder / "before.effortplan", document.scenarios))
    row("save (plan file)", block, total, before)
    document.set_clean()
    block, total = dog.run(lambda: files.open_paths([plan_path], ask=False),
                           lambda: idle() and document.path == plan_path and analysed())
    before = _on_gui_thread(lambda: snapshot(load_scenario_set(plan_path).plan))  # read, then flags and rows
    row("open (plan file) until analysed", block, total, before)

    out = folder / "review.xlsx"

    def export_from_the_menu() -> None:  # File › Export to Excel…, then Export… in its dialog
        window.actions_["export"].trigger()  # type: ignore[attr-defined]
        window.export_dialog.choose_and_export()  # type: ignore[attr-defined]

    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
        block, total = dog.run(export_from_the_menu, lambda: idle() and out.exists())
    before = _on_gui_thread(lambda: export_review(folder / "before.xlsx", document.plan.copy(),
                                                  title=document.title))
    row("export review workbook (File › Export to Excel…)", block, total, before)

    page = window.pages["assignments"]  # type: ignore[attr-defined]
    window.tabs.setCurrentWidget(window.timeline)  # type: ignore[attr-defined]
    window.timeline.ensure_fresh()  # type: ignore[attr-defined]
    QCoreApplication.processEvents()
    model = page.model
    fte = model.column_index("fte")

    def burst() -> None:
        for i in range(20):
            model.setData(model.index(i, fte), f"0.{10 + i}")
            QCoreApplication.processEvents()

    def refreshed() -> bool:
        data = window.timeline.scene.data  # type: ignore[attr-defined]
        return analysed() and not window.timeline._stale and data is not None  # type: ignore[attr-defined]

    block, total = dog.run(burst, refreshed)
    copy = document.plan.copy()
    aid = copy.assignments.index[0]

    def one_edit_analysed_here() -> None:
        edits.set_value(copy, "assignments", aid, "fte", 0.55)
        snapshot(copy)

    before = _on_gui_thread(one_edit_analysed_here)
    row("burst of 20 edits until flags and timeline refreshed", block, total, before)
    block, total = dog.run(lambda: model.setData(model.index(0, fte), "0.42"), refreshed)
    rows.append(("edit → refreshed flags and timeline (first edit after a quiet moment)", _ms(total),
                 f"{_ms(before)} (its analysis on the GUI thread before; longest block now {_ms(block)})", "-", "-"))

    timeline = window.timeline  # type: ignore[attr-defined]
    for kind in ("png", "pdf"):  # the timeline tab's Export menu, whole plan
        out = folder / f"timeline.{kind}"
        with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
            block, total = dog.run(lambda: timeline.export_dialog(kind, True),
                                   lambda: out.exists() and not timeline.jobs.busy())
        write = timeline.export_png if kind == "png" else timeline.export_pdf
        before = _on_gui_thread(lambda: write(folder / f"before.{kind}", True))
        row(f"timeline {kind.upper()} export, whole plan", block, total, before)
    return rows, culprits
