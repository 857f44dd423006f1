"""Why the GUI thread stops during a timeline export: python -m tests.benchmarks.pdf_probe [--runs 10].

Opens the synthetic department's window (as gui_bench does), then exports the whole timeline
(`--kinds pdf,png,review`) `--runs` times from the menu, each with a 5 ms watchdog on the GUI thread,
while `thread_sampler` (another process) reads the GUI thread's state, wait channel and kernel
stack from /proc at ~1 kHz. For every block of `--report-ms` or more it prints what the kernel
said the GUI thread was doing (a page fault waiting for the disk, a lock of the memory map, the
interpreter lock, runnable but no CPU), what the other threads were doing, the worker's long Qt
calls (begin/newPage/end) that overlapped it, and the machine's steal and iowait ticks and I/O
pressure in it. Linux only; kernel stacks need root (or the same user with ptrace rights).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

Row = dict[str, Any]  # one outside sample (thread_sampler's JSON line)
CALLS: list[tuple[float, float, str]] = []  # (start, end, name) of the export job's long calls


def _timed(module: object, name: str, least: float = 0.005) -> None:
    """Note every call of module.name that takes `least` seconds or more."""
    function = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        t0 = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            t1 = time.perf_counter()
            if t1 - t0 >= least:
                CALLS.append((t0, t1, f"{name} [{threading.get_native_id()}]"))

    setattr(module, name, wrapper)


class Gaps:
    """Every gap of `least` seconds or more between 5 ms ticks on the GUI thread: (start, end, GUI CPU)."""

    def __init__(self, least: float) -> None:
        from PySide6.QtCore import QTimer

        self.least = least
        self.gaps: list[tuple[float, float, float]] = []
        self.longest, self.long = 0.0, 0  # the longest gap, how many of 100 ms or more
        self.last, self.cpu = time.perf_counter(), time.thread_time()
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def restart(self) -> None:
        """A new measurement: no gaps yet, the longest 0, counted from now."""
        self.gaps, self.longest, self.long = [], 0.0, 0
        self.last, self.cpu = time.perf_counter(), time.thread_time()

    def tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.longest = max(self.longest, now - self.last)
        self.long += now - self.last >= 0.1
        if now - self.last >= self.least:
            self.gaps.append((self.last, now, cpu - self.cpu))
        self.last, self.cpu = now, cpu


def _queued() -> float:
    """The GUI thread's time so far runnable but waiting for a CPU (seconds; Linux schedstat)."""
    return int(Path(f"/proc/self/task/{threading.get_native_id()}/schedstat").read_text().split()[1]) / 1e9


def _pump(until: Callable[[], bool], limit: float = 300.0) -> None:
    from tests.benchmarks.gui_bench import _wait_for_events

    t0 = time.perf_counter()
    while not until() and time.perf_counter() - t0 < limit:
        _wait_for_events()


MAPS: list[tuple[int, int, str]] = []  # (start, end, file) of this process's mappings, read at the end


def _place(address: int) -> str:
    """An address as the mapping it falls in (a library's data: a global mutex; else the heap)."""
    for start, end, name in MAPS:
        if start <= address < end:
            return f"{address:#x} ({Path(name).name or 'anonymous'} +{address - start:#x})"
    return f"{address:#x}"


