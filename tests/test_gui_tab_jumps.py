"""Actions do not jump to another tab unless asked (issue 12, Deliver 8).

Edits, undo, scenario switches, saves, imports, the alias merge, plan settings, Find and
Reassign leave the user on the tab they are on; asking for a place (a flag's Show, the View
menu's tabs, the load view's "select these duties") still goes there.
"""

from __future__ import annotations

import json
from datetime import date
from hashlib import sha1

import pytest

from effortplanner.core import edits
from effortplanner.core.settings_edit import set_settings
from effortplanner.io.planfile import save_plan
from tests.gui_helpers import make_window

TABS = ("people", "assignments", "activities", "milestones", "timeline", "load", "notes")


def _pid(plan, name: str) -> str:
    return str(plan.people.index[plan.people["name"] == name][0])


@pytest.mark.parametrize("tab", TABS)
def test_edits_undo_scenarios_and_merges_stay_on_the_tab(qtbot, seed_plan, tmp_path, tab) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    window.show_tab(tab)
    shown = window.tabs.currentWidget()
    document = window.document
    document.edit(lambda plan: edits.set_value(plan, "assignments", "A1", "vo", "DUNE"))
    document.edit(lambda plan: edits.set_value(plan, "people", "P1", "role", "Lead"))
    document.undo_stack.undo()
    document.undo_stack.redo()
    document.edit(lambda plan: edits.set_value(plan, "people", "P1", "contract_end", "no such date"))  # refused
    document.scenario_action(lambda s: s.create("What if"))
    document.switch("Baseline")
    window.alias_actions.merge(_pid(document.plan, "Filipe"), _pid(document.plan, "Felipe Alba")).merge()
    window.alias_actions.not_same(_pid(document.plan, "Tyler"), _pid(document.plan, "Taylor Propp"))
    document.edit(lambda plan: set_settings(plan, {"as_of": date(2016, 4, 1)}))  # Plan Settings
    qtbot.wait(50)
    assert window.tabs.currentWidget() is shown
    document.set_clean()


def test_saving_and_importing_do_not_move_the_user(qtbot, seed_plan, sample_files, tmp_path) -> None:
    """A save changes the plan's name, and a tab was once remembered under that name: stay anyway."""
    path = tmp_path / "plan.effortplan"
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show_tab("timeline")
    window.session.remember()
    window.files._save_to(path)
    window.files.wait()
    window.show_tab("load")  # remembered for plan.effortplan: Load
    window.files._save_to(tmp_path / "copy.effortplan")
    window.files.wait()
    window.show_tab("people")
    window.files._save_to(path)  # back to the first name, whose remembered tab was Load
    window.files.wait()
    assert window.tabs.currentWidget() is window.pages["people"]
    # An import into the open plan (one undo step) renames it; a tab was once remembered under that name.
    once = "session/" + sha1(f"untitled:{sample_files[1].name}".encode()).hexdigest()[:16]
    window.settings.store.setValue(once, json.dumps({"tab": "Timeline"}))
    window.files.open_paths([sample_files[1]], ask=False)
    window.files.wait()
    assert window.document.path is None and window.session.key() == once
    assert window.tabs.currentWidget() is window.pages["people"]


def test_reopening_still_returns_to_the_tab(qtbot, seed_plan, tmp_path) -> None:
    path = tmp_path / "plan.effortplan"
    save_plan(path, seed_plan)
    window = make_window(qtbot, seed_plan, tmp_path)
    window.files.open_paths([path], ask=False)
    window.files.wait()
    window.show_tab("milestones")
    window.files.new_plan()
    window.show_tab("people")
    window.files.open_paths([path], ask=False)  # asked: a reopen comes back to where the user was
    window.files.wait()
    assert window.tabs.currentWidget() is window.pages["milestones"]


def test_find_stays_on_the_tab_shown(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    for tab, field in (("load", None), ("notes", window.notes.filter), ("people", window.pages["people"].filter),
                       ("timeline", None)):
        window.show_tab(tab)
        shown = window.tabs.currentWidget()
        window.actions_["find"].trigger()
        assert window.tabs.currentWidget() is shown
        if field is not None:
            qtbot.waitUntil(field.hasFocus)
    window.show_tab("load")
    window.actions_["find"].trigger()
    assert "Find works in" in window.statusBar().currentMessage()


def test_reassign_uses_the_selection_shown_and_stays(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    asked: list[list[str]] = []
    from effortplanner.gui import staffing_dialogs

    monkeypatch.setattr(staffing_dialogs, "open_reassign", lambda _doc, ids, _parent: asked.append(list(ids)))
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    window.show_tab("people")
    window.pages["assignments"].select_id("A3")  # a selection on a tab the user is not looking at
    window.actions_["reassign"].trigger()
    assert asked == [] and window.tabs.currentWidget() is window.pages["people"]
    assert "Select duties" in window.statusBar().currentMessage()
    window.show_tab("timeline")
    window.timeline.select_assignments(["A5", "A6"], scroll=False)
    qtbot.waitUntil(lambda: set(window.timeline.selected_ids()) == {"A5", "A6"})
    window.actions_["reassign"].trigger()
    assert [sorted(a) for a in asked] == [["A5", "A6"]] and window.tabs.currentWidget() is window.timeline
    window.show_tab("assignments")
    window.pages["assignments"].select_id("A3")
    window.actions_["reassign"].trigger()
    assert asked[-1] == ["A3"] and window.tabs.currentWidget() is window.pages["assignments"]
    window.show_tab("load")
    window.select_duties(["A7", "A8"])  # what a click on a Load cell does
    window.actions_["reassign"].trigger()
    assert sorted(asked[-1]) == ["A7", "A8"] and window.tabs.currentWidget() is window.load_view


def test_jumps_the_user_asks_for_still_happen(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    window.show_tab("load")
    window.flags.recompute()
    qtbot.waitUntil(lambda: window.document.analysis.current() is not None)
    flag = next(f for f in window.document.analysis.current().flags if f.duty)
    window.show_flag(flag)  # a flag's Show (double-click): the duty it is about
    assert window.tabs.currentWidget() is window.pages["assignments"]
    assert window.pages["assignments"].selected_ids() == [flag.duty]
    window.show_tab("people")
    menu = window.alias_actions.menu_for(flag)  # right-click the flag
    next(a for a in menu.actions() if a.text() == "Show on Timeline").trigger()
    assert window.tabs.currentWidget() is window.timeline
    qtbot.waitUntil(lambda: flag.duty in window.timeline.selected_ids())
    next(a for a in window.alias_actions.menu_for(flag).actions() if a.text() == "Show in Table").trigger()
    assert window.tabs.currentWidget() is window.pages["assignments"]
    window.actions_["tab_4"].trigger()  # View › Timeline
    assert window.tabs.currentWidget() is window.timeline
    window.show_tab("load")
    window.select_duties(["A1", "A2"])  # the load view's "select these duties" stays on the load view
    assert window.tabs.currentWidget() is window.load_view

