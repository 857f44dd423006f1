"""Timeline speed on the synthetic department: python -m tests.benchmarks.timeline_bench [--people N --assignments N].

Figures (time.perf_counter; each beside a baseline measured in this process, same window size):

- scene build: TimelineView.refresh(full=True) = timeline_data(plan) + every row's items in a new
  scene, then the first frame (Qt builds the BSP index on it), against a plain QGraphicsScene given one
  QGraphicsRectItem per assignment (brush, pen, addItem, nothing else) and its first frame in a plain
  view; target: build + first frame < 500 ms. (The old scene's items are deleted afterwards, a few
  rows per event-loop turn; that is not in the figure.)
- scroll frame at month zoom: scroll the view (down, right, diagonally), then render the whole view
  (timeline, header, names) into a QImage; median and worst of the frames, against a plain QGraphicsView
  over the plain scene at the same scale and scroll steps; target < 16 ms;
- zoom-to-fit repaint: from month zoom, fit the plan window to the view and render it, against the plain
  view scaled to the same width and rendered; target < 100 ms;
- drop → timeline updated: one drag's edit through document.edit (move a bar a month) until the
  timeline shows it (only the rows that changed are rebuilt), against rebuilding the whole scene.

The plan is duties.xlsx + people.xlsx (so people have groups), as of 2016-10-01 with a horizon of
2018-09-30, as in `tests.benchmarks.run`. Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAMES = 30


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def best_of(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def plain_scene(plan: object, days: int, row_h: float = 40.0) -> object:
    """One QGraphicsRectItem per assignment, one row per person: Qt with no logic of ours."""
    import numpy as np
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QPen
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

    from effortplanner.analysis.window import day_numbers

    table = plan.assignments  # type: ignore[attr-defined]
    people = {pid: i for i, pid in enumerate(plan.people.index)}  # type: ignore[attr-defined]
    start = day_numbers(table["start"], 0) - day_numbers(table["start"], 0).min()
    x0 = np.clip(start, 0, days - 1).astype(float)
    x1 = np.minimum(x0 + 180, days).astype(float)
    rows = [people.get(p, 0) for p in table["person"]]
    scene = QGraphicsScene()
    brush, pen = QBrush(QColor("#4E79A7")), QPen(Qt.PenStyle.NoPen)
    for i, row in enumerate(rows):
        item = QGraphicsRectItem(x0[i], row * row_h + (i % 3) * 13, x1[i] - x0[i], 12)
        item.setBrush(brush)
        item.setPen(pen)
        scene.addItem(item)
    scene.setSceneRect(QRectF(0, 0, days, len(people) * row_h))
    return scene


def frames(view: object, target: object, steps: list[tuple[int, int]]) -> list[float]:
    """Scroll by each (dx, dy) and render the whole view into `target`; seconds per frame."""
    from PySide6.QtGui import QPainter

    out = []
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()  # type: ignore[attr-defined]
    for dx, dy in steps:
        t0 = time.perf_counter()
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        painter = QPainter(target)
        view.render(painter)  # type: ignore[attr-defined]
        painter.end()
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.timeline_bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--assignments", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="write the synthetic files here and keep them")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QImage, QPainter, QTransform
    from PySide6.QtWidgets import QApplication, QGraphicsView

    from effortplanner.core.plan import PlanSettings
    from effortplanner.gui.document import PlanDocument
    from effortplanner.gui.timeline import TimelineView
    from effortplanner.gui.timeline.data import timeline_data
    from effortplanner.io.importer import import_files
    from tests.benchmarks.synthetic import make_department, write_department

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(args.keep or tempfile.mkdtemp(prefix="effortplanner-timeline-bench-"))
    dept = make_department(args.people, args.assignments, 5, 0, 2016)
    paths = write_department(folder, department=dept)
    settings = PlanSettings(as_of=date(2016, 10, 1), horizon=date(2018, 9, 30))
    plan = import_files([paths["duties.xlsx"], paths["people.xlsx"]], settings=settings)
    log(f"plan: {len(plan.people)} people, {len(plan.assignments)} assignments ({folder})")

    document = PlanDocument(plan)
    timeline = TimelineView(document)
    timeline.resize(1400, 800)
    timeline.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    scene = timeline.scene
    results: dict[str, dict[str, object]] = {}

    # 1. scene build
    log("scene build ...")
    view = timeline.view
    target = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)

    def render(widget: object, image: QImage) -> None:
        painter = QPainter(image)
        widget.render(painter)  # type: ignore[attr-defined]
        painter.end()

    def settle() -> None:
        for _ in range(60):  # let the retired scene delete its items
            QCoreApplication.processEvents()

    data_s = best_of(lambda: timeline_data(plan), args.runs)
    builds, firsts = [], []
    for _ in range(args.runs):
        settle()
        gc.collect()
        t0 = time.perf_counter()
        timeline.refresh(full=True)
        t1 = time.perf_counter()
        render(view, target)
        builds.append(t1 - t0)
        firsts.append(time.perf_counter() - t1)
    settle()
    scene = timeline.scene
    items = len(scene.items())
    bars = len(scene.bars.aid_of)
    days = scene.data.days  # type: ignore[union-attr]
    base_view = QGraphicsView()
    base_view.resize(view.size())
    base_view.setTransform(QTransform.fromScale(view.ppd, 1.0))
    base_view.show()
    base_target = QImage(base_view.size(), QImage.Format.Format_ARGB32_Premultiplied)
    base_builds, base_firsts = [], []
    plain = None
    for _ in range(args.runs):
        gc.collect()
        t0 = time.perf_counter()
        plain = plain_scene(plan, days)
        t1 = time.perf_counter()
        base_view.setScene(plain)  # type: ignore[arg-type]
        render(base_view, base_target)
        base_builds.append(t1 - t0)
        base_firsts.append(time.perf_counter() - t1)
    best = min(range(args.runs), key=lambda k: builds[k] + firsts[k])
    base_best = min(range(args.runs), key=lambda k: base_builds[k] + base_firsts[k])
    ready = builds[best] + firsts[best]
    results["scene_build"] = {"ours": builds[best], "first_frame": firsts[best], "ready": ready,
                              "of_which_data": data_s,
                              "baseline": base_builds[base_best], "baseline_first_frame": base_firsts[base_best],
                              "items": items, "bars": bars, "target_s": 0.5, "ok": ready < 0.5}

    # 2. scroll frames at month zoom
    log("scroll frames ...")
    timeline.set_level("months")
    base_view.setTransform(QTransform.fromScale(view.ppd, 1.0))
    QCoreApplication.processEvents()
    page_w, page_h = view.viewport().width() // 3, view.viewport().height() // 3
    steps = [(0, page_h)] * (FRAMES // 3) + [(page_w, 0)] * (FRAMES // 3) + [(page_w, page_h)] * (FRAMES // 3)
    frames(view, target, steps[:3])  # warm up caches and fonts
    ours = frames(view, target, steps)
    frames(base_view, base_target, steps[:3])
    base = frames(base_view, base_target, steps)
    results["scroll_frame"] = {"ours": statistics.median(ours), "ours_worst": max(ours),
                               "baseline": statistics.median(base), "baseline_worst": max(base),
                               "frames": len(ours), "target_s": 0.016, "ok": statistics.median(ours) < 0.016}

    # 3. zoom-to-fit repaint
    log("zoom to fit ...")

    fit_times: list[float] = []
    for _ in range(max(args.runs, 3)):
        timeline.set_level("months")
        render(view, target)
        t0 = time.perf_counter()
        timeline.zoom_to_fit()
        render(view, target)
        fit_times.append(time.perf_counter() - t0)
    fit_ppd = view.ppd
    base_times: list[float] = []
    for _ in range(max(args.runs, 3)):
        base_view.setTransform(QTransform.fromScale(3.6, 1.0))
        render(base_view, base_target)
        t0 = time.perf_counter()
        base_view.setTransform(QTransform.fromScale(fit_ppd, 1.0))
        render(base_view, base_target)
        base_times.append(time.perf_counter() - t0)
    results["zoom_to_fit"] = {"ours": min(fit_times), "baseline": min(base_times), "ppd": fit_ppd,
                              "target_s": 0.1, "ok": min(fit_times) < 0.1}

    # 4. a drop, as the user makes it: one core edit, then the rows it touched
    log("drop ...")
    from datetime import timedelta

    from effortplanner.gui.timeline.drop import drop_change

    dated = plan.assignments.index[plan.assignments["start"].notna() & plan.assignments["end"].notna()]
    edit_times, rebuilt = [], 0
    for k in range(max(args.runs, 3)):
        aid = dated[k * 97 % len(dated)]
        start = plan.assignments.at[aid, "start"].date() + timedelta(days=31)
        end = plan.assignments.at[aid, "end"].date() + timedelta(days=31)
        old_scene = timeline.scene
        gc.collect()
        t0 = time.perf_counter()
        document.edit(lambda p, a=aid, s=start, e=end: drop_change(p, a, s, e))
        render(view, target)
        edit_times.append(time.perf_counter() - t0)
        assert timeline.scene is old_scene  # updated in place, not rebuilt
    full_times = []
    for _ in range(max(args.runs, 3)):
        settle()
        gc.collect()
        t0 = time.perf_counter()
        timeline.refresh(full=True)
        render(view, target)
        full_times.append(time.perf_counter() - t0)
    results["drop"] = {"ours": min(edit_times), "baseline": min(full_times), "ok": min(edit_times) < min(full_times)}
    document.undo_stack.setClean()
    base_view.close()
    timeline.close()
    del app

    if args.json:
        print(json.dumps({"people": len(plan.people), "assignments": len(plan.assignments), **results}, indent=2))
        return 0
    b, s, z, d = results["scene_build"], results["scroll_frame"], results["zoom_to_fit"], results["drop"]
    table = [
        ("figure", "ours", "baseline (same process)", "target", "ok?"),
        (f"scene build + first frame ({b['bars']} bars, {b['items']} items)",
         f"{_ms(b['ready'])} = {_ms(b['ours'])} build (data {_ms(b['of_which_data'])})"  # type: ignore[arg-type]
         f" + {_ms(b['first_frame'])} first frame",  # type: ignore[arg-type]
         f"{_ms(b['baseline'] + b['baseline_first_frame'])} = {_ms(b['baseline'])} + "  # type: ignore[operator]
         f"{_ms(b['baseline_first_frame'])}, plain scene of {len(plan.assignments)} rect items",
         "< 500 ms", "yes" if b["ok"] else "NO"),
        (f"scroll frame, month zoom (median of {s['frames']})",
         f"{_ms(s['ours'])} (worst {_ms(s['ours_worst'])})",  # type: ignore[arg-type]
         f"{_ms(s['baseline'])} (worst {_ms(s['baseline_worst'])}) plain view",  # type: ignore[arg-type]
         "< 16 ms", "yes" if s["ok"] else "NO"),
        ("zoom-to-fit repaint (best)", _ms(z["ours"]), f"{_ms(z['baseline'])} plain view rescaled",
         "< 100 ms", "yes" if z["ok"] else "NO"),
        ("drop -> edit + timeline updated (best)", _ms(d["ours"]),  # type: ignore[arg-type]
         f"{_ms(d['baseline'])} whole scene rebuilt", "< rebuild", "yes" if d["ok"] else "NO"),
    ]
    widths = [max(len(r[i]) for r in table) for i in range(5)]
    for k, row in enumerate(table):
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths)))
        if k == 0:
            print("-+-".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
