"""Timeline filter by group, VO, person and text; legend entries toggle VOs; Ctrl+F finds on the timeline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui_helpers import make_window


def _shown(timeline) -> dict[str, list[str]]:
    data = timeline.scene.data
    return {p.name: [data.bars.duty[i] for i in p.bars] for p in data.people.values()}


@pytest.fixture
def window(qtbot, seed_plan, tmp_path):
    """The window shown on its Timeline tab."""
    shown = make_window(qtbot, seed_plan, tmp_path)
    shown.show()
    qtbot.waitExposed(shown)
    shown.show_tab("timeline")
    return shown


def test_filter_by_group_vo_and_text(window, seed_plan) -> None:
    timeline = window.timeline
    bar = timeline.filter_bar
    everyone = _shown(timeline)
    assert len(everyone) >= 19
    bar.group.setCurrentIndex(bar.group.findData("OPOS"))
    bar.group.activated.emit(bar.group.currentIndex())
    opos = _shown(timeline)
    assert set(opos) == {p for p, g in zip(seed_plan.people["name"], seed_plan.people["group"]) if g == "OPOS"}
    bar.vo.setCurrentIndex(bar.vo.findData("NOvA"))
    bar.vo.activated.emit(bar.vo.currentIndex())
    data = timeline.scene.data
    assert all(data.bars.vo[i] == "NOvA" for p in data.people.values() for i in p.bars)
    assert "of" in bar.count.text()
    bar.reset()
    assert _shown(timeline) == everyone and bar.count.text() == ""
    bar.text.setText("keep")  # a duty text: only rows holding such duties, only those bars
    found = _shown(timeline)
    assert found and all(all("keep" in d.lower() for d in duties) for duties in found.values())
    bar.text.setText("vito")  # a person's name: their whole row
    assert set(_shown(timeline)) == {"Vito Di Benedetto"}
    assert _shown(timeline)["Vito Di Benedetto"] == everyone["Vito Di Benedetto"]
    bar.reset()


def test_legend_toggles_a_vo_and_ctrl_f_finds_on_the_timeline(qtbot, window) -> None:
    timeline = window.timeline
    legend = timeline.legend
    assert "hatched" in legend.toolTip().lower()
    from effortplanner.gui.timeline.legend import legend_layout

    x, y, kind, text, _ = legend_layout(max(legend.width(), 100), legend.palette_, legend.vos)[0]
    assert kind == "vo" and legend.vo_at(x + 3, y + 5) == legend.vos[0]
    hidden = legend.vos[0]
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=legend.rect().topLeft() + _point(x + 3, y + 5))
    data = timeline.scene.data
    assert hidden in timeline.filter_bar.rule.hidden_vos
    assert not any(data.bars.vo[i] == hidden for p in data.people.values() for i in p.bars)
    timeline.filter_bar.toggle_vo(hidden)
    assert any(timeline.scene.data.bars.vo[i] == hidden for p in timeline.scene.data.people.values() for i in p.bars)
    window.activateWindow()
    qtbot.waitActive(window)
    window.actions_["find"].trigger()
    assert window.tabs.currentWidget() is timeline
    qtbot.waitUntil(timeline.filter_bar.text.hasFocus)


def _point(x: float, y: float):
    from PySide6.QtCore import QPoint

    return QPoint(int(x), int(y))


def test_a_bar_label_keeps_clear_of_a_contract_end_tag() -> None:
    from effortplanner.gui.timeline.labels import clear_of_tags

    # Qiulan: the label starts at the as-of date, the "ends 1 Apr 2016" tag just after it: go past the tag.
    assert clear_of_tags(0.0, 500.0, [(4.0, 90.0)], 1.0) == (90.0, 500.0)
    # A tag near the end of a long label span: the label stops before it.
    assert clear_of_tags(0.0, 500.0, [(400.0, 480.0)], 1.0) == (0.0, 400.0)
    # A tag elsewhere leaves it alone; scene x and text x differ by k.
    assert clear_of_tags(10.0, 20.0, [(100.0, 150.0)], 2.0) == (10.0, 20.0)


def test_a_month_label_too_wide_for_its_room_is_shortened_not_clipped(qapp) -> None:
    from datetime import date

    from PySide6.QtGui import QFontMetricsF

    from effortplanner.gui.timeline.palette import pixel_font
    from effortplanner.gui.timeline.rulers import _fitting

    metrics = QFontMetricsF(pixel_font(11))
    march = date(2016, 3, 1)
    assert _fitting("Mar 2016", "month", march, 200, metrics) == "Mar 2016"
    assert _fitting("Mar 2016", "month", march, metrics.horizontalAdvance("Mar") + 1, metrics) == "Mar"
    assert _fitting("Mar 2016", "month", march, metrics.horizontalAdvance("M") + 1, metrics) == "M"
    assert _fitting("Mar 2016", "month", march, 1, metrics) == ""


def test_a_filtered_row_collapses_to_the_lanes_its_shown_bars_need(window) -> None:
    from effortplanner.gui.timeline import layout

    timeline = window.timeline
    whole = window.document.analysis.snapshot().timeline
    lanes_before = whole.bars.lane.copy()
    vito = next(p for p in whole.people.values() if p.name == "Vito Di Benedetto")
    timeline.filter_bar.text.setText("monitoring")
    data = timeline.scene.data
    shown = next(p for p in data.people.values() if p.name == "Vito Di Benedetto")
    assert 0 < len(shown.bars) < len(vito.bars) and shown.lanes < vito.lanes
    for person in data.people.values():  # every lane of every row holds a shown bar: none left empty
        used = {int(data.bars.lane[i]) for i in person.bars} | {g.lane for g in person.ghosts}
        assert used == set(range(person.lanes)), person.name
        spans = sorted((float(data.bars.x0[i]), float(data.bars.x1[i]), int(data.bars.lane[i])) for i in person.bars)
        for lane in used:  # and bars of one lane never overlap
            mine = [(a, b) for a, b, k in spans if k == lane]
            assert all(b1 <= a2 for (_a1, b1), (a2, _b2) in zip(mine, mine[1:])), person.name
    row = timeline.scene.row_of(shown.pid)
    assert row is not None and row.height == layout.person_height(shown.lanes)
    assert (whole.bars.lane == lanes_before).all()  # the snapshot the other views share is untouched
    timeline.filter_bar.reset()
    assert next(p for p in timeline.scene.data.people.values() if p.name == "Vito Di Benedetto").lanes == vito.lanes


def test_the_milestones_strip_follows_the_filter(window) -> None:
    """A milestone shows while its owner's row does; one with no owner is the department's and stays,
    unless a text is searched for that its name does not hold."""
    timeline = window.timeline
    bar = timeline.filter_bar

    def strip() -> dict[str, str | None]:
        header_data, _frame = timeline.view.frame()  # what the header paints
        assert header_data is timeline.scene.data
        return {m.mid: m.owner_id for m in header_data.milestones}

    everything = strip()  # the seed's dated milestones: Anna's (P1), Vito's (P2) and the department's
    assert everything == {"M5": "P1", "M6": None, "M7": "P2", "M8": "P1", "M9": "P2", "M10": None, "M13": None}
    bar.group.setCurrentIndex(bar.group.findData("USDC"))  # Anna and Vito (OPOS) are filtered out
    bar.group.activated.emit(bar.group.currentIndex())
    assert strip() == {"M6": None, "M10": None, "M13": None}
    bar.reset()
    assert strip() == everything
    bar.text.setText("vito")  # Vito's row, and the department's milestone that names him
    assert strip() == {"M6": None, "M7": "P2", "M9": "P2"}
    bar.reset()
    narrowed = set()
    for vo in timeline.legend.vos:  # by VO: an owner's milestones go with the owner's row
        bar.vo.setCurrentIndex(bar.vo.findData(vo))
        bar.vo.activated.emit(bar.vo.currentIndex())
        rows = set(timeline.scene.data.people)
        assert strip() == {m: o for m, o in everything.items() if o is None or o in rows}
        narrowed |= set(everything) - set(strip())
    assert narrowed  # some VO filtered an owner out
    bar.reset()
    assert strip() == everything
