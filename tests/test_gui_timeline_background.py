"""On a large plan the timeline finds the rows an edit changed off the GUI thread, then rebuilds
only those (the plan here is small; the size thresholds are lowered so it takes the large-plan path)."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from effortplanner.gui import analysis_runner
from effortplanner.gui.timeline import scene as scene_module
from effortplanner.gui.timeline import widget
from tests.gui_helpers import make_window, shown_on


@pytest.fixture
def window(qtbot, seed_plan, tmp_path, monkeypatch):
    monkeypatch.setattr(analysis_runner, "LARGE_PLAN", 0)
    monkeypatch.setattr(widget, "BACKGROUND_DIFF", 0)
    plan = seed_plan.copy()
    plan.settings.as_of = date(2016, 3, 30)
    window = make_window(qtbot, plan, tmp_path)
    shown_on(qtbot, window, "timeline")
    qtbot.waitUntil(lambda: window.timeline.scene.data is not None and not window.timeline._stale)
    return window


def _settled(window) -> bool:
    timeline = window.timeline
    return not timeline._stale and not timeline.diffs.busy() and not window.document.analysis.jobs.busy()


def test_the_changed_rows_are_found_off_the_gui_thread(window, qtbot, monkeypatch) -> None:
    threads: list[int] = []
    real = scene_module.changed_people

    def recorded(old, new):
        threads.append(threading.get_ident())
        return real(old, new)

    monkeypatch.setattr(scene_module, "changed_people", recorded)
    timeline, people = window.timeline, window.pages["people"]
    vito_bar = timeline.scene.bar_items["A14"]
    paola = window.document.plan.find_person("Paola Buitrago")
    old_row = timeline.scene.row_items[paola]
    model = people.model
    model.setData(model.index(model.row_of(paola), model.column_index("contract_end")), "2016-12-31")
    qtbot.waitUntil(lambda: _settled(window), timeout=10000)
    assert threads and threading.get_ident() not in threads  # the diff ran in a worker
    scene = timeline.scene
    assert scene.bar_items["A14"] is vito_bar  # Vito's row untouched
    assert scene.row_items[paola] is not old_row  # Paola's rebuilt
    assert scene.data.day(scene.data.people[paola].end) == date(2017, 1, 1)
    assert scene.data is timeline.document.analysis.current().timeline


def test_an_edit_made_while_the_diff_runs_wins(window, qtbot) -> None:
    timeline, model = window.timeline, window.pages["assignments"].model
    fte = model.column_index("fte")
    for value in ("0.30", "0.45"):  # the second edit's analysis makes the first diff stale
        model.setData(model.index(0, fte), value)
        qtbot.wait(1)
    qtbot.waitUntil(lambda: _settled(window), timeout=10000)
    assert timeline.scene.data is window.document.analysis.current().timeline  # the last revision's rows
