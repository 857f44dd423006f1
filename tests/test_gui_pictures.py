"""What the pictures show: the People tab's rows and the status bar's counts in a screenshot,
the timeline's bars, and a whole-plan export against the visible part. Plus a refused edit
that leaves the plan and the change log as they were."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
from PySide6.QtGui import QColor, QImage

from effortplanner.core import edits
from effortplanner.gui import app
from effortplanner.gui.timeline import export
from tests.gui_helpers import make_window, shown_on


def _row_backgrounds(image: QImage, x0: int, x1: int, y0: int, y1: int) -> list[int]:
    """The most common colour of each pixel line (a table row's background where it has text)."""
    out = []
    for y in range(y0, y1):
        counts = Counter(image.pixel(x, y) for x in range(x0, x1, 3))
        out.append(counts.most_common(1)[0][0])
    return out


def test_the_people_screenshot_shows_19_rows_and_the_counts(qtbot, seed_plan, tmp_path) -> None:
    plan = seed_plan.copy()
    plan.settings.as_of = date(2016, 3, 30)  # what the sample plan opens with
    window = make_window(qtbot, plan, tmp_path)
    out = tmp_path / "people.png"
    assert app._screenshot(None, window, str(out), "people") == 0
    image = QImage(str(out))
    view = window.pages["people"].view
    top = view.viewport().mapTo(window, view.viewport().rect().topLeft())
    base, alternate = (view.palette().color(role).rgb() for role in (view.palette().ColorRole.Base,
                                                                      view.palette().ColorRole.AlternateBase))
    lines = _row_backgrounds(image, top.x() + 5, top.x() + view.viewport().width() - 5, top.y(),
                             top.y() + view.viewport().height())
    bands = [colour for i, colour in enumerate(lines) if i == 0 or colour != lines[i - 1]]
    # 19 rows drawn: base and alternate stripes take turns, 10 plain and 9 shaded, then the empty area.
    stripes = [c for c in bands if c in (base, alternate)]
    assert stripes[:19] == [base, alternate] * 9 + [base]
    assert window.status.text() == ("<a href='settings'>As of 2016-03-30 · horizon 2017-09-30</a> · 19 people · "
                                    "35 assignments · 42 flags (1 error) · not saved")


def test_the_timeline_screenshot_shows_every_duty_as_a_bar(qtbot, seed_plan, tmp_path) -> None:
    plan = seed_plan.copy()
    plan.settings.as_of = date(2016, 3, 30)
    window = make_window(qtbot, plan, tmp_path)
    out = tmp_path / "timeline.png"
    assert app._screenshot(None, window, str(out), "timeline") == 0
    scene = window.timeline.scene
    bars = [item for item in scene.items() if item in scene.bars.aid_of]
    assert sorted(scene.bars.aid_of[b] for b in bars) == sorted(plan.assignments.index)
    image = QImage(str(out))
    view = window.timeline.view
    data = scene.data
    matching = shown = 0
    for item in bars:  # a bar on screen has its duty's VO colour in the picture, where it is solid
        i = data.index[scene.bars.aid_of[item]]
        solid = (data.bars.fade_in[i] + data.bars.fade_out[i]) / 2  # between a fuzzy start and a fading end
        rect = item.sceneBoundingRect()
        spot = view.mapFromScene(solid, rect.top() + 2)
        if not view.viewport().rect().adjusted(5, 0, -5, 0).contains(spot):
            continue
        fill = scene.palette.colour(data.bars.vo[i])
        shown += 1
        for dx in range(-4, 5, 2):  # a label's letters may cover a pixel or two
            pixel = QColor(image.pixel(view.viewport().mapTo(window, spot).x() + dx,
                                       view.viewport().mapTo(window, spot).y()))
            if max(abs(pixel.red() - fill.red()), abs(pixel.green() - fill.green()),
                   abs(pixel.blue() - fill.blue())) < 40:
                matching += 1
                break
    assert shown >= 5 and matching >= 0.8 * shown, (matching, shown)


def test_a_whole_timeline_export_shows_more_than_the_visible_part(qtbot, seed_plan, tmp_path) -> None:
    plan = seed_plan.copy()
    plan.settings.as_of = date(2016, 3, 30)
    window = make_window(qtbot, plan, tmp_path)
    timeline = shown_on(qtbot, window, "timeline")
    timeline.set_level("weeks")  # 16 px a day: the view shows a few months of the plan
    whole = QImage(str(timeline.export_png(tmp_path / "whole.png", whole=True)))
    visible = QImage(str(timeline.export_png(tmp_path / "visible.png", whole=False)))  # drawn at 2x
    v0, v1, *_rest = export.extent(timeline, whole=False)
    w0, w1, *_rest = export.extent(timeline, whole=True)
    x0, x1, _y0, _y1 = timeline.view.visible_span()
    assert (v0, v1) == (x0, x1)  # the visible part is what the view shows...
    assert w0 < v0 - 60 or w1 > v1 + 60  # ...the whole plan reaches well beyond it
    assert whole.width() > visible.width() / 2 + 2000 and whole.height() > visible.height() / 2


def test_a_refused_edit_leaves_the_plan_and_the_change_log_unchanged(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    document = window.document
    document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "fte", 0.4), note="first")
    before, revision = document.plan.copy(), document.plan.revision
    log = list(document.scenarios.current.log)
    refusals: list[str] = []
    document.refused.connect(refusals.append)
    assert document.edit(lambda plan: edits.set_values(plan, [("assignments", "A2", "fte", 0.3),
                                                              ("assignments", "A3", "end", "not a date at all")])) is None
    assert refusals and "not a date" in refusals[0]
    for table in before.tables:
        pd.testing.assert_frame_equal(document.plan.tables[table], before.tables[table])
    assert document.plan.revision == revision and document.scenarios.current.log == log
    assert document.undo_stack.count() == 1
