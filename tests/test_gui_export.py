"""File › Export to Excel…: the dialog chooses the scenario, as-of and horizon; a scenario's workbook names it."""

from __future__ import annotations

from datetime import date

import openpyxl

from effortplanner.core import edits, staffing
from effortplanner.io.review_names import review_file_name
from tests.gui_helpers import make_window


def test_suggested_names_are_short() -> None:
    day = date(2016, 3, 30)
    assert review_file_name("activities.xlsx, appendix_ii.xlsx, people.xlsx", day) == \
        "activities review 2016-03-30.xlsx"
    assert review_file_name("OPOS plan.effortplan", day, "Michele takes Paola") == \
        "OPOS plan Michele takes Paola review 2016-03-30.xlsx"
    assert review_file_name("a/b:c", day) == "a-b-c review 2016-03-30.xlsx"


def test_the_export_dialog_writes_the_chosen_scenario_and_names_it(qtbot, seed_plan, tmp_path) -> None:
    from PySide6.QtCore import QDate

    window = make_window(qtbot, seed_plan, tmp_path, path=tmp_path / "OPOS plan.effortplan")
    document = window.document
    document.scenario_action(lambda s: s.create("Michele takes Paola"))
    document.edit(lambda plan: staffing.reassign(plan, ["A12"], "Vito Di Benedetto"))
    document.switch("Baseline")
    window.actions_["export"].trigger()
    dialog = window.export_dialog
    assert dialog.isVisible() and dialog.scenario.currentText() == "Baseline"
    assert dialog.suggested_path().name.startswith("OPOS plan review ")
    dialog.scenario.setCurrentText("Michele takes Paola")
    assert "not the baseline" in dialog.note.text()
    dialog.as_of.setDate(QDate(2016, 4, 1))
    assert dialog.suggested_path().name == "OPOS plan Michele takes Paola review 2016-04-01.xlsx"
    out = tmp_path / dialog.suggested_path().name
    assert dialog.export_to(out)
    dialog.accept()
    dialog.wait()  # written off the GUI thread
    book = openpyxl.load_workbook(out)
    label = "Scenario: Michele takes Paola — not the baseline"
    assert label in book["Summary"]["A1"].value and book["Summary"]["B2"].value.date() == date(2016, 4, 1)
    assert all(label in sheet.oddHeader.left.text for sheet in book.worksheets)
    sheet = book["Assignments"]
    people = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)}
    assert people["A12"] == "Vito Di Benedetto"  # the scenario's plan, not the active baseline
    assert document.scenarios.active == "Baseline"


def test_the_stated_total_is_in_the_workbook_and_read_back(seed_plan, tmp_path) -> None:
    from effortplanner.io.importer import import_files
    from effortplanner.io.review_report import export_review

    out = tmp_path / "review.xlsx"
    export_review(out, seed_plan)
    sheet = openpyxl.load_workbook(out)["Activities"]
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[1] == "Total" and 1.7 in last and 3 in last  # the proposal's stated totals, for reviewers
    back = import_files([out])
    assert len(back.activities) == len(seed_plan.activities)  # a stated total, not an activity
    totals = {(n.field, n.value) for n in back.notes if n.kind == "total"}
    assert totals == {("fte_required", "1.7"), ("interns_required", "3")}


def test_the_export_reuses_the_windows_analysis_of_the_plan_as_shown(qtbot, seed_plan, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QDate

    from effortplanner.io import review_report

    plan = seed_plan.copy()
    plan.touch()  # a revision of its own: no snapshot cached by another test (with its own dates) serves it
    window = make_window(qtbot, plan, tmp_path)
    shown = window.document.analysis.snapshot()  # the window's analysis of this revision
    built: list[object] = []
    real = review_report.build
    monkeypatch.setattr(review_report, "build", lambda *a, **k: built.append(a) or real(*a, **k))
    window.actions_["export"].trigger()
    dialog = window.export_dialog
    assert dialog.export_to(tmp_path / "same.xlsx")
    dialog.wait()
    assert built == []  # written from the window's flags and load, not analysed again
    flags = openpyxl.load_workbook(tmp_path / "same.xlsx")["Flags"]
    assert flags.max_row - 1 == len(shown.flags) > 0
    dialog.as_of.setDate(QDate(2016, 4, 1))  # another window of time: analysed for it
    assert dialog.export_to(tmp_path / "other.xlsx")
    dialog.accept()
    dialog.wait()
    assert len(built) == 1