def _describe(gap: tuple[float, float, float], rows: list[Row]) -> list[str]:
    """What the outside samples say about one block of the GUI thread."""
    start, end, cpu = gap
    inside = [r for r in rows if start <= r["t"] <= end]
    around = [r for r in rows if "steal" in r]  # the 10 ms samples with the machine's counters
    before = [r for r in around if r["t"] <= start]
    after = [r for r in around if r["t"] >= end]
    lines = [f"block {1000 * (end - start):.0f} ms at {start:.3f} (GUI CPU {1000 * cpu:.0f} ms), "
             f"{len(inside)} outside samples"]
    if before and after:
        b, a = before[-1], after[0]

        def more(key: str) -> int:
            return int(a.get(key, 0)) - int(b.get(key, 0))

        queued = (int(a["q"][1]) - int(b["q"][1])) / 1e6
        runnable = [int(r["running"]) for r in around if start <= r["t"] <= end and "running" in r]
        lines.append(f"  machine: busy +{more('busy')} idle +{more('idle')} steal +{more('steal')} iowait "
                     f"+{more('iowait')} ticks (100/s, both CPUs), runnable tasks {runnable[:12]}, "
                     f"io pressure +{more('io_some_us') / 1000:.0f} ms, GUI waiting for a CPU {queued:.0f} ms")
    times = [start] + [float(r["t"]) for r in inside] + [end]
    late = max(t1 - t0 for t0, t1 in zip(times, times[1:]))
    lines.append(f"  the outside sampler's longest pause in it: {1000 * late:.0f} ms (it asks every 1 ms)")
    if inside:
        lines.append(f"  GUI faults in it: {inside[-1]['majflt'] - inside[0]['majflt']} major, "
                     f"{inside[-1]['minflt'] - inside[0]['minflt']} minor")
        states = Counter(f"{r['s']} {r.get('w', '')}" for r in inside)
        lines.append("  GUI states: " + ", ".join(f"{k} x{v}" for k, v in states.most_common(6)))
        futexes = Counter(str(r["f"]) for r in inside if r.get("f"))
        if futexes:
            lines.append("  GUI waits on futex: "
                         + ", ".join(f"{_place(int(k, 16))} x{n}" for k, n in futexes.most_common(3)))
        for stack, n in Counter(str(r["k"]) for r in inside if r.get("k")).most_common(4):
            lines.append(f"  GUI kernel stack x{n}: {stack}")
        others = Counter(f"{o[0]} {o[1]} {o[2]} {_place(int(o[3], 16)) if o[3].startswith('0x') else o[3]}"
                         for r in inside for o in r.get("o", {}).values())
        for other, n in others.most_common(5):
            lines.append(f"  other thread x{n}: {other}")
    for t0, t1, name in CALLS:
        if t0 < end and t1 > start:
            lines.append(f"  worker call {name}: {1000 * (t1 - t0):.0f} ms from {t0 - start:+.3f} s")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.pdf_probe")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--assignments", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--kinds", default="pdf")
    parser.add_argument("--report-ms", type=float, default=60.0)
    parser.add_argument("--dumper", default="", help="a py-spy: dump every thread's stack when the GUI thread "
                        "waits on a lock 15 ms in a row (stops the process meanwhile)")
    parser.add_argument("--samples", default="", help="keep the outside samples in this file")
    args = parser.parse_args(argv)

    from unittest import mock

    from PySide6.QtWidgets import QApplication, QFileDialog

    from effortplanner.core.plan import PlanSettings
    from effortplanner.gui import unlocked
    from effortplanner.gui.timeline import recording
    from effortplanner.io.importer import import_files
    from tests.benchmarks.gui_bench import open_window
    from tests.benchmarks.synthetic import make_department, write_department

    for name in ("begin", "end", "new_page", "draw_picture"):
        _timed(unlocked, name)
    for name in ("draw_pdf", "draw_png", "pdf_writer"):
        _timed(recording, name, 0.0)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="effortplanner-pdf-probe-"))
    dept = make_department(args.people, args.assignments, 5, 0, 2016)
    paths = write_department(folder, department=dept)
    plan = import_files([paths["duties.xlsx"]], settings=PlanSettings(as_of=date(2016, 10, 1),
                                                                      horizon=date(2018, 9, 30)))
    window = open_window(plan, folder)
    gaps = Gaps(args.report_ms / 1000)
    _pump(lambda: window.document.analysis.current() is not None)
    timeline = window.timeline
    window.tabs.setCurrentWidget(timeline)
    timeline.ensure_fresh()
    _pump(lambda: not timeline.jobs.busy() and not window.jobs.busy())
    samples = args.samples or str(folder / "samples.jsonl")
    sampler = subprocess.Popen([sys.executable, "-m", "tests.benchmarks.thread_sampler", str(os.getpid()),
                                str(threading.get_native_id()), samples, "0.001", args.dumper])
    time.sleep(0.5)
    reported: list[tuple[float, float, float]] = []
    for run in range(args.runs):
        for kind in args.kinds.split(","):
            out = folder / f"timeline-{run}.{kind}" if kind != "review" else folder / f"review-{run}.xlsx"
            gaps.restart()
            queued0 = _queued()
            t0 = time.perf_counter()
            with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
                if kind == "review":
                    window.actions_["export"].trigger()
                    window.export_dialog.choose_and_export()
                else:
                    timeline.export_dialog(kind, True)
                _pump(lambda: out.exists() and not timeline.jobs.busy() and not window.jobs.busy())
            total = time.perf_counter() - t0
            print(f"{kind} run {run}: longest GUI block {1000 * gaps.longest:.0f} ms, {gaps.long} blocks of 100 ms "
                  f"or more, GUI thread runnable but waiting for a CPU {1000 * (_queued() - queued0):.0f} ms in all; "
                  f"{total:.1f} s, {out.stat().st_size / 1e6:.1f} MB; load {os.getloadavg()[0]:.1f}", flush=True)
            reported.extend(gaps.gaps)
            out.unlink(missing_ok=True)
            _pump(lambda: False, 1.0)  # a quiet second between runs
    sampler.terminate()
    sampler.wait()
    for line in Path("/proc/self/maps").read_text().splitlines():
        fields = line.split()
        low, high = (int(x, 16) for x in fields[0].split("-"))
        MAPS.append((low, high, fields[5] if len(fields) > 5 else ""))
    rows = [json.loads(line) for line in open(samples)]
    dumps = [r for r in rows if "dump" in r]
    rows = [r for r in rows if "dump" not in r]
    for dump in dumps:
        print(f"\n== py-spy dump at {dump['t']:.3f} (the GUI thread on a futex 15 ms in a row; "
              f"took {dump['took']:.2f} s)")
        print(dump["dump"])
    print(f"\n{len(rows)} outside samples over {rows[-1]['t'] - rows[0]['t']:.0f} s" if rows else "no samples")
    for gap in reported:
        print("\n".join(_describe(gap, rows)))
    window.document.set_clean()
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
