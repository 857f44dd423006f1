"""The GUI benchmarks' watchdog: the longest block of the GUI thread while some work runs, and what
ran during it (sampled stacks, the collector's passes, the time the thread waited for a CPU)."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


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
        return "" if pick is None or "gui_watchdog" not in pick.filename else "event loop (waiting for the lock)"
    name = pick.filename.split("effortplanner/")[-1] if ours else Path(pick.filename).name
    return f"{name}:{pick.lineno} {pick.name}"
