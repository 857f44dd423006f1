"""Counts the window shows read right in the singular: "1 person", "1 assignment", "1 error", "1 row"."""

from __future__ import annotations

import re

from effortplanner.core import edits
from effortplanner.core.plan import Plan, PlanSettings
from tests.gui_helpers import make_window

WRONG = re.compile(r"(?<![\d.,])1 (people|persons|assignments|flags|errors|warnings|notes|rows|duties|files|plans)\b")


def test_one_of_everything_is_said_in_the_singular(qtbot, tmp_path) -> None:
    from datetime import date

    plan = Plan(PlanSettings(as_of=date(2016, 3, 30)))
    edits.add_rows(plan, "people", [{"name": "Ann Example", "group": "OPOS", "contract_end": "2016-06-30"}])
    edits.add_rows(plan, "assignments", [{"person": "P1", "duty": "Keep-up", "vo": "NOvA", "fte": 0.5,
                                          "end": "2017-06-30"}])
    window = make_window(qtbot, plan, tmp_path)
    window.show()
    qtbot.waitUntil(lambda: window.document.analysis.current() is not None)
    snap = window.document.analysis.current()
    assert snap.counts["errors"] == 1  # the duty outlives Ann's contract with nobody to take it
    window._refresh_status()
    status = window.status.text()
    assert "· 1 person · 1 assignment ·" in status and "(1 error)" in status
    window.show_tab("people")
    assert window.pages["people"].count.text() == "1 row"
    window.show_tab("load")
    qtbot.waitUntil(lambda: window.load_view.model.rowCount() > 0)
    assert window.load_view.summary.text().startswith("1 person ·")
    window.show_tab("timeline")
    window.timeline.filter_bar.text.setText("keep")
    assert window.timeline.filter_bar.count.text() == "1 of 1 duty"
    texts = [status, window.flags.summary.text(), window.load_view.summary.text(),
             window.timeline.filter_bar.count.text(), window.pages["assignments"].count.text()]
    assert not [t for t in texts if WRONG.search(t)], texts
