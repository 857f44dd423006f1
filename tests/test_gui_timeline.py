"""The Timeline tab as a department head uses it: bars, drags (one undo step each), zoom, export,
selection shared with the tables, flags. Plus the Qt-free parts (layout, data, drop) on their own."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from effortplanner.core.edits import EditError
from effortplanner.gui.timeline import layout
from effortplanner.gui.timeline.data import timeline_data
from effortplanner.gui.timeline.drop import drop_change
from effortplanner.gui.timeline.items import GhostItem
from tests.gui_helpers import make_window

AS_OF = date(2016, 3, 30)  # the sample plan's document date


@pytest.fixture
def plan(seed_plan):
    plan = seed_plan.copy()
    plan.settings.as_of = AS_OF
    return plan


@pytest.fixture
def window(qtbot, plan, tmp_path):
    window = make_window(qtbot, plan, tmp_path)
    window.resize(1400, 900)
    window.show()
    window.show_tab("timeline")
    qtbot.waitExposed(window)
    return window


def _ids(plan, person_name: str) -> list[str]:
    pid = plan.find_person(person_name)
    return list(plan.assignments.index[plan.assignments["person"] == pid])


def _point(timeline, aid: str, dx: float = 0.0, dy: float = 0.0, at: str = "left") -> QPoint:
    """Viewport position on a bar: `at` its left edge, right edge, plus an offset in pixels."""
    rect = timeline.scene.bar_rect(aid)
    assert rect is not None, aid
    box = timeline.view.mapFromScene(rect).boundingRect()
    x = box.left() if at == "left" else box.right()
    return QPoint(int(x + dx), int(box.center().y() + dy))


def _drag(viewport, start: QPoint, end: QPoint, steps: int = 5) -> None:
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * (k / steps))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


# --- pure parts ------------------------------------------------------------------------------
def test_snapping_follows_the_zoom_level() -> None:
    assert layout.snap(date(2016, 8, 3), "weeks") == date(2016, 8, 3)
    assert layout.snap(date(2016, 8, 3), "months") == date(2016, 8, 1)
    assert layout.snap(date(2016, 8, 12), "months") == date(2016, 8, 16)
    assert layout.snap(date(2016, 8, 20), "quarters") == date(2016, 9, 1)
    assert layout.snap(date(2016, 11, 20), "years") == date(2017, 1, 1)  # fiscal quarters start Oct/Jan/Apr/Jul
    assert layout.nearest_level(15.0) == "weeks" and layout.nearest_level(0.3) == "years"


def test_rows_group_sort_and_fold(plan) -> None:
    data = timeline_data(plan)
    people = list(data.people.values())
    grouped = layout.arrange(people, "group", (), ["OPOS"])
    assert grouped[0].kind == "group" and grouped[0].key == "OPOS"
    assert grouped[-1].key is None  # unassigned duties last
    folded = layout.arrange(people, "group", {"OPOS"}, ["OPOS"])
    assert folded[1].kind == "group" and len(folded) == len(grouped) - 6
    by_end = [r.key for r in layout.arrange(people, "contract_end")]
    assert data.people[by_end[0]].name == "Qiulan"  # leaves first, on 2016-04-01
    assert all(r.kind == "person" for r in layout.arrange(people, "load"))
    ys = [r.y for r in grouped]
    assert ys == sorted(ys) and layout.row_at(grouped, grouped[3].y + 1) is grouped[3]


def test_a_drop_is_one_change_and_a_refusal_changes_nothing(plan) -> None:
    change = drop_change(plan, "A28", date(2016, 7, 1), date(2017, 6, 30), plan.find_person("Felipe Alba"))
    assert {op.row_id for op in change.ops} == {"A28"} and len(change.ops) == 3  # start, end, person
    assert change.description.startswith("Reassigned 'Experiments on-boarding")
    before = plan.assignments.loc["A29"].copy()
    with pytest.raises(EditError):
        drop_change(plan, "A29", date(2016, 9, 1), None, "Nobody Known")
    assert plan.assignments.loc["A29"].equals(before)


# --- the widget --------------------------------------------------------------------------------
def test_one_bar_per_assignment(window) -> None:
    timeline, plan = window.timeline, window.document.plan
    aid_of = timeline.scene.bars.aid_of
    bars = [aid_of[item] for item in timeline.scene.items() if item in aid_of]
    assert sorted(bars) == sorted(plan.assignments.index)
    ghosts = [item for item in timeline.scene.items() if isinstance(item, GhostItem)]
    assert {g.ghost.owner for g in ghosts} == {"Paola Buitrago", "Qiulan"}
    assert timeline.zoom.currentData() == "fit"


def test_drag_a_bar_sideways_then_undo(qtbot, window) -> None:
    timeline, document = window.timeline, window.document
    timeline.set_level("weeks")  # 16 px a day, snapping to days
    timeline.select_assignments(["A28"])
    before = document.plan.assignments.loc["A28"].copy()
    start = _point(timeline, "A28", dx=60)
    with qtbot.waitSignal(window.flags.updated, timeout=5000):  # flags follow the drop
        _drag(timeline.view.viewport(), start, start + QPoint(160, 0))
    after = document.plan.assignments.loc["A28"]
    assert _day(after["start"]) == date(2016, 6, 11) and _day(after["end"]) == date(2017, 6, 10)
    assert after["start_certainty"] == "exact" and after["end_text"] == "2017-06-10"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText().startswith("Move 'Experiments on-boarding")
    assert timeline.scene.bar_rect("A28").left() == pytest.approx(timeline.data.x(date(2016, 6, 11)))
    with qtbot.waitSignal(document.analysis.ready, timeout=5000):  # the rows follow the analysis
        document.undo_stack.undo()
    restored = document.plan.assignments.loc["A28"]
    for column in ("start", "start_text", "end", "end_text", "end_certainty"):
        assert restored[column] == before[column]
    assert timeline.scene.bar_rect("A28").left() == pytest.approx(timeline.data.x(date(2016, 6, 1)))


def test_drag_an_end_changes_only_the_end(window) -> None:
    timeline, document = window.timeline, window.document
    timeline.set_level("months")  # snapping to the 1st and 16th
    timeline.select_assignments(["A28"])
    timeline.view.scroll_to_x(timeline.data.x(date(2017, 3, 1)))
    start = _point(timeline, "A28", dx=-1, at="right")
    _drag(timeline.view.viewport(), start, start + QPoint(int(3.6 * 45), 0))
    after = document.plan.assignments.loc["A28"]
    assert _day(after["start"]) == date(2016, 6, 1) and after["start_text"] == "Summer 2016"
    assert _day(after["end"]) == date(2017, 7, 15)
    assert document.undo_stack.undoText() == "End 'Experiments on-boarding (GPgrid, OSG, HepCloud)' on 15 Jul 2017"


def test_drop_on_another_row_reassigns(window) -> None:
    timeline, document = window.timeline, window.document
    plan = document.plan
    felipe = plan.find_person("Felipe Alba")
    timeline.set_level("months")
    timeline.select_assignments(["A27"])  # Felipe's 'MINOS & MINERvA ramp down'
    target = timeline.scene.row_of(plan.find_person("Anna Mazzacane"))
    start = _point(timeline, "A27", dx=80)
    end_y = timeline.view.mapFromScene(QPointF(0, target.y + target.height / 2)).y()
    _drag(timeline.view.viewport(), start, QPoint(start.x(), end_y))
    assert plan.assignments.at["A27", "person"] == plan.find_person("Anna Mazzacane")
    assert pd.isna(plan.assignments.at["A27", "start"])  # a straight vertical drop moves no date
    assert document.undo_stack.undoText() == "Reassigned 'MINOS & MINERvA ramp down' from Felipe Alba to Anna Mazzacane"
    bar = timeline.scene.bar_items["A27"]
    assert bar.parentItem().pid == plan.find_person("Anna Mazzacane")
    document.undo_stack.undo()
    assert plan.assignments.at["A27", "person"] == felipe
    assert timeline.scene.bar_items["A27"].parentItem().pid == felipe


def test_a_click_selects_the_row_in_the_table_and_back(window) -> None:
    timeline, duties = window.timeline, window.pages["assignments"]
    timeline.set_level("months")
    timeline.select_assignments(["A6"])
    timeline.scene.select([])
    QTest.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _point(timeline, "A6", dx=20))
    assert timeline.selected_ids() == ["A6"]
    assert duties.selected_ids() == ["A6"]
    assert window.tabs.currentWidget() is timeline  # the table follows, the tab stays
    duties.select_id("A33")
    assert timeline.selected_ids() == ["A33"]
    assert window.document.undo_stack.count() == 0  # selecting is not editing


def test_zoom_levels_and_ctrl_wheel_around_the_cursor(window) -> None:
    timeline = window.timeline
    view = timeline.view
    timeline.set_level("years")
    narrow = view.ppd
    timeline.set_level("weeks")
    assert view.ppd == pytest.approx(layout.ppd_of("weeks")) and view.ppd > 40 * narrow
    assert view.transform().m11() == pytest.approx(view.ppd) and view.transform().m22() == 1.0
    timeline.set_level("months")
    pos = QPointF(300, 120)
    under = view.mapToScene(pos.toPoint()).x()
    event = QWheelEvent(pos, view.viewport().mapToGlobal(pos), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.ppd == pytest.approx(layout.ppd_of("months") * 1.44)
    assert view.mapToScene(pos.toPoint()).x() == pytest.approx(under, abs=1.0)  # the day under the cursor stays
    timeline.zoom_to_fit()
    x0, x1, _y0, _y1 = view.visible_span()
    data = timeline.data
    assert x0 <= data.as_of_x and x1 >= data.horizon_x and timeline.zoom.currentData() == "fit"


def test_zoom_actions_are_in_the_view_menu(window) -> None:
    window.tabs.setCurrentWidget(window.pages["people"])
    window.actions_["zoom_in"].trigger()
    assert window.tabs.currentWidget() is window.timeline
    assert window.actions_["zoom_fit"].shortcut().toString() == "Ctrl+0"


def test_fold_a_group_and_sort_by_contract_end(window) -> None:
    timeline = window.timeline
    height = timeline.scene.sceneRect().height()
    timeline.toggle_group("OPOS")
    assert timeline.scene.sceneRect().height() < height - 300
    assert not timeline.scene.bar_items["A6"].isVisible()
    timeline.toggle_group("OPOS")
    timeline.set_sort("contract_end")
    first = timeline.scene.rows[0]
    assert window.document.plan.person_name(first.key) == "Qiulan"


def test_an_edit_in_a_table_rebuilds_only_that_row(window) -> None:
    timeline, people = window.timeline, window.pages["people"]
    vito_bar = timeline.scene.bar_items["A14"]
    model = people.model
    paola = window.document.plan.find_person("Paola Buitrago")
    model.setData(model.index(model.row_of(paola), model.column_index("contract_end")), "2016-12-31")
    assert timeline.scene.bar_items["A14"] is vito_bar  # Vito's row untouched
    data = timeline.data
    assert data.day(data.people[paola].end) == date(2017, 1, 1)


def test_double_click_on_a_flag_scrolls_the_timeline_and_highlights_it(window) -> None:
    flag = next(f for f in window.flags.all_flags if f.kind == "contract_end_gap" and f.duty == "A27")
    timeline = window.timeline
    timeline.set_level("weeks")
    timeline.view.scroll_to_x(0)
    window.show_flag(flag)
    assert window.tabs.currentWidget() is timeline
    highlight = timeline.scene.highlight
    assert highlight.isVisible()
    x0, x1, y0, y1 = timeline.view.visible_span()
    rect = highlight.rect()
    assert x0 <= rect.left() <= x1 and y0 <= rect.top() <= y1
    assert rect.left() == pytest.approx(timeline.data.x(flag.start))


def test_export_png_and_pdf(window, tmp_path) -> None:
    timeline = window.timeline
    for whole in (True, False):
        png = timeline.export_png(tmp_path / f"t{whole}.png", whole=whole)
        image = QImage(str(png))
        assert not image.isNull() and image.width() > 800 and image.height() > 300
        pdf = timeline.export_pdf(tmp_path / f"t{whole}.pdf", whole=whole)
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5000


def test_replacing_the_plan_rebuilds_the_timeline(window, plan) -> None:
    smaller = plan.copy()
    smaller.tables["assignments"] = smaller.assignments.iloc[:5]
    window.document.replace(smaller, None)
    scene = window.timeline.scene
    assert len([item for item in scene.items() if item in scene.bars.aid_of]) == 5


def test_hover_texts(window) -> None:
    timeline = window.timeline
    timeline.set_level("months")
    timeline.select_assignments(["A6"])
    text = timeline.view.tooltip_at(QPointF(_point(timeline, "A6", dx=20)))
    assert text.startswith("raw2root keep-up\nPaola Buitrago · NOvA · A6")
    assert "Runs past Paola Buitrago's contract end (2016-07-01): held by Michele Fattoruso then nobody named" in text
    michele = timeline.scene.row_of(window.document.plan.find_person("Michele Fattoruso"))
    ghost = next(g for g in timeline.data.people[michele.key].ghosts)
    pos = timeline.view.mapFromScene(QPointF(ghost.x0 + 30, michele.y + layout.lane_y(ghost.lane) + 5))
    assert timeline.view.tooltip_at(QPointF(pos)).startswith("Michele Fattoruso holds Paola Buitrago's duties")
    strip = timeline.view.mapFromScene(QPointF(timeline.data.x(date(2016, 10, 1)),
                                               michele.y + layout.strip_y(timeline.data.people[michele.key].lanes) + 2))
    assert "130% over capacity" in timeline.view.tooltip_at(QPointF(strip))


def test_click_a_group_in_the_names_column_folds_it(window) -> None:
    timeline = window.timeline
    names = timeline.view.names
    opos = next(r for r in timeline.scene.rows if r.kind == "group" and r.key == "OPOS")
    y = int(opos.y - timeline.view.mapToScene(0, 0).y() + 5)
    QTest.mouseClick(names, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, y))
    assert "OPOS" in timeline.scene.collapsed and not timeline.scene.bar_items["A20"].isVisible()
    timeline.select_assignments(["A20"])  # selecting a folded duty unfolds its group
    assert "OPOS" not in timeline.scene.collapsed and timeline.scene.bar_items["A20"].isVisible()


def test_escape_cancels_a_drag(window) -> None:
    timeline = window.timeline
    timeline.set_level("weeks")
    timeline.select_assignments(["A28"])
    viewport = timeline.view.viewport()
    start = _point(timeline, "A28", dx=60)
    before = timeline.scene.bar_rect("A28")
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(100, 0))
    assert timeline.scene.bar_rect("A28") != before
    QTest.keyClick(timeline.view, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(100, 0))
    assert timeline.scene.bar_rect("A28") == before and window.document.undo_stack.count() == 0


def test_a_refused_drop_is_reported_and_changes_nothing(qtbot, window) -> None:
    from effortplanner.gui.timeline.drag import Drop

    with qtbot.waitSignal(window.document.refused) as refused:
        assert window.timeline.apply_drop(Drop("A6", date(2016, 9, 1), None, "Somebody Unknown")) is None
    assert "unknown person 'Somebody Unknown'" in refused.args[0]
    assert window.document.undo_stack.count() == 0
    assert pd.isna(window.document.plan.assignments.at["A6", "start"])  # the date part was rolled back too


def test_screenshot_of_the_timeline_tab(tmp_path) -> None:
    import os
    import subprocess
    import sys

    out = tmp_path / "timeline.png"
    result = subprocess.run([sys.executable, "-m", "effortplanner", "--screenshot", str(out), "--tab", "timeline"],
                            capture_output=True, text=True, timeout=180,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
                                 "XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() == 1400
