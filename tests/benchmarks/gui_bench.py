"""GUI figures on the synthetic department: python -m tests.benchmarks.gui_bench [--people N --assignments N].

Each figure is printed beside a baseline measured in the same process:
- window shown after import, against the import itself;
- sorting a column in our model, against QSortFilterProxyModel sorting the same model;
- a cell edit until the flags panel has new flags (median of 5 edits, each after a quiet moment: the real
  batching, a first edit after a quiet moment is analysed at once), against compute_flags alone;
- a table scroll repaint (one page down until the viewport is painted), against repainting it unscrolled
  (and beside the figure as it was taken before, with a second paint into an image: `scroll_figures`);
- the longest GUI-thread block (a watchdog timer ticking every 5 ms on the GUI thread) during
  open, save, review export (the menu's dialog, as a user does it) and a burst of 20 edits, each
  until the work is done (file written, flags and timeline refreshed), beside the block the same
  work was when it ran on the GUI thread (before issue 13: save, read + analysis, export, one
  edit's analysis) and the total time; target under 100 ms. What ran during each longest block
  (sampled stacks: the GUI thread's code, or a background job holding the interpreter lock) is
  printed after the table. The same for the timeline's PNG and PDF export of the whole plan;
- resident memory after all of it.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Watchdog:
    """Ticks every 5 ms on the GUI thread; the longest gap between ticks is the longest block.

    A sampling thread looks at every thread's stack while a gap is longer than `SAMPLE_AFTER`,
    so each figure can say what ran during its longest block: code on the GUI thread, or a
    background job holding the interpreter lock (the GUI thread then waits in the event loop).
    On Linux it also tells how much of the longest block the GUI thread spent ready to run but
    waiting for a CPU (the kernel's run-queue time, /proc schedstat): a block that is mostly that
    is the machine's load (other processes on the cores), not something the window waits for.
    """

    SAMPLE_AFTER = 0.05

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.last_cpu = 0.0  # the GUI thread's CPU time at the last tick
        self.longest = 0.0
        self.longest_cpu = 0.0  # the GUI thread's CPU time during the longest block
        self.longest_start = 0.0
        self.longest_queued = 0.0  # the GUI thread's time waiting for a CPU during the longest block
        self.queued: list[tuple[float, float]] = []  # (when, the GUI thread's run-queue time so far)
        self.gui_task = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
        self.gui = threading.get_ident()
        self.samples: list[tuple[float, str, list[str]]] = []  # (gap start, GUI frame, other threads' frames)
        self.culprit = ""
        self.collections: list[tuple[float, int]] = []  # (seconds, generation) of long collector passes
        self._gc_start = 0.0

    def _queued(self) -> float | None:
        """The GUI thread's time so far ready to run but not running (seconds; None off Linux). Read
        by the sampling thread: a read on the GUI thread would hand the interpreter lock over."""
        try:
            return int(self.gui_task.read_text().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return None

    def _queued_in_longest(self) -> float:
        """The GUI thread's run-queue time during the longest block, from the samples either side."""
        start, end = self.longest_start, self.longest_start + self.longest
        before = [q for t, q in self.queued if t <= start]
        after = [q for t, q in self.queued if t >= end]
        return after[0] - before[-1] if before and after else 0.0

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.last > self.longest:
            self.longest, self.longest_cpu, self.longest_start = now - self.last, cpu - self.last_cpu, self.last
            start = self.last
            seen = [s for s in self.samples if s[0] == start]
            if seen:
                gui, others = seen[-1][1], seen[-1][2]
                self.culprit = f"GUI thread: {gui}" + (f"; also running: {', '.join(others)}" if others else "")
        self.last, self.last_cpu = now, cpu

    def _sample(self, stop: threading.Event) -> None:
        me = threading.get_ident()
        while not stop.wait(0.01):
            queued = self._queued()
            if queued is not None:
                self.queued.append((time.perf_counter(), queued))
            start = self.last
            if time.perf_counter() - start < self.SAMPLE_AFTER:
                continue
            frames = sys._current_frames()
            others = [_where(f) for tid, f in frames.items() if tid not in (me, self.gui)]
            gui = frames.get(self.gui)
            self.samples.append((start, _where(gui) if gui is not None else "?", [o for o in others if o]))

    def run(self, start: object, done: object, limit_s: float = 120.0) -> tuple[float, float]:
        """Call start(), pump events until done() is true; (longest block, total time)."""

        self.longest, self.culprit, self.samples, self.collections, self.queued = 0.0, "", [], [], []
        gc.callbacks.append(self._collected)
        stop = threading.Event()
        sampler = threading.Thread(target=self._sample, args=(stop,), daemon=True)
        self.timer.start()
        t0 = self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        sampler.start()
        start()  # type: ignore[operator]
        self._tick()  # work done synchronously in start() is one block
        while not done() and time.perf_counter() - t0 < limit_s:  # type: ignore[operator]
            _wait_for_events()
            self._tick()
        total = time.perf_counter() - t0
        self.timer.stop()
        stop.set()
        sampler.join()
        self.longest_queued = self._queued_in_longest()
        gc.callbacks.remove(self._collected)
        return self.longest, total

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        """Python's cycle collector stops every thread while it runs: note the long passes."""
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif time.perf_counter() - self._gc_start > 0.02:
            self.collections.append((time.perf_counter() - self._gc_start, info["generation"]))

    def gc_note(self) -> str:
        if not self.collections:
            return ""
        worst = max(self.collections)
        return f"; {len(self.collections)} collector passes over 20 ms (longest {_ms(worst[0])}, generation {worst[1]})"


def _wait_for_events() -> None:
    """One turn of the event loop that sleeps until an event comes, as a window's own loop does.

    Spinning `processEvents()` in a Python loop instead keeps the GUI thread always asking for the
    interpreter lock: a background job then gets it only in slivers (each lock release inside a
    pandas/NumPy call hands it to the spinner), and the analysis after an edit took 6 to 30 s instead
    of 0.2 s (issue 13's 4.9 s "edit → refreshed timeline"), which no user's idle window does.
    Callers keep a timer ticking (the watchdog's 5 ms one), so this returns at least that often."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def _where(frame: object) -> str:
    """The innermost frame of our own code in a stack (else the innermost frame), as file:line function."""
    import traceback

    stack = traceback.extract_stack(frame)  # type: ignore[arg-type]
    ours = [f for f in stack if "effortplanner" in f.filename]
    pick = ours[-1] if ours else (stack[-1] if stack else None)
    if pick is None or "threading.py" in pick.filename or pick.name in ("run", "_sample"):
        return "" if pick is None or "gui_bench" not in pick.filename else "event loop (waiting for the lock)"
    name = pick.filename.split("effortplanner/")[-1] if ours else Path(pick.filename).name
    return f"{name}:{pick.lineno} {pick.name}"


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


def scroll_figures(view: object, pages: int = 10) -> tuple[float, float, float, float]:
    """Medians over `pages` page-downs of: the repaint a user waits for after scrolling (one page down,
    then the events until the viewport is painted), the GUI thread's CPU time in it (what a loaded
    machine does not inflate as much), the same repaint of the page unscrolled, and the repaint
    followed by a second paint of the viewport into an image (how this figure was taken before: two
    paints, which made the scrolled figure about twice the unscrolled one)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QImage

    viewport, bar = view.viewport(), view.verticalScrollBar()  # type: ignore[attr-defined]
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32)
    QCoreApplication.processEvents()
    still, scrolled, cpu, both = [], [], [], []
    for _ in range(pages):
        viewport.update()
        t0 = time.perf_counter()
        QCoreApplication.processEvents()
        still.append(time.perf_counter() - t0)
    for page in range(2 * pages):
        t0, c0 = time.perf_counter(), time.thread_time()
        bar.setValue(bar.value() + bar.pageStep())
        QCoreApplication.processEvents()
        if page % 2:
            viewport.render(image)
            both.append(time.perf_counter() - t0)
        else:
            scrolled.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
    return tuple(sorted(times)[len(times) // 2] for times in (scrolled, cpu, still, both))  # type: ignore[return-value]


def open_window(plan: object, folder: Path) -> object:
    """The window on a plan, shown at a laptop's size, with its settings and recovery in `folder`."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from effortplanner.gui.document import PlanDocument
    from effortplanner.gui.main_window import MainWindow
    from effortplanner.gui.settings import AppSettings

    store = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(PlanDocument(plan), store, recovery_folder=folder / "recovery")  # type: ignore[arg-type]
    window.resize(1400, 900)
    window.show()
    QCoreApplication.processEvents()
    return window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.gui_bench")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--assignments", type=int, default=20000)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from effortplanner.analysis.flags import compute_flags
    from effortplanner.core.plan import PlanSettings
    from effortplanner.io.importer import import_files
    from tests.benchmarks.synthetic import make_department, write_department

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="effortplanner-gui-bench-"))
    dept = make_department(args.people, args.assignments, 5, 0, 2016)
    paths = write_department(folder, department=dept)
    settings = PlanSettings(as_of=date(2016, 10, 1), horizon=date(2018, 9, 30))
    rows: list[tuple[str, str, str, str, str]] = []

    t0 = time.perf_counter()
    plan = import_files([paths["duties.xlsx"]], settings=settings)
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    window = open_window(plan, folder)
    shown_s = time.perf_counter() - t0
    rows.append(("window shown after import", _ms(shown_s), _ms(import_s), "< 1.0 s", "yes" if shown_s < 1 else "NO"))

    page = window.pages["assignments"]
    window.tabs.setCurrentWidget(page)
    QCoreApplication.processEvents()
    model, view = page.model, page.view
    duty = model.column_index("duty")
    t0 = time.perf_counter()
    model.sort(duty, Qt.SortOrder.AscendingOrder)
    sort_s = time.perf_counter() - t0
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    t0 = time.perf_counter()
    proxy.sort(duty, Qt.SortOrder.AscendingOrder)  # the same direction as ours
    proxy_s = time.perf_counter() - t0
    rows.append((f"sort a column ({model.rowCount():,} rows)", _ms(sort_s), _ms(proxy_s) + " (proxy)", "< 150 ms",
                 "yes" if sort_s < 0.15 else "NO"))
    proxy.setSourceModel(None)

    t0 = time.perf_counter()
    flags = compute_flags(window.document.plan)
    flags_s = time.perf_counter() - t0
    fte = model.column_index("fte")
    t_wait = time.perf_counter()
    ticking = QTimer(interval=5)  # wakes `_wait_for_events` at least every 5 ms
    ticking.start()
    while not window.flags.all_flags and time.perf_counter() - t_wait < 30:
        _wait_for_events()  # the window's first (background) computation
    done: list[float] = []
    window.flags.updated.connect(lambda _n: done.append(time.perf_counter()))
    analysis = window.document.analysis
    edits_s = []
    for i, text in enumerate(("0.35", "0.36", "0.37", "0.38", "0.39")):  # each after a quiet moment
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 0.4 or analysis.current() is None or analysis.jobs.busy():
            _wait_for_events()  # the rest of the last edit's analysis (timeline rows), then a pause
        done.clear()
        # The real batching is part of what a user waits for: measured as it is.
        t0 = time.perf_counter()
        model.setData(model.index(i, fte), text)
        while not done and time.perf_counter() - t0 < 30:
            _wait_for_events()
        edits_s.append((done[0] - t0) if done else float("nan"))
    while (analysis.current() is None or analysis.jobs.busy()) and time.perf_counter() - t0 < 30:
        _wait_for_events()  # not beside the next figure
    ticking.stop()
    edit_s = sorted(edits_s)[len(edits_s) // 2]
    rows.append(("cell edit to refreshed flags (median of 5 edits)", _ms(edit_s),
                 f"{_ms(flags_s)} (compute_flags); all 5: {', '.join(f'{e * 1000:.0f}' for e in edits_s)} ms",
                 "< 200 ms", "yes" if edit_s < 0.2 else "NO"))

    scroll_s, scroll_cpu, still_s, both_s = scroll_figures(view)
    rows.append(("table scroll repaint (median of 10 pages)", f"{_ms(scroll_s)} ({_ms(scroll_cpu)} CPU)",
                 f"{_ms(still_s)} (the page unscrolled, repainted); {_ms(both_s)} with a second paint into an image "
                 "(this figure before)", "< 25 ms", "yes" if scroll_s < 0.025 else "NO"))
    blocking, culprits = blocking_figures(window, folder)
    rows.extend(blocking)
    rss = _rss_mb()
    # This process also ran every baseline (the old on-GUI-thread paths, a proxy sort): its peak is
    # not the window's. The window's own peak, with its target, is window_bench's figure.
    rows.append(("resident memory, peak of this benchmark (baselines included)", f"{rss:.0f} MB",
                 "see window_bench", "-", "-"))
    window.document.set_clean()
    window.close()

    widths = [max(len(r[i]) for r in rows + [("figure", "ours", "baseline", "target", "ok?")]) for i in range(5)]
    header = ("figure", "ours", "baseline", "target", "ok?")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths)))
    print(f"\n{len(plan.people)} people, {len(plan.assignments)} assignments, {len(flags)} flags")
    print("\nWhat ran during each longest block (sampled every 10 ms once a block passes 50 ms):")
    for line in culprits:
        print("- " + line)
    del app
    missed = [row[0] for row in rows if row[4] == "NO"]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
