"""Plan settings: one undoable edit in the core, the dialog, and the status bar's link to it."""

from __future__ import annotations

from datetime import date

import pytest

from effortplanner.core import edits
from effortplanner.core.edits import EditError
from effortplanner.core.settings_edit import set_settings


def test_a_settings_change_is_one_undoable_edit(seed_plan) -> None:
    plan = seed_plan.copy()
    before = (plan.settings.as_of, plan.settings.horizon, dict(plan.settings.cadence_fte))
    change = set_settings(plan, {"as_of": date(2016, 6, 1), "horizon": date(2018, 9, 30),
                                 "cadence_fte": {**plan.settings.cadence_fte, "daily": 0.3}})
    assert plan.settings.as_of == date(2016, 6, 1) and plan.settings.cadence_fte["daily"] == 0.3
    assert "as-of date" in change.description and len(change.ops) == 1
    edits.undo(plan, change)
    assert (plan.settings.as_of, plan.settings.horizon, dict(plan.settings.cadence_fte)) == before
    edits.apply(plan, change)
    assert plan.settings.horizon == date(2018, 9, 30)
    assert not set_settings(plan, {"as_of": date(2016, 6, 1)})  # nothing differs: no change


@pytest.mark.parametrize(("changes", "reason"), [
    ({"horizon": date(2015, 1, 1), "as_of": date(2016, 1, 1)}, "before the as-of date"),
    ({"fy_start_month": 2, "fy_start_day": 30}, "cannot start on day 30"),
    ({"hours_per_month": 0}, "between 1 and 744"),
    ({"cadence_fte": {"daily": 3}}, "between 0 and 1.5"),
    ({"dayfirst": True}, "not a plan setting"),
])
def test_impossible_settings_are_refused_with_the_reason(seed_plan, changes, reason) -> None:
    plan = seed_plan.copy()
    with pytest.raises(EditError, match=reason):
        set_settings(plan, changes)


def test_a_settings_change_survives_the_change_log(seed_plan) -> None:
    from effortplanner.io.scenario_file import change_from_json, change_to_json

    plan = seed_plan.copy()
    change = set_settings(plan, {"as_of": date(2016, 6, 1), "cadence_fte": {"daily": 0.25}})
    again = change_from_json(change_to_json(change))
    other = seed_plan.copy()
    edits.apply(other, again)
    assert other.settings.as_of == date(2016, 6, 1) and other.settings.cadence_fte == {"daily": 0.25}


def test_the_dialog_applies_as_one_undo_step_and_the_flags_follow(qtbot, seed_plan, tmp_path) -> None:
    from PySide6.QtCore import QDate

    from tests.gui_helpers import make_window

    window = make_window(qtbot, seed_plan, tmp_path)
    window.flags.recompute()
    before_flags = [f.message for f in window.flags.all_flags]
    window.status.linkActivated.emit("settings")  # clicking the as-of/horizon text opens the dialog
    dialog = window.settings_dialog
    assert dialog.isVisible()
    dialog.as_of.auto.setChecked(False)
    dialog.as_of.edit.setDate(QDate(2017, 3, 1))
    dialog.horizon.auto.setChecked(False)
    dialog.horizon.edit.setDate(QDate(2018, 9, 30))
    dialog.cadence["daily"].setValue(30.0)
    dialog.apply()
    assert not dialog.isVisible()
    plan = window.document.plan
    assert plan.settings.as_of == date(2017, 3, 1) and plan.settings.cadence_fte["daily"] == pytest.approx(0.3)
    assert window.document.undo_stack.count() == 1
    assert "As of 2017-03-01 · horizon 2018-09-30" in window.status.text()
    qtbot.waitUntil(lambda: [f.message for f in window.flags.all_flags] != before_flags)
    window.document.undo_stack.undo()
    assert plan.settings.as_of == seed_plan.settings.as_of
    assert plan.settings.cadence_fte["daily"] == seed_plan.settings.cadence_fte["daily"]
    qtbot.waitUntil(lambda: [f.message for f in window.flags.all_flags] == before_flags)


def test_the_dialog_keeps_a_refusal_open_with_its_reason(qtbot, seed_plan, tmp_path) -> None:
    from PySide6.QtCore import QDate

    from tests.gui_helpers import make_window

    window = make_window(qtbot, seed_plan, tmp_path)
    window.actions_["plan_settings"].trigger()
    dialog = window.settings_dialog
    dialog.as_of.auto.setChecked(False)
    dialog.as_of.edit.setDate(QDate(2019, 1, 1))
    dialog.horizon.auto.setChecked(False)
    dialog.horizon.edit.setDate(QDate(2018, 1, 1))
    dialog.apply()
    assert dialog.isVisible() and "before the as-of date" in dialog.error.text()
    assert window.document.undo_stack.count() == 0
    dialog.reject()
