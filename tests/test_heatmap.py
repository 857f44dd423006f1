"""The load view's cells (analysis.heatmap) against load worked out by hand and by analysis.load."""

from __future__ import annotations

from datetime import date

import pytest

from effortplanner.analysis.heatmap import DEPARTMENT, committed_vs_capacity, heatmap
from effortplanner.analysis.load import aggregate_load
from tests.test_load import make_plan


def hand_plan():
    """Ann (USDC) 60% + 60% from April; Bob (SDPS) 20% ends in May; Cy (USDC) leaves end of June, no FTE given."""
    plan = make_plan(
        people=[{"name": "Ann Ames", "group": "USDC"}, {"name": "Bob Barr", "group": "SDPS"},
                {"name": "Cy Cole", "group": "USDC", "contract_end": "2016-06-30"}],
        assignments=[
            {"person": "Ann Ames", "duty": "keep-up", "vo": "NOvA", "fte": 0.6, "start": "2016-04-01"},
            {"person": "Ann Ames", "duty": "monitoring", "vo": "DUNE", "fte": 0.6, "start": "2016-04-01"},
            {"person": "Bob Barr", "duty": "tape", "vo": "MINOS+", "fte": 0.2, "end": "2016-05-31"},
            {"person": "Cy Cole", "duty": "raw2root", "vo": "NOvA", "cadence": "daily"},
        ],
        as_of=date(2016, 4, 1), cadence_fte={"daily": 0.2})
    plan.settings.horizon = date(2016, 12, 31)
    return plan


def test_cells_are_grouped_and_worked_out_by_hand() -> None:
    plan = hand_plan()
    result = heatmap(plan, "M")
    names = list(result.people["name"])
    assert names == ["Bob Barr", "Ann Ames", "Cy Cole"]  # SDPS, then USDC; by name within a group
    fte, state = result.grid("fte"), result.grid("state")
    ann, bob, cy = (plan.people.index[plan.people["name"] == n][0] for n in ("Ann Ames", "Bob Barr", "Cy Cole"))
    assert fte.at[ann, "2016-04"] == pytest.approx(1.2) and state.at[ann, "2016-04"] == "over"
    assert fte.at[bob, "2016-05"] == pytest.approx(0.2) and state.at[bob, "2016-05"] == "low"
    assert fte.at[bob, "2016-06"] == 0 and state.at[bob, "2016-06"] == "low"
    assert fte.at[cy, "2016-05"] == pytest.approx(0.2) and result.grid("estimated").at[cy, "2016-05"]
    assert state.at[cy, "2016-08"] == "away"  # gone: no capacity, not "under half"
    assert list(result.periods["period"])[:2] == ["2016-04", "2016-05"] and len(result.periods) == 9


@pytest.mark.parametrize("freq", ["W", "M", "Q", "FY"])
def test_cells_equal_the_load_analysis(freq) -> None:
    plan = hand_plan()
    result = heatmap(plan, freq)
    expected = aggregate_load(plan, freq, "person").set_index(["person", "period"])
    cells = result.cells.set_index(["person", "period"])
    assert len(cells) == len(expected)
    for column in ("fte", "estimated_fte", "capacity"):
        assert cells[column].reindex(expected.index).to_numpy() == pytest.approx(expected[column].to_numpy(),
                                                                                   nan_ok=True)


def test_the_duties_behind_a_cell() -> None:
    plan = hand_plan()
    result = heatmap(plan, "M")
    ann = plan.people.index[plan.people["name"] == "Ann Ames"][0]
    assert set(result.duties(ann, "2016-04")["duty"]) == {"keep-up", "monitoring"}
    bob = plan.people.index[plan.people["name"] == "Bob Barr"][0]
    assert list(result.duties(bob, "2016-05")["duty"]) == ["tape"]
    assert result.duties(bob, "2016-07").empty
    assert result.duties(bob, "no such period").empty


def test_committed_against_capacity_by_month_for_the_department_and_each_group() -> None:
    plan = hand_plan()
    frame = committed_vs_capacity(plan)
    april = frame[frame["period"] == "2016-04"].set_index("group")
    assert set(april.index) == {DEPARTMENT, "USDC", "SDPS"}
    assert april.at["USDC", "fte"] == pytest.approx(1.4)
    assert april.at[DEPARTMENT, "fte"] == pytest.approx(1.6)
    assert april.at[DEPARTMENT, "capacity"] == pytest.approx(3.0)
    assert frame[(frame["group"] == "USDC") & (frame["period"] == "2016-08")]["capacity"].iloc[0] == \
        pytest.approx(1.0)


# --- the Load tab ------------------------------------------------------------------------------
def test_the_load_tab_shows_the_cells_and_a_click_selects_the_duties(qtbot, tmp_path) -> None:
    from PySide6.QtCore import Qt

    from tests.gui_helpers import make_window

    plan = hand_plan()
    window = make_window(qtbot, plan, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    window.show_tab("load")
    view = window.load_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    model = view.model
    headers = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert headers == ["SDPS", "Bob Barr", "USDC", "Ann Ames", "Cy Cole"]  # a header row per group
    ann = window.document.plan.people.index[window.document.plan.people["name"] == "Ann Ames"][0]
    index = model.index(model.row_of_person(ann), 0)
    assert model.data(index) == "120%" and model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == \
        "#f4b183"
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "over capacity" in tip and "keep-up" in tip and "monitoring" in tip
    cy = model.index(model.row_of_person(window.document.plan.people.index[2]), 1)
    assert model.data(cy).endswith("~")  # estimated FTE marked
    with qtbot.waitSignal(view.dutiesChosen) as chosen:
        view._clicked(index)
    assert len(chosen.args[0]) == 2
    assert sorted(window.pages["assignments"].selected_ids()) == sorted(chosen.args[0])
    assert window.tabs.currentWidget() is view  # selecting does not jump to another tab
    assert view.chart.chart().series() and view.group.itemText(0) == "Department"
    view.period.setCurrentIndex(view.period.findData("Q"))
    assert model.headerData(0, Qt.Orientation.Horizontal).startswith("FY16")
    # An edit shows in the heatmap: Ann's second duty drops to 20%.
    aid = window.document.plan.assignments.index[1]
    window.document.set_value("assignments", aid, "fte", "20%")
    view.period.setCurrentIndex(view.period.findData("M"))
    qtbot.waitUntil(lambda: model.data(model.index(model.row_of_person(ann), 0)) == "80%")
