"""The Load tab's heatmap and capacity chart are never computed on the GUI thread (on a plan large
enough to be analysed in the background): on opening, after an edit, and for each period chosen."""

from __future__ import annotations

import threading

from effortplanner.analysis import heatmap as heatmap_module
from effortplanner.core import edits
from effortplanner.gui import analysis_runner
from effortplanner.analysis.heatmap import FREQUENCIES
from tests.gui_helpers import make_window


def test_the_heatmap_is_never_computed_on_the_gui_thread(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    calls: list[tuple[str, bool]] = []  # (what, on the GUI thread)
    heatmap, capacity = heatmap_module.heatmap, heatmap_module.committed_vs_capacity

    def recorded_heatmap(plan, freq, *args, **kwargs):
        calls.append((f"heatmap {freq}", threading.current_thread() is threading.main_thread()))
        return heatmap(plan, freq, *args, **kwargs)

    def recorded_capacity(plan, *args, **kwargs):
        calls.append(("capacity", threading.current_thread() is threading.main_thread()))
        return capacity(plan, *args, **kwargs)

    monkeypatch.setattr(heatmap_module, "heatmap", recorded_heatmap)
    monkeypatch.setattr(heatmap_module, "committed_vs_capacity", recorded_capacity)
    monkeypatch.setattr(analysis_runner, "LARGE_PLAN", 0)  # the seed plan is analysed as a large one would be
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    window.show_tab("load")
    view, analysis = window.load_view, window.document.analysis
    window.document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.5))  # a new revision
    qtbot.waitUntil(lambda: analysis.current() is not None and view.model.rowCount() > 0, timeout=20000)
    assert ("heatmap M", False) in calls and ("capacity", False) in calls
    for index, freq in enumerate(FREQUENCIES):
        view.period.setCurrentIndex(index)  # week, quarter, fiscal year: computed when chosen
        qtbot.waitUntil(lambda freq=freq: view.model.result is not None and view.model.result.freq == freq,
                        timeout=20000)
    analysis.jobs.wait()
    assert {what for what, _ in calls} >= {f"heatmap {freq}" for freq in FREQUENCIES} | {"capacity"}
    on_gui = [what for what, gui in calls if gui]
    assert on_gui == [], f"computed on the GUI thread: {on_gui}"
